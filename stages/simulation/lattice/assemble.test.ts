import { describe, expect, it } from "vitest"
import { findEntry } from "./adjacency.js"
import { assembleLattice } from "./assemble.js"
import { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import type { ChartGluing, Lattice } from "./lattice.js"
import { planeLattice } from "./plane.js"
import { latticeIncidence } from "./topology.js"

/** A lattice from explicit edges (with phases) and triangles; positions are irrelevant to topology. */
const complex = (
  nodeCount: number,
  edges: readonly (readonly [number, number, number?])[],
  faces: readonly number[][],
  gluing?: ChartGluing,
): Lattice => {
  const edgeList = new EdgeListBuilder()
  for (const [a, b, phase] of edges) edgeList.add(a, b, 1, phase ?? 0)
  const faceList = new FaceListBuilder()
  for (const face of faces) faceList.add(...face)
  return assembleLattice({
    geometry: "plane",
    positions: new Float64Array(3 * nodeCount),
    chart: new Float64Array(2 * nodeCount),
    gluing,
    edges: edgeList.finish(),
    faces: faceList.finish(),
    parameters: {},
  })
}

const square = [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2]] as const

describe("assembleLattice", () => {
  it("builds a sorted symmetric CSR with A_ji = -A_ij", () => {
    const lattice = complex(4, [[0, 1, 0.5], [1, 2], [2, 3], [3, 0], [2, 0, -0.25]], [[0, 1, 2], [0, 2, 3]])
    expect(Array.from(lattice.adjacency.rowStart)).toEqual([0, 3, 5, 8, 10])
    expect(Array.from(lattice.adjacency.column)).toEqual([1, 2, 3, 0, 2, 0, 1, 3, 0, 2])
    // + 0 folds the -0 of negated flat links into 0.
    expect(Array.from(lattice.adjacency.phase, (a) => a + 0)).toEqual([0.5, 0.25, 0, -0.5, 0, -0.25, 0, 0, 0, 0])
    expect(findEntry(lattice.adjacency, 2, 0)).toBe(5)
    expect(findEntry(lattice.adjacency, 1, 3)).toBe(-1)
  })

  it("finds the boundary of a square of two triangles, running the way the faces do", () => {
    const lattice = complex(4, square, [[0, 1, 2], [0, 2, 3]])
    expect(lattice.orientable).toBe(true)
    expect(lattice.boundaries.map((cycle) => Array.from(cycle))).toEqual([[0, 1, 2, 3]])
  })

  it("reports orientability, not the consistency of the orientation it was given", () => {
    // The second triangle walks the shared edge 2 -> 0 like the first: inconsistent, yet the square is orientable.
    const lattice = complex(4, square, [[0, 1, 2], [2, 0, 3]])
    expect(lattice.orientable).toBe(true)
    expect(lattice.boundaries.map((cycle) => Array.from(cycle))).toEqual([[0, 1, 2, 3]])
  })

  it("recognises the 5-vertex Möbius band: non-orientable, one boundary cycle 0-2-4-1-3", () => {
    const triangles = [0, 1, 2, 3, 4].map((i) => [i, (i + 1) % 5, (i + 2) % 5])
    const edges: [number, number][] = []
    for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) edges.push([a, b])
    const lattice = complex(5, edges, triangles)
    expect(lattice.orientable).toBe(false)
    expect(lattice.boundaries.length).toBe(1)
    const cycle = Array.from(lattice.boundaries[0]!)
    expect([[0, 2, 4, 1, 3], [0, 3, 1, 4, 2]]).toContainEqual(cycle)
  })

  it("recognises the tetrahedron as closed and orientable", () => {
    const edges: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
    const lattice = complex(4, edges, [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])
    expect(lattice.orientable).toBe(true)
    expect(lattice.boundaries).toEqual([])
  })

  it("records the chart gluing it is given, none by default, and rejects periods that are not finite and positive", () => {
    expect(complex(4, square, [[0, 1, 2], [0, 2, 3]]).gluing).toEqual({ kind: "none" })
    const cylinder: ChartGluing = { kind: "seam", uPeriod: 4, reflectsV: false, vPeriod: null }
    expect(complex(4, square, [[0, 1, 2], [0, 2, 3]], cylinder).gluing).toBe(cylinder)
    expect(() => complex(4, square, [], { kind: "seam", uPeriod: 0, reflectsV: true, vPeriod: null })).toThrow("gluing.uPeriod must be a finite number > 0, got 0")
    expect(() => complex(4, square, [], { kind: "seam", uPeriod: 1, reflectsV: true, vPeriod: Number.NaN })).toThrow("gluing.vPeriod must be a finite number > 0, got NaN")
  })

  it("exposes the face-edge incidence it computed, once per lattice: each face slot's edge and direction, and each edge's faces", () => {
    const lattice = complex(4, square, [[0, 1, 2], [0, 2, 3]])
    const incidence = latticeIncidence(lattice)
    expect(latticeIncidence(lattice)).toBe(incidence)
    // Edges 0-1, 1-2, 2-3, 3-0, 0-2; the first triangle walks 0 -> 2 forward, the second 2 -> 0 backward.
    expect(Array.from(incidence.faceEdges.edge)).toEqual([0, 1, 4, 4, 2, 3])
    expect(Array.from(incidence.faceEdges.direction)).toEqual([1, 1, -1, 1, 1, 1])
    expect(Array.from(incidence.edgeFaces.count)).toEqual([1, 1, 1, 1, 2])
    expect(Array.from(incidence.edgeFaces.face)).toEqual([0, -1, 0, -1, 1, -1, 1, -1, 0, 1])
    expect(Array.from(incidence.edgeFaces.direction)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, -1, 1])
  })

  it("computes the incidence of any other lattice object from that lattice's own edges and faces", () => {
    const plane = planeLattice({ nu: 3, nv: 2 })
    const firstFace: Lattice = { ...plane, faces: { offsets: Int32Array.from([0, 4]), nodes: plane.faces.nodes.slice(0, 4) } }
    const incidence = latticeIncidence(firstFace)
    expect(incidence).not.toBe(latticeIncidence(plane))
    expect(Array.from(incidence.faceEdges.edge)).toEqual(Array.from(latticeIncidence(plane).faceEdges.edge.subarray(0, 4)))
    expect(Array.from(incidence.edgeFaces.count).filter((count) => count > 0)).toEqual([1, 1, 1, 1])
    const outside: Lattice = { ...plane, faces: { offsets: Int32Array.from([0, 3]), nodes: Int32Array.from([0, 1, 9]) } }
    expect(() => latticeIncidence(outside)).toThrow("face 0 names node 9, outside 0..5")
  })

  it("rejects repeated edges, self-loops and endpoints out of range", () => {
    expect(() => complex(3, [[0, 1], [1, 0]], [])).toThrow(/more than one edge/)
    expect(() => complex(3, [[1, 1]], [])).toThrow(/self-loop/)
    expect(() => complex(3, [[0, 3]], [])).toThrow(/outside 0..2/)
  })

  it("rejects faces that step off the edges, edges in three faces and pinched boundaries", () => {
    expect(() => complex(3, [[0, 1], [1, 2]], [[0, 1, 2]])).toThrow(/not joined by an edge/)
    const fan: [number, number][] = [[0, 1], [0, 2], [0, 3], [0, 4], [1, 2], [1, 3], [1, 4]]
    expect(() => complex(5, fan, [[0, 1, 2], [0, 1, 3], [0, 1, 4]])).toThrow(/more than two faces/)
    const bowtie: [number, number][] = [[0, 1], [1, 2], [2, 0], [0, 3], [3, 4], [4, 0]]
    expect(() => complex(5, bowtie, [[0, 1, 2], [0, 3, 4]])).toThrow(/pinched/)
  })
})
