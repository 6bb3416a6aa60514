import { describe, expect, it } from "vitest"
import { mobiusLattice } from "./mobius.js"
import { stripFrame, tokamakLattice } from "./tokamak.js"

const dot = (a: readonly number[], b: readonly number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!

describe("tokamakLattice", () => {
  it("with one strip and no poloidal turns is the Möbius band of radius R0 + a", () => {
    const options = { nu: 12, nv: 4, halfTwists: 3, width: 0.4, alpha: 1.25 }
    const tokamak = tokamakLattice({ ...options, strips: 1, majorRadius: 3, minorRadius: 0.5, poloidalTurns: 0, elongation: 1.8, triangularity: 0.4 })
    const band = mobiusLattice({ ...options, radius: 3.5 })
    expect(tokamak.nodeCount).toBe(band.nodeCount)
    tokamak.positions.forEach((x, k) => expect(x).toBeCloseTo(band.positions[k]!, 12))
    expect(Array.from(tokamak.edges.source)).toEqual(Array.from(band.edges.source))
    expect(Array.from(tokamak.edges.target)).toEqual(Array.from(band.edges.target))
    expect(Array.from(tokamak.edges.phase)).toEqual(Array.from(band.edges.phase))
    expect(Array.from(tokamak.faces.nodes)).toEqual(Array.from(band.faces.nodes))
    expect(tokamak.gluing).toEqual(band.gluing)
  })

  it("follows the Miller contour: outboard midplane at R0 + a, top at (R0 - aδ, κa)", () => {
    const shape = { majorRadius: 3, minorRadius: 0.8, elongation: 1.7, triangularity: 0.3, poloidalTurns: 1, halfTwists: 1 }
    const outboard = stripFrame(0, shape)
    expect(outboard.centre[0]).toBeCloseTo(3.8, 14)
    expect(outboard.centre[2]).toBeCloseTo(0, 14)
    expect(outboard.normal[0]).toBeCloseTo(1, 14)
    const top = stripFrame(Math.PI / 2, shape)
    expect(top.centre[0]).toBeCloseTo(0, 14)
    expect(top.centre[1]).toBeCloseTo(3 - 0.8 * 0.3, 14)
    expect(top.centre[2]).toBeCloseTo(1.7 * 0.8, 14)
  })

  it("rotates the width direction in the plane normal to the centreline (N, B orthonormal, both normal to it)", () => {
    const shape = { majorRadius: 3, minorRadius: 1, elongation: 2, triangularity: -0.5, poloidalTurns: 3, halfTwists: 1 }
    for (let k = 0; k < 40; k++) {
      const u = (2 * Math.PI * k) / 40
      const h = 1e-6
      const ahead = stripFrame(u + h, shape).centre
      const behind = stripFrame(u - h, shape).centre
      const tangent = [0, 1, 2].map((d) => ahead[d]! - behind[d]!)
      const { normal, binormal } = stripFrame(u, shape)
      expect(dot(normal, normal)).toBeCloseTo(1, 12)
      expect(dot(binormal, binormal)).toBeCloseTo(1, 12)
      expect(dot(normal, binormal)).toBeCloseTo(0, 12)
      expect(dot(normal, tangent) / Math.sqrt(dot(tangent, tangent))).toBeCloseTo(0, 8)
      expect(dot(binormal, tangent) / Math.sqrt(dot(tangent, tangent))).toBeCloseTo(0, 8)
    }
  })

  it("glues each strip's chart like the band's: v reflected across the seam iff k is odd", () => {
    for (const halfTwists of [-3, -2, -1, 0, 1, 2, 3, 4]) {
      expect(tokamakLattice({ strips: 2, nu: 5, nv: 2, halfTwists }).gluing).toEqual({
        kind: "seam",
        uPeriod: 2 * Math.PI,
        reflectsV: Math.abs(halfTwists) % 2 === 1,
        vPeriod: null,
      })
    }
  })

  it("numbers nodes strip by strip and records each node's strip", () => {
    const tokamak = tokamakLattice({ strips: 3, nu: 5, nv: 2, cutoff: 0.01 })
    expect(Array.from(tokamak.strip)).toEqual([...Array(10).fill(0), ...Array(10).fill(1), ...Array(10).fill(2)])
    expect(tokamak.edges.source.length).toBe(3 * (5 * 2 + 5))
  })

  it("rejects bad options with the option, the expectation and the value", () => {
    const base = { strips: 2, nu: 6, nv: 3 }
    expect(() => tokamakLattice({ ...base, strips: 0 })).toThrow(/option "strips" must be an integer >= 1, got 0/)
    expect(() => tokamakLattice({ ...base, poloidalTurns: 0.5 })).toThrow(/option "poloidalTurns" must be an integer, got 0.5/)
    expect(() => tokamakLattice({ ...base, triangularity: 1 })).toThrow(/option "triangularity" must be a finite number > -1 and < 1, got 1/)
    expect(() => tokamakLattice({ ...base, elongation: -1 })).toThrow(/option "elongation"/)
    expect(() => tokamakLattice({ ...base, coupling: -0.1 })).toThrow(/option "coupling" must be a finite number >= 0/)
    expect(() => tokamakLattice({ ...base, cutoff: 0 })).toThrow(/option "cutoff"/)
    expect(() => tokamakLattice({ ...base, majorRadius: 2, minorRadius: 1.9, width: 0.3 })).toThrow(
      /option "minorRadius" must be a finite number < majorRadius - width \/ 2 \(1.85\), got 1.9/,
    )
  })
})
