/**
 * The face-edge table of a lattice: for every face slot (a face's t-th node to
 * its next, in the face's cycle order) the undirected edge it walks and the
 * direction, and for every edge the faces that use it. Charges, currents and
 * the tracker all read it; it is built once per lattice and cached.
 */
import type { Lattice } from "../lattice/lattice.js"

export interface FaceEdgeTable {
  readonly faceCount: number
  readonly edgeCount: number
  /** Length faceCount + 1: face f owns slots offsets[f] .. offsets[f+1] (the layout of lattice.faces). */
  readonly offsets: Int32Array
  /** The undirected edge walked by each slot. */
  readonly edge: Int32Array
  /** +1 when the slot walks its edge source -> target, -1 when target -> source. */
  readonly direction: Int8Array
  /** The largest number of slots of one face. */
  readonly maxFaceSize: number
  /** Number of faces using each edge: 0 (e.g. inter-strip couplings), 1 (boundary) or 2. */
  readonly edgeFaceCount: Uint8Array
  /** Two slots per edge: the faces using it, -1 where none. */
  readonly edgeFace: Int32Array
  /** Two slots per edge: the direction in which that face walks it. */
  readonly edgeFaceDirection: Int8Array
}

const cache = new WeakMap<Lattice, FaceEdgeTable>()

/** Edges incident to each node, as CSR over the undirected edge list. */
const incidentEdges = (lattice: Lattice): { readonly start: Int32Array; readonly list: Int32Array } => {
  const { source, target } = lattice.edges
  const start = new Int32Array(lattice.nodeCount + 1)
  for (let e = 0; e < source.length; e++) {
    start[source[e]! + 1]++
    start[target[e]! + 1]++
  }
  for (let i = 0; i < lattice.nodeCount; i++) start[i + 1] += start[i]!
  const fill = start.slice(0, lattice.nodeCount)
  const list = new Int32Array(2 * source.length)
  for (let e = 0; e < source.length; e++) {
    list[fill[source[e]!]!++] = e
    list[fill[target[e]!]!++] = e
  }
  return { start, list }
}

const buildTable = (lattice: Lattice): FaceEdgeTable => {
  const { offsets, nodes } = lattice.faces
  const { source, target } = lattice.edges
  const faceCount = offsets.length - 1
  const edgeCount = source.length
  const incident = incidentEdges(lattice)
  const edge = new Int32Array(nodes.length)
  const direction = new Int8Array(nodes.length)
  const edgeFaceCount = new Uint8Array(edgeCount)
  const edgeFace = new Int32Array(2 * edgeCount).fill(-1)
  const edgeFaceDirection = new Int8Array(2 * edgeCount)
  let maxFaceSize = 0
  for (let f = 0; f < faceCount; f++) {
    const start = offsets[f]!
    const end = offsets[f + 1]!
    maxFaceSize = Math.max(maxFaceSize, end - start)
    for (let t = start; t < end; t++) {
      const a = nodes[t]!
      const b = nodes[t + 1 < end ? t + 1 : start]!
      if (a < 0 || a >= lattice.nodeCount || b < 0 || b >= lattice.nodeCount) {
        throw new RangeError(`lattice.faces: face ${f} names node ${a < 0 || a >= lattice.nodeCount ? a : b}, outside 0..${lattice.nodeCount - 1}`)
      }
      let found = -1
      for (let k = incident.start[a]!; k < incident.start[a + 1]!; k++) {
        const e = incident.list[k]!
        if ((source[e] === a && target[e] === b) || (source[e] === b && target[e] === a)) {
          if (found >= 0) throw new RangeError(`lattice.edges: nodes ${a} and ${b} of face ${f} are joined by more than one edge`)
          found = e
        }
      }
      if (found < 0) throw new RangeError(`lattice.faces: face ${f} steps from node ${a} to node ${b}, which no edge joins`)
      edge[t] = found
      direction[t] = source[found] === a ? 1 : -1
      const used = edgeFaceCount[found]!
      if (used >= 2) throw new RangeError(`lattice.faces: edge ${found} lies in more than two faces`)
      edgeFace[2 * found + used] = f
      edgeFaceDirection[2 * found + used] = direction[t]!
      edgeFaceCount[found] = used + 1
    }
  }
  return { faceCount, edgeCount, offsets, edge, direction, maxFaceSize, edgeFaceCount, edgeFace, edgeFaceDirection }
}

/** The lattice's face-edge table (built on first use, then cached for the lattice's lifetime). */
export const faceEdgeTable = (lattice: Lattice): FaceEdgeTable => {
  const cached = cache.get(lattice)
  if (cached !== undefined) return cached
  const table = buildTable(lattice)
  cache.set(lattice, table)
  return table
}
