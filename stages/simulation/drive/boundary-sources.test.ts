import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { mobiusLattice, planeLattice, torusLattice } from "../lattice/index.js"
import { boundarySources, spreadAlongCycles } from "./boundary-sources.js"

// A unit square (perimeter 4) and a 2 × 1 rectangle (perimeter 6), as nodes 0-3 and 4-7.
const squares = Float64Array.from([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 5, 0, 0, 7, 0, 0, 7, 1, 0, 5, 1, 0])
const square = Int32Array.from([0, 1, 2, 3])
const rectangle = Int32Array.from([4, 5, 6, 7])

describe("spreadAlongCycles", () => {
  it("places sources at arc lengths (j + 1/2) L / S", () => {
    const locations = spreadAlongCycles(squares, [square], 8)
    expect([...locations.cycle]).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    expect([...locations.segment]).toEqual([0, 0, 1, 1, 2, 2, 3, 3])
    expect([...locations.fraction]).toEqual([0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75])
  })

  it("spreads over several cycles by their length", () => {
    // Total length 10, spacing 1: 4 sources on the square, 6 on the rectangle.
    const locations = spreadAlongCycles(squares, [square, rectangle], 10)
    expect([...locations.cycle]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    expect([...locations.segment]).toEqual([0, 1, 2, 3, 0, 0, 1, 2, 2, 3])
    expect([...locations.fraction]).toEqual([0.5, 0.5, 0.5, 0.5, 0.25, 0.75, 0.5, 0.25, 0.75, 0.5])
  })

  it("keeps neighbouring sources L / S apart along the boundary, for any count", () => {
    const cycles = [square, rectangle]
    const segmentLength = (c: number, i: number) => {
      const cycle = cycles[c]!
      const a = cycle[i]!
      const b = cycle[(i + 1) % cycle.length]!
      return Math.hypot(squares[3 * b]! - squares[3 * a]!, squares[3 * b + 1]! - squares[3 * a + 1]!)
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (count) => {
        const locations = spreadAlongCycles(squares, cycles, count)
        for (let j = 0; j < count; j++) {
          let arc = 0
          for (let c = 0; c < locations.cycle[j]!; c++) for (let i = 0; i < cycles[c]!.length; i++) arc += segmentLength(c, i)
          for (let i = 0; i < locations.segment[j]!; i++) arc += segmentLength(locations.cycle[j]!, i)
          arc += locations.fraction[j]! * segmentLength(locations.cycle[j]!, locations.segment[j]!)
          expect(Math.abs(arc - ((j + 0.5) * 10) / count)).toBeLessThan(1e-12)
        }
      }),
      { numRuns: 60 },
    )
  })

  it("rejects an empty boundary, bad nodes and a zero-length boundary", () => {
    expect(() => spreadAlongCycles(squares, [], 3)).toThrow(/no boundary cycles/)
    expect(() => spreadAlongCycles(squares, [Int32Array.from([0, 9])], 3)).toThrow(/cycle 0 names node 9, outside \[0, 7\]/)
    expect(() => spreadAlongCycles(new Float64Array(6), [Int32Array.from([0, 1])], 3)).toThrow(/positive length, got 0/)
    expect(() => spreadAlongCycles(squares, [square], 0)).toThrow(/count must be an integer >= 1, got 0/)
  })
})

describe("boundarySources", () => {
  it("offsets sources outward from a flat patch: exactly by offset mid-side, by offset·cos(π/8) beside a corner", () => {
    // Rectangle [0, 5] × [0, 3]: perimeter 16, so 16 sources sit at the midpoints of the unit boundary segments.
    const plane = planeLattice({ nu: 6, nv: 4 })
    const offset = 0.3
    const sources = boundarySources(plane, 16, offset)
    const distances: number[] = []
    for (let s = 0; s < 16; s++) {
      const [x, y, z] = [sources[3 * s]!, sources[3 * s + 1]!, sources[3 * s + 2]!]
      expect(z).toBe(0)
      expect(x < 0 || x > 5 || y < 0 || y > 3).toBe(true)
      distances.push(Math.hypot(Math.max(0, -x, x - 5), Math.max(0, -y, y - 3)))
    }
    distances.sort((a, b) => a - b)
    // 8 segments touch a corner, whose outward normal is the diagonal; the other 8 have the side's normal at both ends.
    for (let s = 0; s < 8; s++) expect(distances[s]).toBeCloseTo(offset * Math.cos(Math.PI / 8), 14)
    for (let s = 8; s < 16; s++) expect(distances[s]).toBeCloseTo(offset, 14)
  })

  it("extends a Möbius band across its edge: sources lie on r(u, ±(w/2 + offset))", () => {
    const [radius, width, offset] = [2, 1, 0.25]
    const band = mobiusLattice({ nu: 48, nv: 6, halfTwists: 1, radius, width })
    const sources = boundarySources(band, 40, offset)
    for (let s = 0; s < 40; s++) {
      const [x, y, z] = [sources[3 * s]!, sources[3 * s + 1]!, sources[3 * s + 2]!]
      // Invert r(u, v) = ((R + v cos(u/2)) cos u, (R + v cos(u/2)) sin u, v sin(u/2)) for one half-twist.
      const u = Math.atan2(y, x)
      const rho = Math.hypot(x, y) - radius
      const v = rho * Math.cos(u / 2) + z * Math.sin(u / 2)
      const offSurface = rho * Math.sin(u / 2) - z * Math.cos(u / 2)
      // Tolerances: the chord sagitta of a boundary segment, about 0.006 here.
      expect(Math.abs(Math.abs(v) - (width / 2 + offset))).toBeLessThan(0.01)
      expect(Math.abs(offSurface)).toBeLessThan(0.01)
    }
  })

  it("puts sources on the boundary polyline when the offset is 0", () => {
    const sources = boundarySources(planeLattice({ nu: 3, nv: 3 }), 8, 0)
    // Perimeter 8 of the square [0, 2]²: midpoints of its unit segments.
    const expected = new Set(["0.5,0", "1.5,0", "2,0.5", "2,1.5", "1.5,2", "0.5,2", "0,1.5", "0,0.5"])
    const found = new Set(Array.from({ length: 8 }, (_, s) => `${sources[3 * s]},${sources[3 * s + 1]}`))
    expect(found).toEqual(expected)
  })

  it("rejects a closed surface and a negative offset", () => {
    expect(() => boundarySources(torusLattice({ nu: 8, nv: 6 }), 4, 0.1)).toThrow(/no boundary cycles \(a closed surface\)/)
    expect(() => boundarySources(planeLattice({ nu: 3, nv: 3 }), 4, -1)).toThrow(/offset must be a finite number >= 0, got -1/)
  })
})
