import { describe, expect, it } from "vitest"
import { Prng } from "../../prng.js"
import { norm2 } from "../field.js"
import { noiseField } from "./initial-field.js"

describe("noiseField", () => {
  it("is reproducible from the seed", () => {
    expect(noiseField(50, Prng.seeded(3), 0.1)).toEqual(noiseField(50, Prng.seeded(3), 0.1))
    expect(noiseField(50, Prng.seeded(3), 0.1)).not.toEqual(noiseField(50, Prng.seeded(4), 0.1))
  })

  it("has mean |ψ|² = amplitude²", () => {
    const n = 100_000
    // The sample mean of |ψ|² (an exponential variable of mean a²) has sd a²/√n.
    expect(norm2(noiseField(n, Prng.seeded(1), 0.2)) / n).toBeCloseTo(0.04, 3)
  })

  it("names a bad argument", () => {
    expect(() => noiseField(-1, Prng.seeded(1), 1)).toThrow("nodeCount must be an integer >= 0, got -1")
    expect(() => noiseField(3, Prng.seeded(1), Number.NaN)).toThrow("amplitude must be a finite number >= 0, got NaN")
  })
})
