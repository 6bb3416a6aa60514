/**
 * Invariants of the vortex-control task (MODELS.md section 5,
 * docs/theory/control.md): the reward is smooth and strictly monotone toward
 * the target for any target and weights in range, its penalties are never
 * positive and its components sum to it; every observation is finite, inside
 * the observation space, and consistent with the step's metrics.
 */
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { contains } from "../stages/rl/environment.js"
import { controlByName, normalise, type ControlName } from "../stages/rl/envs/vortex-control/controls.js"
import {
  controlEffort,
  reward,
  type RewardWeights,
  trackingLipschitz,
  trackingReward,
  trackingSlope,
} from "../stages/rl/envs/vortex-control/reward.js"
import { testEnvironment } from "../stages/rl/envs/vortex-control/testing.js"

const density = fc.double({ min: 0, max: 1, noNaN: true })
const weightsArb: fc.Arbitrary<RewardWeights> = fc.record({
  trackingScale: fc.double({ min: 1e-3, max: 1, noNaN: true }),
  trackingWeight: fc.double({ min: 1e-2, max: 1000, noNaN: true }),
  effortWeight: fc.double({ min: 0, max: 1000, noNaN: true }),
  instabilityWeight: fc.double({ min: 0, max: 1000, noNaN: true }),
  divergencePenalty: fc.double({ min: 0, max: 1e6, noNaN: true }),
  divergenceNorm: fc.double({ min: 1e-3, max: 1e12, noNaN: true }),
})
const effortArb = fc.double({ min: 0, max: 1, noNaN: true })
const normFraction = fc.double({ min: 0, max: 1, noNaN: true })

