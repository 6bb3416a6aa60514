import { describe, expect, it } from "vitest"
import { fibonacciAngles, sphereLattice } from "./sphere.js"

describe("sphereLattice", () => {
  it("places node i at cos θ_i = 1 - 2(i + 1/2)/N, φ_i = 2π i / g + turns θ_i", () => {
    const golden = (1 + Math.sqrt(5)) / 2
    expect(Math.cos(fibonacciAngles(0, 4, 0).theta)).toBeCloseTo(0.75, 15)
    expect(Math.cos(fibonacciAngles(3, 4, 0).theta)).toBeCloseTo(-0.75, 15)
    expect(fibonacciAngles(2, 10, 0).phi).toBeCloseTo((4 * Math.PI) / golden, 15)
    const { theta, phi } = fibonacciAngles(2, 10, 1.5)
    expect(phi).toBeCloseTo((4 * Math.PI) / golden + 1.5 * theta, 15)
  })

  it("records chart (φ mod 2π, θ), a spherical gluing, and positions on the sphere of the given radius", () => {
    const sphere = sphereLattice({ nodes: 50, radius: 3, turns: 2 })
    expect(sphere.gluing).toEqual({ kind: "spherical" })
    for (let i = 0; i < 50; i++) {
      const { theta, phi } = fibonacciAngles(i, 50, 2)
      const u = sphere.chart[2 * i]!
      expect(u).toBeGreaterThanOrEqual(0)
      expect(u).toBeLessThan(2 * Math.PI)
      expect(Math.cos(u)).toBeCloseTo(Math.cos(phi), 12)
      expect(Math.sin(u)).toBeCloseTo(Math.sin(phi), 12)
      expect(sphere.chart[2 * i + 1]).toBe(theta)
      expect(sphere.positions[3 * i + 2]).toBeCloseTo(3 * Math.cos(theta), 12)
    }
  })

  it("keeps the azimuth in [0, 2π) when φ lies a hair below a multiple of 2π", () => {
    // φ_0 = turns · θ_0: tiny negative turns leave φ_0 just below 0, which is azimuth 0.
    for (const turns of [-5e-324, -1e-17]) expect(sphereLattice({ nodes: 4, turns }).chart[0]).toBe(0)
  })

  it("triangulates four nodes as a tetrahedron: 6 edges, 4 triangles", () => {
    const sphere = sphereLattice({ nodes: 4 })
    expect(sphere.edges.source.length).toBe(6)
    expect(Array.from(sphere.faces.offsets)).toEqual([0, 3, 6, 9, 12])
  })

  it("rejects fewer than four nodes, a non-positive radius and a non-finite twist", () => {
    expect(() => sphereLattice({ nodes: 3 })).toThrow(/sphereLattice: option "nodes" must be an integer >= 4, got 3/)
    expect(() => sphereLattice({ nodes: 10, radius: 0 })).toThrow(/option "radius"/)
    expect(() => sphereLattice({ nodes: 10, turns: Number.NaN })).toThrow(/option "turns"/)
  })
})
