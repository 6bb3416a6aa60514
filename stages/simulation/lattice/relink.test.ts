import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { holonomyArb } from "../testing.js"
import { kleinLattice } from "./klein.js"
import type { Lattice } from "./lattice.js"
import { mobiusLattice } from "./mobius.js"
import { planeLattice } from "./plane.js"
import { interStripEdges, relink, seamEdges } from "./relink.js"
import { ringLattice } from "./ring.js"
import { sphereLattice } from "./sphere.js"
import { tokamakLattice } from "./tokamak.js"
import { latticeIncidence } from "./topology.js"
import { torusLattice } from "./torus.js"

const links = (lattice: Lattice) => ({
  edgeWeight: Array.from(lattice.edges.weight),
  edgePhase: Array.from(lattice.edges.phase),
  rowStart: Array.from(lattice.adjacency.rowStart),
  column: Array.from(lattice.adjacency.column),
  weight: Array.from(lattice.adjacency.weight),
  phase: Array.from(lattice.adjacency.phase),
})

const withHolonomy: Record<string, { build: (alpha: number) => Lattice; seam: number }> = {
  "Möbius band (odd twist)": { build: (alpha) => mobiusLattice({ nu: 12, nv: 5, halfTwists: 1, alpha }), seam: 5 },
  "Möbius band (even twist)": { build: (alpha) => mobiusLattice({ nu: 12, nv: 5, halfTwists: 2, alpha }), seam: 5 },
  torus: { build: (alpha) => torusLattice({ nu: 10, nv: 6, alpha }), seam: 6 },
  "Klein bottle": { build: (alpha) => kleinLattice({ nu: 10, nv: 6, alpha }), seam: 6 },
  ring: { build: (alpha) => ringLattice({ nodes: 9, alpha }), seam: 1 },
  tokamak: { build: (alpha) => tokamakLattice({ strips: 3, nu: 16, nv: 4, alpha }), seam: 12 },
}

describe("relinking a lattice", () => {
  for (const [name, { build, seam }] of Object.entries(withHolonomy)) {
    it(`${name}: setting the seam phase to α gives the lattice built with α`, () => {
      const base = build(0)
      expect(seamEdges(base)).toHaveLength(seam)
      fc.assert(
        fc.property(holonomyArb, (alpha) => {
          const relinked = relink(base, [{ edges: seamEdges(base), phase: alpha }], { alpha })
          expect(links(relinked)).toEqual(links(build(alpha)))
          expect(relinked.parameters).toEqual(build(alpha).parameters)
        }),
        { numRuns: 20 },
      )
    })
  }

  it("tokamak: setting the inter-strip weight gives the lattice built with that coupling", () => {
    const base = tokamakLattice({ strips: 3, nu: 16, nv: 4, coupling: 0.25 })
    const couplings = interStripEdges(base)
    expect(couplings.length).toBeGreaterThan(0)
    for (const e of couplings) expect(base.strip[base.edges.source[e]!]).not.toBe(base.strip[base.edges.target[e]!])
    for (const coupling of [0, 0.1, 0.7, 2]) {
      const relinked = relink(base, [{ edges: couplings, weight: coupling }], { coupling })
      expect(links(relinked)).toEqual(links(tokamakLattice({ strips: 3, nu: 16, nv: 4, coupling })))
    }
  })

  it("finds no seam on the sphere and the plane, and no couplings off the tokamak", () => {
    expect(seamEdges(sphereLattice({ nodes: 40 }))).toHaveLength(0)
    expect(seamEdges(planeLattice({ nu: 5, nv: 4 }))).toHaveLength(0)
    expect(interStripEdges(mobiusLattice({ nu: 12, nv: 5 }))).toHaveLength(0)
    expect(interStripEdges(tokamakLattice({ strips: 1, nu: 16, nv: 4 }))).toHaveLength(0)
  })

  it("shares the geometry and the face-edge incidence, and leaves the original untouched", () => {
    const base = mobiusLattice({ nu: 12, nv: 5 })
    const before = links(base)
    const relinked = relink(base, [{ edges: seamEdges(base), phase: 1 }])
    expect(relinked.positions).toBe(base.positions)
    expect(relinked.faces).toBe(base.faces)
    expect(latticeIncidence(relinked)).toBe(latticeIncidence(base))
    expect(links(base)).toEqual(before)
  })

  it("rejects edges outside the lattice, non-finite phases and negative weights", () => {
    const base = mobiusLattice({ nu: 12, nv: 5 })
    expect(() => relink(base, [{ edges: Int32Array.of(999), phase: 1 }])).toThrow(/edge 999 is not an edge of the lattice/)
    expect(() => relink(base, [{ edges: seamEdges(base), phase: NaN }])).toThrow(/phase must be a finite number, got NaN/)
    expect(() => relink(base, [{ edges: seamEdges(base), weight: -1 }])).toThrow(/weight must be a finite number >= 0, got -1/)
  })
})
