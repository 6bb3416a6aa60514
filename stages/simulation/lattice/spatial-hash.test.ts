import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { pairsWithin } from "./spatial-hash.js"

const collect = (positions: Float64Array, cutoff: number, accept: (p: number, q: number) => boolean = () => true) => {
  const pairs: [number, number][] = []
  pairsWithin(positions, cutoff, accept, (p, q) => pairs.push([p, q]))
  return pairs
}

const bruteForce = (positions: Float64Array, cutoff: number, accept: (p: number, q: number) => boolean) => {
  const pairs: [number, number][] = []
  const count = positions.length / 3
  for (let p = 0; p < count; p++) {
    for (let q = p + 1; q < count; q++) {
      const d = Math.hypot(positions[3 * p]! - positions[3 * q]!, positions[3 * p + 1]! - positions[3 * q + 1]!, positions[3 * p + 2]! - positions[3 * q + 2]!)
      if (d < cutoff && accept(p, q)) pairs.push([p, q])
    }
  }
  return pairs
}

const byPair = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1]

describe("pairsWithin", () => {
  it("finds exactly the accepted pairs closer than the cutoff, each once with p < q (brute force cross-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 0, maxLength: 240 }),
        fc.double({ min: 0.05, max: 4, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        (coordinates, cutoff, groups) => {
          const positions = Float64Array.from(coordinates.slice(0, coordinates.length - (coordinates.length % 3)))
          const accept = (p: number, q: number) => p % groups !== q % groups || groups === 1
          expect(collect(positions, cutoff, accept).sort(byPair)).toEqual(bruteForce(positions, cutoff, accept))
        },
      ),
      { numRuns: 100 },
    )
  })

  it("uses a strict cutoff", () => {
    const line = Float64Array.from([0, 0, 0, 1, 0, 0, 2, 0, 0])
    expect(collect(line, 1)).toEqual([])
    expect(collect(line, 1.5).sort(byPair)).toEqual([[0, 1], [1, 2]])
  })

  it("rejects a cutoff that is not a positive finite number", () => {
    for (const cutoff of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => collect(new Float64Array(3), cutoff)).toThrow(RangeError)
  })
})
