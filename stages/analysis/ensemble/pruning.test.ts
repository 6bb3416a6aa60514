import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { darkFraction, prune } from "./pruning.js"
import { measuresArb } from "./testing.js"

describe("prune and darkFraction", () => {
  it("prune branches below the threshold and report their share of the mass", () => {
    const coherence = new Float64Array([0.2, 0.5, 0.9, 0.7])
    const mass = new Float64Array([1, 2, 3, 4])
    const result = prune(coherence, mass, 0.6)
    expect(Array.from(result.pruned)).toEqual([1, 1, 0, 0])
    expect(result.survivors).toBe(2)
    expect(result.darkFraction).toBeCloseTo(0.3, 15)
    // A branch exactly at the threshold survives.
    expect(prune(coherence, mass, 0.5).darkFraction).toBeCloseTo(0.1, 15)
  })

  it("the dark fraction is non-decreasing in the threshold, 0 at θ = 0 and 1 above every coherence", () => {
    fc.assert(
      fc.property(measuresArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), ({ coherence, mass }, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(darkFraction(coherence, mass, low)).toBeLessThanOrEqual(darkFraction(coherence, mass, high))
        expect(darkFraction(coherence, mass, 0)).toBe(0)
        if (coherence.every((c) => c < 1)) expect(darkFraction(coherence, mass, 1)).toBeCloseTo(1, 12)
      }),
    )
  })

  it("rejects coherences outside [0, 1], negative masses, a zero total and thresholds outside [0, 1]", () => {
    const ones = new Float64Array([1, 1])
    expect(() => prune(new Float64Array([0.5, 1.5]), ones, 0.5)).toThrow(/coherence\[1\] must lie in \[0, 1\], got 1.5/)
    expect(() => prune(ones, new Float64Array([1, -1]), 0.5)).toThrow(/mass\[1\] must be a finite number >= 0/)
    expect(() => prune(ones, new Float64Array(2), 0.5)).toThrow(/total mass must be > 0/)
    expect(() => prune(ones, ones, 1.2)).toThrow(/threshold must lie in \[0, 1\], got 1.2/)
    expect(() => darkFraction(ones, new Float64Array(3), 0.5)).toThrow(/one value per branch, got 2 and 3/)
  })
})
