import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { boxCountingDimension } from "./box-counting.js"

const points = (n: number, coordinates: number, at: (i: number) => readonly number[]): Float64Array => {
  const out = new Float64Array(n * coordinates)
  for (let i = 0; i < n; i++) out.set(at(i), i * coordinates)
  return out
}

describe("boxCountingDimension", () => {
  it("is 1 for points along a line, in 2D and in 3D", () => {
    const line2 = boxCountingDimension(points(1000, 2, (i) => [i / 999, 0.5 * (i / 999)]), 2)
    expect(line2.dimension).toBeCloseTo(1, 10)
    expect(line2.counts).toEqual(line2.sizes.map((_, k) => 2 ** k))
    // A diagonal line crosses box walls of different axes at different points, so N_k = a 2^k + b: the slope tends to 1 from above.
    const line3 = boxCountingDimension(points(1000, 3, (i) => [0.3 * i, -0.2 * i, 0.1 * i]), 3)
    expect(Math.abs(line3.dimension! - 1)).toBeLessThan(0.05)
  })

  it("is 2 for a filled square (a grid) and close to 2 for uniform random points in it", () => {
    const grid = boxCountingDimension(points(64 * 64, 2, (i) => [Math.floor(i / 64) / 63, (i % 64) / 63]), 2)
    expect(grid.dimension).toBeCloseTo(2, 10)
    const prng = Prng.seeded(7)
    const uniform = boxCountingDimension(points(4000, 2, () => [prng.uniform(), prng.uniform()]), 2)
    expect(uniform.dimension!).toBeGreaterThan(1.9)
    expect(uniform.dimension!).toBeLessThan(2.05)
  })

  it("is 2 for a filled square lying in a plane of 3D space", () => {
    const square = boxCountingDimension(points(64 * 64, 3, (i) => [Math.floor(i / 64) / 63, 0.25, (i % 64) / 63]), 3)
    expect(square.dimension).toBeCloseTo(2, 10)
  })

  it("stops before saturation: levels with more boxes than a quarter of the points are not fitted", () => {
    const result = boxCountingDimension(points(100, 1, (i) => [i]), 1)
    expect(Math.max(...result.counts)).toBeLessThanOrEqual(25)
    expect(result.counts).toEqual([1, 2, 4, 8, 16])
  })

  it("is null for sets too small or degenerate to fit", () => {
    expect(boxCountingDimension(new Float64Array([0, 0]), 2).dimension).toBeNull()
    expect(boxCountingDimension(new Float64Array([1, 1, 1, 1, 1, 1]), 2).dimension).toBeNull()
    expect(boxCountingDimension(points(6, 2, (i) => [i, i]), 2).dimension).toBeNull()
  })

  it("rejects malformed input", () => {
    expect(() => boxCountingDimension(new Float64Array(5), 2)).toThrow(/2 values per point, got 5 values/)
    expect(() => boxCountingDimension(new Float64Array([0, NaN]), 2)).toThrow(/points\[1\] must be finite/)
    expect(() => boxCountingDimension(new Float64Array(4), 0)).toThrow(/coordinates must be an integer >= 1/)
    expect(() => boxCountingDimension(new Float64Array(4), 2, { saturation: 0 })).toThrow(/saturation/)
    expect(() => boxCountingDimension(new Float64Array(4), 2, { minLevels: 1 })).toThrow(/minLevels/)
  })
})
