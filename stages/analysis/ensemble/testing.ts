/** Arbitraries shared by the ensemble tests (fast-check). */
import fc from "fast-check"

/** Coherences in [0, 1] and masses >= 0 with a positive total, one per branch. */
export const measuresArb = fc
  .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })), { minLength: 1, maxLength: 40 })
  .filter((branches) => branches.some(([, m]) => m > 0))
  .map((branches) => ({ coherence: Float64Array.from(branches, ([c]) => c), mass: Float64Array.from(branches, ([, m]) => m) }))
