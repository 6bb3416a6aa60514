import { describe, expect, it } from "vitest"
import { transferMatrix } from "./transfer.js"

describe("transferMatrix", () => {
  it("is r^-p e^{ikr} for a 3-4-5 distance", () => {
    // r = 5, k r = π/2: K = (1/5) i
    const k = transferMatrix(Float64Array.from([0, 0, 0]), Float64Array.from([3, 4, 0]), { wavenumber: Math.PI / 10, decay: 1, rMin: 0.1 })
    expect(k.rows).toBe(1)
    expect(k.cols).toBe(1)
    expect(k.re[0]).toBeCloseTo(0, 15)
    expect(k.im[0]).toBeCloseTo(0.2, 15)
  })

  it("is node-major: entry (x, s) at x × S + s", () => {
    // Nodes at z = 0 and z = 1; sources at z = 2, 3, 4: distances 2..4 and 1..3.
    const nodes = Float64Array.from([0, 0, 0, 0, 0, 1])
    const sources = Float64Array.from([0, 0, 2, 0, 0, 3, 0, 0, 4])
    const k = transferMatrix(nodes, sources, { wavenumber: 0, decay: 2, rMin: 0.5 })
    expect([...k.re]).toEqual([1 / 4, 1 / 9, 1 / 16, 1, 1 / 4, 1 / 9])
    expect([...k.im]).toEqual([0, 0, 0, 0, 0, 0])
  })

  it("clamps distances below r_min", () => {
    const k = transferMatrix(Float64Array.from([1, 1, 1, 1, 1, 1.01]), Float64Array.from([1, 1, 1]), { wavenumber: 3, decay: 1, rMin: 0.5 })
    for (const x of [0, 1]) {
      expect(k.re[x]).toBeCloseTo(2 * Math.cos(1.5), 15)
      expect(k.im[x]).toBeCloseTo(2 * Math.sin(1.5), 15)
    }
  })

  it("rejects bad parameters and points, naming them", () => {
    const p = Float64Array.from([0, 0, 0])
    expect(() => transferMatrix(p, p, { wavenumber: 1, decay: 1, rMin: 0 })).toThrow(/rMin must be a finite number > 0, got 0/)
    expect(() => transferMatrix(p, p, { wavenumber: 1, decay: -1, rMin: 1 })).toThrow(/decay must be a finite number >= 0, got -1/)
    expect(() => transferMatrix(p, p, { wavenumber: Number.NaN, decay: 1, rMin: 1 })).toThrow(/wavenumber must be a finite number, got NaN/)
    expect(() => transferMatrix(p, new Float64Array(0), { wavenumber: 1, decay: 1, rMin: 1 })).toThrow(/sources must be a Float64Array of xyz triples/)
  })
})
