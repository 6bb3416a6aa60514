import { describe, expect, it } from "vitest"
import { type Lattice, latticeIncidence, mobiusLattice, planeLattice, sphereLattice, tokamakLattice, torusLattice } from "../lattice/index.js"
import { faceEdgeTable } from "./face-edges.js"

const lattices: Record<string, Lattice> = {
  plane: planeLattice({ nu: 4, nv: 3 }),
  torus: torusLattice({ nu: 5, nv: 4, alpha: 1 }),
  mobius: mobiusLattice({ nu: 6, nv: 3, halfTwists: 1 }),
  sphere: sphereLattice({ nodes: 30 }),
  tokamak: tokamakLattice({ strips: 2, nu: 8, nv: 3 }),
}

describe("faceEdgeTable", () => {
  for (const [name, lattice] of Object.entries(lattices)) {
    it(`walks each face's cycle along lattice edges in the recorded direction (${name})`, () => {
      const table = faceEdgeTable(lattice)
      const { offsets, nodes } = lattice.faces
      expect(table.faceCount).toBe(offsets.length - 1)
      for (let f = 0; f < table.faceCount; f++) {
        for (let t = offsets[f]!; t < offsets[f + 1]!; t++) {
          const a = nodes[t]!
          const b = nodes[t + 1 < offsets[f + 1]! ? t + 1 : offsets[f]!]!
          const e = table.edge[t]!
          const walked = table.direction[t] === 1 ? [lattice.edges.source[e], lattice.edges.target[e]] : [lattice.edges.target[e], lattice.edges.source[e]]
          expect(walked).toEqual([a, b])
        }
      }
    })

    it(`finds exactly the boundary edges in one face, and no face on inter-strip couplings (${name})`, () => {
      const table = faceEdgeTable(lattice)
      const boundary = new Set<string>()
      for (const cycle of lattice.boundaries) {
        cycle.forEach((a, k) => {
          const b = cycle[(k + 1) % cycle.length]!
          boundary.add(`${Math.min(a, b)},${Math.max(a, b)}`)
        })
      }
      lattice.edges.source.forEach((a, e) => {
        const b = lattice.edges.target[e]!
        const coupling = lattice.strip[a] !== lattice.strip[b]
        const expected = coupling ? 0 : boundary.has(`${Math.min(a, b)},${Math.max(a, b)}`) ? 1 : 2
        expect(table.edgeFaceCount[e]).toBe(expected)
        for (let k = 0; k < expected; k++) {
          const f = table.edgeFace[2 * e + k]!
          const slots = Array.from({ length: table.offsets[f + 1]! - table.offsets[f]! }, (_, s) => table.offsets[f]! + s)
          expect(slots.some((t) => table.edge[t] === e && table.direction[t] === table.edgeFaceDirection[2 * e + k])).toBe(true)
        }
      })
    })
  }

  it("records the largest face size: 4 for quads, 3 for triangles", () => {
    expect(faceEdgeTable(lattices["torus"]!).maxFaceSize).toBe(4)
    expect(faceEdgeTable(lattices["sphere"]!).maxFaceSize).toBe(3)
  })

  it("is built once per lattice, on the lattice's own face-edge incidence", () => {
    const lattice = lattices["tokamak"]!
    const table = faceEdgeTable(lattice)
    expect(faceEdgeTable(lattice)).toBe(table)
    const { faceEdges, edgeFaces } = latticeIncidence(lattice)
    expect([table.edge, table.direction, table.edgeFaceCount, table.edgeFace, table.edgeFaceDirection]).toEqual([
      faceEdges.edge,
      faceEdges.direction,
      edgeFaces.count,
      edgeFaces.face,
      edgeFaces.direction,
    ])
    expect(table.edge).toBe(faceEdges.edge)
  })

  it("rejects a face that steps between nodes no edge joins, naming the face and nodes", () => {
    const plane = planeLattice({ nu: 3, nv: 3 })
    const broken: Lattice = { ...plane, faces: { offsets: Int32Array.from([0, 4]), nodes: Int32Array.from([0, 4, 8, 2]) } }
    expect(() => faceEdgeTable(broken)).toThrow(/face 0 steps from node 0 to node 4, which are not joined by an edge/)
  })

  it("rejects a face naming a node outside the lattice", () => {
    const plane = planeLattice({ nu: 2, nv: 2 })
    const broken: Lattice = { ...plane, faces: { offsets: Int32Array.from([0, 3]), nodes: Int32Array.from([0, 1, 9]) } }
    expect(() => faceEdgeTable(broken)).toThrow(/face 0 names node 9, outside 0..3/)
  })
})
