import { describe, expect, it } from "vitest"
import { kleinLattice } from "./klein.js"
import type { Lattice } from "./lattice.js"
import { mobiusLattice } from "./mobius.js"
import { planeLattice } from "./plane.js"
import { ringLattice } from "./ring.js"
import { torusLattice } from "./torus.js"

const edgeTriples = (lattice: Lattice) =>
  Array.from(lattice.edges.source, (a, e) => [a, lattice.edges.target[e], lattice.edges.phase[e]])

const faceList = (lattice: Lattice) =>
  Array.from({ length: lattice.faces.offsets.length - 1 }, (_, f) =>
    Array.from(lattice.faces.nodes.subarray(lattice.faces.offsets[f]!, lattice.faces.offsets[f + 1]!)),
  )

describe("grid lattices, small enough to list by hand", () => {
  it("ring of 4: edges i -> i+1, seam 3 -> 0 with A = α; CSR row 0 holds A_01 = 0 and A_03 = -α", () => {
    const ring = ringLattice({ nodes: 4, radius: 2, alpha: 0.7 })
    expect(edgeTriples(ring)).toEqual([[0, 1, 0], [1, 2, 0], [2, 3, 0], [3, 0, 0.7]])
    expect(Array.from(ring.adjacency.column.subarray(0, 2))).toEqual([1, 3])
    expect(Array.from(ring.adjacency.phase.subarray(0, 2), (a) => a + 0)).toEqual([0, -0.7])
    expect(Array.from(ring.chart)).toEqual([0, 0, Math.PI / 2, 0, Math.PI, 0, (3 * Math.PI) / 2, 0])
    expect(ring.positions[3]).toBeCloseTo(0, 15)
    expect(ring.positions[4]).toBeCloseTo(2, 15)
  })

  it("plane 3 × 3: positions (i s, j s, 0), four counter-clockwise quads, boundary 0 3 6 7 8 5 2 1", () => {
    const plane = planeLattice({ nu: 3, nv: 3, spacing: 0.5 })
    expect(Array.from(plane.positions.subarray(3 * 5, 3 * 6))).toEqual([0.5, 1, 0])
    expect(Array.from(plane.chart.subarray(2 * 5, 2 * 6))).toEqual([0.5, 1])
    expect(faceList(plane)).toEqual([[0, 3, 4, 1], [1, 4, 5, 2], [3, 6, 7, 4], [4, 7, 8, 5]])
    expect(plane.boundaries.map((cycle) => Array.from(cycle))).toEqual([[0, 3, 6, 7, 8, 5, 2, 1]])
  })

  it("Möbius band 3 × 2 with one half-twist: the seam swaps the rows; one boundary 0 2 4 1 3 5", () => {
    const band = mobiusLattice({ nu: 3, nv: 2, halfTwists: 1, alpha: Math.PI })
    expect(edgeTriples(band)).toEqual([
      [0, 2, 0], [0, 1, 0], [1, 3, 0],
      [2, 4, 0], [2, 3, 0], [3, 5, 0],
      [4, 1, Math.PI], [4, 5, 0], [5, 0, Math.PI],
    ])
    expect(faceList(band)).toEqual([[0, 2, 3, 1], [2, 4, 5, 3], [4, 1, 0, 5]])
    expect(band.boundaries.map((cycle) => Array.from(cycle))).toEqual([[0, 2, 4, 1, 3, 5]])
    expect(band.orientable).toBe(false)
  })

  it("Klein bottle 3 × 3: the seam joins row j to row (3 - j) mod 3", () => {
    const klein = kleinLattice({ nu: 3, nv: 3, alpha: 0.5 })
    const seam = edgeTriples(klein).filter(([, , phase]) => phase !== 0)
    expect(seam).toEqual([[6, 0, 0.5], [7, 2, 0.5], [8, 1, 0.5]])
    expect(faceList(klein).slice(6)).toEqual([[6, 0, 2, 7], [7, 2, 1, 8], [8, 1, 0, 6]])
  })

  it("each records the gluing its links realise: u seam (v reflected for Klein and odd bands), v periodic for torus and Klein, none for the plane", () => {
    const seam = (reflectsV: boolean, vPeriod: number | null) => ({ kind: "seam", uPeriod: 2 * Math.PI, reflectsV, vPeriod })
    expect(ringLattice({ nodes: 4 }).gluing).toEqual(seam(false, null))
    expect(planeLattice({ nu: 3, nv: 3 }).gluing).toEqual({ kind: "none" })
    expect(torusLattice({ nu: 3, nv: 3 }).gluing).toEqual(seam(false, 2 * Math.PI))
    expect(kleinLattice({ nu: 3, nv: 3 }).gluing).toEqual(seam(true, 2 * Math.PI))
    for (const halfTwists of [-3, -2, -1, 0, 1, 2, 3]) {
      expect(mobiusLattice({ nu: 3, nv: 2, halfTwists }).gluing).toEqual(seam(Math.abs(halfTwists) % 2 === 1, null))
    }
  })

  it("torus 3 × 3: v wraps within a column, the u seam keeps the row", () => {
    const torus = torusLattice({ nu: 3, nv: 3, alpha: 0.5 })
    expect(faceList(torus)).toContainEqual([1, 4, 5, 2])
    expect(faceList(torus)).toContainEqual([2, 5, 3, 0])
    expect(faceList(torus)).toContainEqual([8, 2, 0, 6])
    expect(edgeTriples(torus).filter(([, , phase]) => phase !== 0)).toEqual([[6, 0, 0.5], [7, 1, 0.5], [8, 2, 0.5]])
  })
})