describe("reward", () => {
  it("is continuous and differentiable in the density: Lipschitz with the stated bound, slope equal to the difference quotient", () => {
    fc.assert(
      fc.property(density, density, density, weightsArb, (d1, d2, target, weights) => {
        const bound = trackingLipschitz(weights)
        expect(Math.abs(trackingReward(d1, target, weights) - trackingReward(d2, target, weights))).toBeLessThanOrEqual(bound * Math.abs(d1 - d2) * (1 + 1e-9) + 1e-12 * weights.trackingWeight)
        // Central difference, error O(h²) times the third derivative, |f'''| <= 3 w / σ³.
        const h = 1e-4 * weights.trackingScale
        const quotient = (trackingReward(d1 + h, target, weights) - trackingReward(d1 - h, target, weights)) / (2 * h)
        const slope = trackingSlope(d1, target, weights)
        expect(Math.abs(quotient - slope)).toBeLessThanOrEqual((weights.trackingWeight / weights.trackingScale) * 1e-6)
        expect(Math.abs(slope)).toBeLessThanOrEqual(bound * (1 + 1e-12))
      }),
      { numRuns: 500 },
    )
  })

  it("rises strictly as |density - target| falls, for any target, weights, effort and norm in range", () => {
    fc.assert(
      fc.property(density, density, density, weightsArb, effortArb, normFraction, (d1, d2, target, weights, effort, fraction) => {
        const e1 = Math.abs(d1 - target) / weights.trackingScale
        const e2 = Math.abs(d2 - target) / weights.trackingScale
        fc.pre(e2 - e1 >= 1e-3 * (1 + e2))
        const normPerNode = fraction * weights.divergenceNorm
        const at = (d: number) => reward({ diverged: false, density: d, target, effort, normPerNode }, weights).reward
        expect(at(d1)).toBeGreaterThan(at(d2))
        expect(trackingSlope(d1, target, weights) * (d1 - target)).toBeLessThanOrEqual(0)
      }),
      { numRuns: 1000 },
    )
  })

  it("has a tracking term in (0, w_t], non-positive penalties within their weights, and components that sum to it", () => {
    fc.assert(
      fc.property(density, density, weightsArb, effortArb, normFraction, fc.boolean(), (d, target, weights, effort, fraction, diverged) => {
        const input = diverged
          ? ({ diverged: true, effort } as const)
          : ({ diverged: false, density: d, target, effort, normPerNode: fraction * weights.divergenceNorm } as const)
        const { reward: r, components } = reward(input, weights)
        expect(r).toBe(components.tracking + components.effort + components.instability)
        expect(components.effort).toBeLessThanOrEqual(0)
        expect(components.effort).toBeGreaterThanOrEqual(-weights.effortWeight)
        expect(components.instability).toBeLessThanOrEqual(0)
        if (diverged) {
          expect(components.tracking).toBe(0)
          expect(components.instability).toBe(-weights.divergencePenalty)
        } else {
          expect(components.tracking).toBeGreaterThan(0)
          expect(components.tracking).toBeLessThanOrEqual(weights.trackingWeight)
          expect(components.instability).toBeGreaterThanOrEqual(-weights.instabilityWeight)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it("peaks exactly at the target, at the tracking weight", () => {
    fc.assert(
      fc.property(density, weightsArb, (target, weights) => {
        expect(trackingReward(target, target, weights)).toBe(weights.trackingWeight)
        expect(trackingSlope(target, target, weights)).toBe(-0)
        expect(trackingReward(target + weights.trackingScale, target, weights)).toBeCloseTo(weights.trackingWeight / Math.SQRT2, 9)
      }),
    )
  })

  it("measures control effort in [0, 1]: zero without change, one when every control crosses its range", () => {
    const settings = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.tuple(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n })),
    )
    fc.assert(
      fc.property(settings, ([before, after]) => {
        const effort = controlEffort(before, after)
        expect(effort).toBeGreaterThanOrEqual(0)
        expect(effort).toBeLessThanOrEqual(1)
        expect(controlEffort(before, before)).toBe(0)
        expect(controlEffort(before, before.map((u) => (u < 0 ? 1 : -1)))).toBeLessThanOrEqual(1)
      }),
    )
    expect(controlEffort([-1, 1], [1, -1])).toBe(1)
  })
})

describe("observations", () => {
  const controls: ControlName[] = ["driveAmplitude", "wavenumber", "twistHolonomy", "vortexSeeding", "pairAnnihilation"]
  const environment = testEnvironment({ environment: { controls, episodeLength: 4 } })
  afterAll(async () => (await environment).dispose())

  it("are finite, inside the observation space and consistent with the step's metrics", async () => {
    const env = await environment
    // A 24 × 8 band: 24 columns of 7 faces (the seam closes u, v has two edges).
    const faces = 24 * 7
    const scale = 0.02
    const action = fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: controls.length, maxLength: controls.length })
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(action, { minLength: 4, maxLength: 4 }), async (seed, actions) => {
        const start = env.reset(seed)
        let previous = start.observation[0]!
        for (const a of actions) {
          const { observation: o, info } = env.step(Float64Array.from(a))
          const m = info.metrics!
          expect(o).toHaveLength(env.observationNames.length)
          expect(o.every(Number.isFinite)).toBe(true)
          expect(contains(env.observationSpace, o)).toBe(true)
          expect(o[0]).toBe(m.vortexDensity)
          expect(o[1]).toBe(m.targetDensity)
          expect(o[2]).toBeCloseTo((m.vortexDensity! - m.targetDensity!) / scale, 12)
          expect(o[3]).toBeCloseTo(m.vortexDensity! - previous, 15)
          expect(m.positive! + m.negative!).toBe(Math.round(m.vortexDensity! * faces))
          controls.forEach((name, j) => {
            const c = controlByName(name)
            expect(m[name]).toBeGreaterThanOrEqual(c.min)
            expect(m[name]).toBeLessThanOrEqual(c.max)
            expect(o[8 + j]).toBe(normalise(c, m[name]!))
          })
          previous = o[0]!
        }
      }),
      { numRuns: 8 },
    )
  })
})
