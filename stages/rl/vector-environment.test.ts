/**
 * The vector environment: a batch stepped together, autoreset with the
 * final observation kept, episode bookkeeping, and exact state round trips.
 */
import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { box } from "./environment.js"
import { pendulum } from "./envs/pendulum.js"
import { heldOutSeed, heldOutSeedBase, vectorEnvironment } from "./vector-environment.js"

const torque = (x: number) => Float64Array.of(x)

describe("vectorEnvironment", () => {
  it("steps every environment and resets those whose episode ended, keeping the final observation", () => {
    const envs = vectorEnvironment([pendulum({ maxSteps: 3 }), pendulum({ maxSteps: 5 })], Prng.seeded(2))
    const first = envs.reset()
    expect(first).toHaveLength(2)
    const returns = [0, 0]
    for (let t = 0; t < 15; t++) {
      const before = envs.observations()
      const steps = envs.step([torque(1), torque(-1)])
      steps.forEach((step, i) => {
        const length = i === 0 ? 3 : 5
        expect(step.episode).toBe(Math.floor(t / length))
        expect(step.episodeStep).toBe(t % length)
        returns[i]! += step.reward
        const ended = step.episodeStep === length - 1
        expect(step.truncated).toBe(ended)
        expect(step.episodeReturn).toBe(ended ? returns[i] : null)
        if (ended) {
          returns[i] = 0
          // A new episode: a fresh observation, the final one kept on `observation`.
          expect(step.nextObservation).not.toEqual(step.observation)
        } else {
          expect(step.nextObservation).toBe(step.observation)
        }
        expect(before[i]).not.toBe(step.nextObservation)
      })
      expect(envs.observations()).toEqual(steps.map((s) => s.nextObservation))
    }
  })

  it("continues exactly from its state and the Prng's", () => {
    const make = () => vectorEnvironment([pendulum({ maxSteps: 4 }), pendulum({ maxSteps: 4 })], prng)
    const prng = Prng.seeded(3)
    const a = make()
    a.reset()
    for (let t = 0; t < 6; t++) a.step([torque(0.5), torque(-0.5)])
    const saved = JSON.parse(JSON.stringify(a.state()))
    const prngState = prng.state()
    const expected = Array.from({ length: 7 }, () => a.step([torque(2), torque(-2)]))
    prng.load(prngState)
    const b = make()
    b.load(saved)
    expect(Array.from({ length: 7 }, () => b.step([torque(2), torque(-2)]))).toEqual(expected)
  })

  it("rejects mismatched environments, action counts and states", () => {
    expect(() => vectorEnvironment([], Prng.seeded(1))).toThrow(/at least one environment/)
    const other = { ...pendulum(), actionSpace: box([-1], [1]) }
    expect(() => vectorEnvironment([pendulum(), other], Prng.seeded(1))).toThrow(/environment 1 \(pendulum\) has other spaces/)
    const envs = vectorEnvironment([pendulum()], Prng.seeded(1))
    expect(() => envs.step([torque(0)])).toThrow(/before reset/)
    envs.reset()
    expect(() => envs.step([])).toThrow(/expected 1 actions, got 0/)
    expect(() => envs.load({ ...envs.state(), episodes: [] })).toThrow(/1\/1\/0\/1\/1 entries for 1 environments/)
  })

  it("keeps held-out seeds apart from training seeds", () => {
    expect(heldOutSeed(0)).toBe(heldOutSeedBase)
    expect(heldOutSeed(7)).toBe(heldOutSeedBase + 7)
    expect(() => heldOutSeed(-1)).toThrow(/integer in \[0, 1073741824\)/)
  })
})
