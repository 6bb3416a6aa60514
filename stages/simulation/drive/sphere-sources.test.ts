import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fibonacciShell, sphereSources } from "./sphere-sources.js"

const distanceFrom = (points: Float64Array, i: number, c: readonly number[]) =>
  Math.hypot(points[3 * i]! - c[0]!, points[3 * i + 1]! - c[1]!, points[3 * i + 2]! - c[2]!)

describe("fibonacciShell", () => {
  it("puts every point on the sphere of the given radius and centre", () => {
    const center = [1, -2, 0.5] as const
    const points = fibonacciShell(center, 3, 50)
    expect(points).toHaveLength(150)
    for (let i = 0; i < 50; i++) expect(Math.abs(distanceFrom(points, i, center) - 3)).toBeLessThan(1e-14 * 3)
  })

  it("spaces heights evenly: any z band of height h holds count·h/(2R) points, within one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (count, a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a]
        const points = fibonacciShell([0, 0, 0], 2, count)
        let inside = 0
        for (let i = 0; i < count; i++) if (points[3 * i + 2]! >= 2 * low && points[3 * i + 2]! < 2 * high) inside++
        expect(Math.abs(inside - (count * (high - low)) / 2)).toBeLessThanOrEqual(1)
      }),
      { numRuns: 200 },
    )
  })

  it("gives distinct points with heights symmetric about the centre", () => {
    const points = fibonacciShell([0, 0, 0], 1, 40)
    for (let i = 0; i < 40; i++) {
      expect(points[3 * i + 2]).toBeCloseTo(-points[3 * (39 - i) + 2]!, 14)
      for (let j = 0; j < i; j++) expect(distanceFrom(points, i, [points[3 * j]!, points[3 * j + 1]!, points[3 * j + 2]!])).toBeGreaterThan(0.1)
    }
  })

  it("rejects a bad count or radius, naming it", () => {
    expect(() => fibonacciShell([0, 0, 0], 1, 0)).toThrow(/count must be an integer >= 1, got 0/)
    expect(() => fibonacciShell([0, 0, 0], -1, 4)).toThrow(/radius must be a finite number > 0, got -1/)
  })
})

describe("sphereSources", () => {
  // The corners of the cube [-1, 1]^3 shifted by (2, 0, 0): centroid (2, 0, 0), bounding radius √3.
  const cube = Float64Array.from([-1, 1].flatMap((x) => [-1, 1].flatMap((y) => [-1, 1].flatMap((z) => [x + 2, y, z]))))

  it("centres the shell on the centroid with radius factor × bounding radius", () => {
    const shell = sphereSources(cube, 30, 1.5)
    expect(shell.center).toEqual([2, 0, 0])
    expect(shell.radius).toBeCloseTo(1.5 * Math.sqrt(3), 14)
    for (let i = 0; i < 30; i++) expect(distanceFrom(shell.sources, i, [2, 0, 0])).toBeCloseTo(1.5 * Math.sqrt(3), 13)
  })

  it("keeps every source at least (factor - 1) × bounding radius from every node", () => {
    const shell = sphereSources(cube, 64, 1.2)
    for (let s = 0; s < 64; s++) {
      for (let n = 0; n < 8; n++) {
        const node = [cube[3 * n]!, cube[3 * n + 1]!, cube[3 * n + 2]!]
        expect(distanceFrom(shell.sources, s, node)).toBeGreaterThanOrEqual(0.2 * Math.sqrt(3) - 1e-12)
      }
    }
  })

  it("rejects coinciding or malformed positions", () => {
    expect(() => sphereSources(Float64Array.from([1, 1, 1, 1, 1, 1]), 4, 1.5)).toThrow(/must not all coincide/)
    expect(() => sphereSources(new Float64Array(4), 4, 1.5)).toThrow(/positions must be a Float64Array of xyz triples .* got length 4/)
    expect(() => sphereSources(Float64Array.from([0, 0, Number.NaN]), 4, 1.5)).toThrow(/entry 2 is NaN/)
    expect(() => sphereSources(cube, 4, 0)).toThrow(/radiusFactor must be a finite number > 0, got 0/)
  })
})
