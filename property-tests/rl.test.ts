/**
 * Invariants of the control stages (MODELS.md section 5): the replay buffer
 * holds exactly the last `capacity` transitions and samples only those; the
 * vector environment's autoreset keeps episodes whole and counted; the
 * pendulum's angle wrap and its symplectic (semi-implicit Euler) step, whose
 * modified energy stays constant while explicit Euler's would grow.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Prng } from "../stages/prng.js"
import { normalizeAngle, pendulum } from "../stages/rl/envs/pendulum.js"
import { ReplayBuffer } from "../stages/rl/replay-buffer.js"
import { vectorEnvironment } from "../stages/rl/vector-environment.js"

describe("replay buffer", () => {
  it("holds the last min(added, capacity) transitions and samples only them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 1000 }), (capacity, added, seed) => {
        const buffer = new ReplayBuffer({ capacity, observationSize: 1, actionSize: 1 })
        for (let i = 0; i < added; i++) buffer.add([i], [0], i, [i + 1], false)
        const held = Math.min(added, capacity)
        expect(buffer.size).toBe(held)
        const all = buffer.gather(Int32Array.from({ length: held }, (_, i) => i))
        expect(Array.from(all.rewards).sort((a, b) => a - b)).toEqual(Array.from({ length: held }, (_, i) => added - held + i))
        // Every row is a consistent transition: next = observation + 1.
        all.observations.forEach((o, i) => expect(all.nextObservations[i]).toBe(o + 1))
        const sample = buffer.sample(Prng.seeded(seed), 32)
        for (const r of sample.rewards) {
          expect(r).toBeGreaterThanOrEqual(added - held)
          expect(r).toBeLessThan(added)
        }
        const copy = ReplayBuffer.fromState(buffer.state())
        expect(copy.sample(Prng.seeded(seed), 32)).toEqual(sample)
      }),
    )
  })
})

describe("vector environment autoreset", () => {
  it("episodes are whole: steps count 0..L-1, returns sum their rewards, and the next episode starts at once", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        (lengths, cycles, seed) => {
          const prng = Prng.seeded(seed)
          const envs = vectorEnvironment(lengths.map((maxSteps) => pendulum({ maxSteps })), prng)
          envs.reset()
          const sums = lengths.map(() => 0)
          for (let t = 0; t < cycles; t++) {
            const steps = envs.step(lengths.map(() => Float64Array.of(prng.between(-2, 2))))
            steps.forEach((step, i) => {
              expect(step.episode * lengths[i]! + step.episodeStep).toBe(t)
              sums[i]! += step.reward
              if (step.truncated) {
                expect(step.episodeReturn).toBeCloseTo(sums[i]!, 9)
                sums[i] = 0
              } else {
                expect(step.episodeReturn).toBeNull()
              }
            })
          }
        },
      ),
      { numRuns: 50 },
    )
  })
})

describe("pendulum", () => {
  it("wraps angles into [-π, π) by whole turns, and its cost is 2π-periodic in θ", () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.integer({ min: -5, max: 5 }), (theta, turns) => {
        const wrapped = normalizeAngle(theta)
        expect(wrapped).toBeGreaterThanOrEqual(-Math.PI)
        expect(wrapped).toBeLessThan(Math.PI)
        const k = (theta - wrapped) / (2 * Math.PI)
        expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9)
        const reward = (angle: number) => {
          const env = pendulum()
          env.load({ theta: angle, thetaDot: 0.3, steps: 0, done: false })
          return env.step(Float64Array.of(0.7)).reward
        }
        expect(reward(theta + 2 * Math.PI * turns)).toBeCloseTo(reward(theta), 6)
      }),
    )
  })

  it("unforced, keeps the modified energy ½θ̇² + 15 cos θ + (dt/2) 15 θ̇ sin θ within 0.25 over 5000 steps", () => {
    fc.assert(
      fc.property(fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (theta, thetaDot) => {
        const env = pendulum({ maxSteps: 5000 })
        env.load({ theta, thetaDot, steps: 0, done: false })
        // θ̈ = 15 sin θ conserves H = ½θ̇² + 15 cos θ; the semi-implicit Euler step conserves H + (dt/2)·15 θ̇ sin θ up to O(dt²).
        const modified = (t: number, w: number) => 0.5 * w * w + 15 * Math.cos(t) + 0.025 * 15 * w * Math.sin(t)
        const start = modified(theta, thetaDot)
        for (let i = 0; i < 5000; i++) {
          env.step(Float64Array.of(0))
          const s = env.state() as { theta: number; thetaDot: number }
          // Below the speed limit: the clip never acts, so the dynamics are the pure pendulum's.
          expect(Math.abs(s.thetaDot)).toBeLessThan(8)
          expect(Math.abs(modified(s.theta, s.thetaDot) - start)).toBeLessThan(0.25)
        }
      }),
      { numRuns: 30 },
    )
  })
})
