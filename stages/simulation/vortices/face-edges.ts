/**
 * The face-edge table of a lattice: for every face slot (a face's t-th node to
 * its next, in the face's cycle order) the undirected edge it walks and the
 * direction, and for every edge the faces that use it. Charges, currents and
 * the tracker all read it. It is the lattice's own incidence
 * (latticeIncidence, computed once per lattice) laid out for the kernels,
 * with the largest face size added, and is cached per lattice.
 */
import type { Lattice } from "../lattice/lattice.js"
import { latticeIncidence } from "../lattice/topology.js"

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

const buildTable = (lattice: Lattice): FaceEdgeTable => {
  const { faceEdges, edgeFaces } = latticeIncidence(lattice)
  const { offsets } = lattice.faces
  const faceCount = offsets.length - 1
  let maxFaceSize = 0
  for (let f = 0; f < faceCount; f++) maxFaceSize = Math.max(maxFaceSize, offsets[f + 1]! - offsets[f]!)
  return {
    faceCount,
    edgeCount: lattice.edges.source.length,
    offsets,
    edge: faceEdges.edge,
    direction: faceEdges.direction,
    maxFaceSize,
    edgeFaceCount: edgeFaces.count,
    edgeFace: edgeFaces.face,
    edgeFaceDirection: edgeFaces.direction,
  }
}

/** The lattice's face-edge table (built on first use, then cached for the lattice's lifetime). */
export const faceEdgeTable = (lattice: Lattice): FaceEdgeTable => {
  const cached = cache.get(lattice)
  if (cached !== undefined) return cached
  const table = buildTable(lattice)
  cache.set(lattice, table)
  return table
}
