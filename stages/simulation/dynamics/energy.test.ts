import { describe, expect, it } from "vitest"
import { ringLattice } from "../lattice/index.js"
import { energy, kineticEnergy } from "./energy.js"

describe("energy", () => {
  const nodes = 20
  const alpha = 0.8
  const lattice = ringLattice({ nodes, alpha })
  const q = (2 * Math.PI * 3 + alpha) / nodes
  const a = 0.7
  const wave = {
    re: Float64Array.from({ length: nodes }, (_, j) => a * Math.cos(q * j)),
    im: Float64Array.from({ length: nodes }, (_, j) => a * Math.sin(q * j)),
  }

  it("of a twisted plane wave is N a² (4 sin²(q/2) + V + ½ g a²)", () => {
    // Each of the N edges contributes |e^{iq} - 1|² a² = 4 sin²(q/2) a² (counted once: ½ over both directions).
    expect(kineticEnergy(lattice, wave)).toBeCloseTo(nodes * a * a * 4 * Math.sin(q / 2) ** 2, 12)
    expect(energy(lattice, wave, 0.3, -1.2)).toBeCloseTo(nodes * a * a * (4 * Math.sin(q / 2) ** 2 + 0.3 - 0.6 * a * a), 12)
  })

  it("takes a per-node potential", () => {
    const potential = Float64Array.from({ length: nodes }, (_, j) => j)
    const expected = kineticEnergy(lattice, wave) + a * a * ((nodes * (nodes - 1)) / 2)
    expect(energy(lattice, wave, potential, 0)).toBeCloseTo(expected, 10)
  })

  it("counts a zero-weight link as nothing", () => {
    const weight = Float64Array.from(lattice.adjacency.weight).fill(0)
    const isolated = { ...lattice, adjacency: { ...lattice.adjacency, weight } }
    expect(kineticEnergy(isolated, wave)).toBe(0)
  })

  it("names a bad argument", () => {
    expect(() => energy(lattice, wave, new Float64Array(3), 1)).toThrow("potential must be a number or 20 values (one per node), got 3 values")
    expect(() => energy(lattice, wave, 0, Number.POSITIVE_INFINITY)).toThrow("g must be a finite number, got Infinity")
  })
})
