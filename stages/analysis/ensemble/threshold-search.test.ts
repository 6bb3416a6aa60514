import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { darkFraction } from "./pruning.js"
import { measuresArb } from "./testing.js"
import { searchThreshold } from "./threshold-search.js"

const targetArb = fc.double({ min: 0, max: 1, noNaN: true })

/** The best |f(θ) - target| any threshold reaches: f only changes at a branch's coherence, so θ ∈ {0, 1, C_i} covers every value. */
const bestError = (coherence: Float64Array, mass: Float64Array, target: number): number =>
  Math.min(...[0, 1, ...coherence].map((theta) => Math.abs(darkFraction(coherence, mass, theta) - target)))

describe("searchThreshold", () => {
  it("moves toward the target on a worked example: 10 equal branches, target 0.27 reaches 0.3", () => {
    const coherence = Float64Array.from({ length: 10 }, (_, i) => (i + 1) / 10 - 0.05)
    const mass = new Float64Array(10).fill(1)
    const search = searchThreshold(coherence, mass, 0.27)
    expect(search.darkFraction).toBeCloseTo(0.3, 15)
    expect(search.threshold).toBeGreaterThan(0.25)
    expect(search.threshold).toBeLessThanOrEqual(0.35)
    // From the middle of [0, 1] (f = 0.5, above the target) the next threshold is lower.
    expect(search.steps[2]).toEqual({ threshold: 0.5, darkFraction: 0.5 })
    expect(search.steps[3]!.threshold).toBe(0.25)
  })

  it("every step raises the threshold when the fraction is below the target and lowers it when above", () => {
    fc.assert(
      fc.property(measuresArb, targetArb, ({ coherence, mass }, target) => {
        const steps = searchThreshold(coherence, mass, target).steps.slice(2)
        for (let k = 0; k + 1 < steps.length; k++) {
          const [now, next] = [steps[k]!, steps[k + 1]!]
          if (now.darkFraction < target) expect(next.threshold).toBeGreaterThan(now.threshold)
          else expect(next.threshold).toBeLessThan(now.threshold)
        }
      }),
    )
  })

  it("ends with the fraction nearest the target that any threshold reaches, never farther than a step it tried", () => {
    fc.assert(
      fc.property(measuresArb, targetArb, ({ coherence, mass }, target) => {
        const search = searchThreshold(coherence, mass, target)
        const error = Math.abs(search.darkFraction - target)
        expect(search.darkFraction).toBe(darkFraction(coherence, mass, search.threshold))
        expect(error).toBeCloseTo(bestError(coherence, mass, target), 12)
        for (const step of search.steps) expect(error).toBeLessThanOrEqual(Math.abs(step.darkFraction - target) + 1e-12)
      }),
    )
  })

  it("reaches any target to within the largest branch's mass share when coherences are distinct: a quantile threshold can always hit a reference", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        targetArb,
        (values, seed, target) => {
          const coherence = Float64Array.from(values)
          const mass = Float64Array.from(values, (_, i) => 1 + ((seed >>> i % 31) & 7))
          const total = mass.reduce((a, b) => a + b, 0)
          const search = searchThreshold(coherence, mass, target)
          expect(Math.abs(search.darkFraction - target)).toBeLessThanOrEqual(Math.max(...mass) / total + 1e-12)
        },
      ),
    )
  })

  it("stops at the ends: target 0 keeps everything; a target above f(1) prunes all it can", () => {
    const coherence = new Float64Array([0.2, 0.6, 1])
    const mass = new Float64Array([1, 1, 2])
    expect(searchThreshold(coherence, mass, 0)).toMatchObject({ threshold: 0, darkFraction: 0 })
    expect(searchThreshold(coherence, mass, 0.9)).toMatchObject({ threshold: 1, darkFraction: 0.5 })
    expect(() => searchThreshold(coherence, mass, 1.5)).toThrow(/target must lie in \[0, 1\], got 1.5/)
  })
})
