/**
 * Topology computed from the faces: the face-edge incidence (which edges each
 * face uses, which faces use each edge), whether the faces admit a consistent
 * orientation, and the boundary cycles. Nothing here is told the surface's
 * type; the builders' tests compare the results with the theory of each
 * surface.
 */
import { buildAdjacency, findEntry } from "./adjacency.js"
import type { Adjacency, EdgeList, Faces, Lattice } from "./lattice.js"

export interface FaceEdges {
  /** Aligned with faces.nodes: slot t of face f is the edge from its t-th node to the next. */
  readonly edge: Int32Array
  /** +1 when the face walks that edge source -> target, -1 when target -> source. */
  readonly direction: Int8Array
}

export interface EdgeFaces {
  /** Number of faces that use each edge (0, 1 or 2). */
  readonly count: Uint8Array
  /** Two slots per edge: the faces using it (-1 for none). */
  readonly face: Int32Array
  /** Two slots per edge: the direction in which that face walks it. */
  readonly direction: Int8Array
}

/** The face-edge incidence both ways. */
export interface Incidence {
  readonly faceEdges: FaceEdges
  readonly edgeFaces: EdgeFaces
}

const faceEdges = (adjacency: Adjacency, entryEdge: Int32Array, edges: EdgeList, faces: Faces): FaceEdges => {
  const nodeCount = adjacency.rowStart.length - 1
  const edge = new Int32Array(faces.nodes.length)
  const direction = new Int8Array(faces.nodes.length)
  const faceCount = faces.offsets.length - 1
  for (let f = 0; f < faceCount; f++) {
    const start = faces.offsets[f]!
    const end = faces.offsets[f + 1]!
    if (end - start < 3) throw new RangeError(`face ${f} has ${end - start} nodes; a face needs at least 3`)
    for (let t = start; t < end; t++) {
      const node = faces.nodes[t]!
      if (node < 0 || node >= nodeCount) throw new RangeError(`face ${f} names node ${node}, outside 0..${nodeCount - 1}`)
    }
    for (let t = start; t < end; t++) {
      const a = faces.nodes[t]!
      const b = faces.nodes[t + 1 < end ? t + 1 : start]!
      const entry = findEntry(adjacency, a, b)
      if (entry < 0) throw new RangeError(`face ${f} steps from node ${a} to node ${b}, which are not joined by an edge`)
      const e = entryEdge[entry]!
      edge[t] = e
      direction[t] = edges.source[e] === a ? 1 : -1
    }
  }
  return { edge, direction }
}

const edgeFaces = (edgeCount: number, faces: Faces, incidence: FaceEdges): EdgeFaces => {
  const count = new Uint8Array(edgeCount)
  const face = new Int32Array(2 * edgeCount).fill(-1)
  const direction = new Int8Array(2 * edgeCount)
  const faceCount = faces.offsets.length - 1
  for (let f = 0; f < faceCount; f++) {
    for (let t = faces.offsets[f]!; t < faces.offsets[f + 1]!; t++) {
      const e = incidence.edge[t]!
      if (count[e]! >= 2) throw new RangeError(`edge ${e} lies in more than two faces: the faces do not form a surface`)
      if (count[e] === 1 && face[2 * e] === f) throw new RangeError(`face ${f} uses edge ${e} twice`)
      face[2 * e + count[e]!] = f
      direction[2 * e + count[e]!] = incidence.direction[t]!
      count[e]++
    }
  }
  return { count, face, direction }
}

/**
 * The incidence of faces and edges, looked up in the CSR (entryEdge maps each
 * CSR entry to its undirected edge). Fails when a face has fewer than three
 * nodes, names a node outside the lattice or steps along a non-edge, or when
 * an edge lies in more than two faces (not a surface).
 */
export const computeIncidence = (adjacency: Adjacency, entryEdge: Int32Array, edges: EdgeList, faces: Faces): Incidence => {
  const slots = faceEdges(adjacency, entryEdge, edges, faces)
  return { faceEdges: slots, edgeFaces: edgeFaces(edges.source.length, faces, slots) }
}

const incidenceCache = new WeakMap<Lattice, Incidence>()

/** Records the incidence assembleLattice computed, so the lattice never computes it again. */
export const rememberIncidence = (lattice: Lattice, incidence: Incidence): void => {
  incidenceCache.set(lattice, incidence)
}

/**
 * The face-edge incidence of a lattice, computed once per lattice object: a
 * lattice from assembleLattice comes with it; any other (e.g. a copy with
 * other faces) gets it from its own edges and faces on first use.
 */
export const latticeIncidence = (lattice: Lattice): Incidence => {
  const cached = incidenceCache.get(lattice)
  if (cached !== undefined) return cached
  const { adjacency, entryEdge } = buildAdjacency(lattice.nodeCount, lattice.edges)
  const incidence = computeIncidence(adjacency, entryEdge, lattice.edges, lattice.faces)
  rememberIncidence(lattice, incidence)
  return incidence
}

export interface Orientation {
  readonly orientable: boolean
  /**
   * A sign per face (+1 keep, -1 reverse) chosen over a spanning tree of the
   * face adjacency; when orientable, applying it makes every interior edge be
   * walked once each way.
   */
  readonly sign: Int8Array
}

/**
 * Propagates an orientation over face adjacency (breadth first). Two faces
 * sharing an edge agree when they walk it in opposite directions; a face
 * reached twice with contradictory requirements proves non-orientability.
 */
export const orient = (faces: Faces, { faceEdges: incidence, edgeFaces: adjacentFaces }: Incidence): Orientation => {
  const faceCount = faces.offsets.length - 1
  const sign = new Int8Array(faceCount)
  const queue = new Int32Array(faceCount)
  let orientable = true
  for (let root = 0; root < faceCount; root++) {
    if (sign[root] !== 0) continue
    sign[root] = 1
    let head = 0
    let tail = 0
    queue[tail++] = root
    while (head < tail) {
      const f = queue[head++]!
      for (let t = faces.offsets[f]!; t < faces.offsets[f + 1]!; t++) {
        const e = incidence.edge[t]!
        if (adjacentFaces.count[e] !== 2) continue
        const slot = adjacentFaces.face[2 * e] === f ? 1 : 0
        const g = adjacentFaces.face[2 * e + slot]!
        const required = -sign[f]! * incidence.direction[t]! * adjacentFaces.direction[2 * e + slot]!
        if (sign[g] === 0) {
          sign[g] = required
          queue[tail++] = g
        } else if (sign[g] !== required) {
          orientable = false
        }
      }
    }
  }
  return { orientable, sign }
}

/**
 * Boundary cycles: the edges that lie in exactly one face, chained into closed
 * node sequences. Each cycle starts at its smallest node and runs in the
 * direction its face (with the orientation sign applied) walks the first edge,
 * so on an oriented surface boundaries run counter-clockwise seen from the
 * faces' side (the usual boundary orientation).
 */
export const boundaryCycles = (
  nodeCount: number,
  edges: EdgeList,
  adjacentFaces: EdgeFaces,
  orientation: Orientation,
): Int32Array[] => {
  const edgeCount = edges.source.length
  // Two boundary-edge slots per node: a surface's boundary passes through a node at most once.
  const slots = new Int32Array(2 * nodeCount).fill(-1)
  const degree = new Uint8Array(nodeCount)
  const attach = (node: number, e: number) => {
    if (degree[node]! >= 2) throw new RangeError(`node ${node} lies on more than two boundary edges: the boundary is pinched`)
    slots[2 * node + degree[node]!] = e
    degree[node]++
  }
  for (let e = 0; e < edgeCount; e++) {
    if (adjacentFaces.count[e] !== 1) continue
    attach(edges.source[e]!, e)
    attach(edges.target[e]!, e)
  }
  const inducedFrom = (e: number) => {
    const walked = adjacentFaces.direction[2 * e]! * orientation.sign[adjacentFaces.face[2 * e]!]!
    return walked > 0 ? edges.source[e]! : edges.target[e]!
  }
  const other = (e: number, node: number) => (edges.source[e] === node ? edges.target[e]! : edges.source[e]!)
  const used = new Uint8Array(edgeCount)
  const cycles: Int32Array[] = []
  for (let start = 0; start < nodeCount; start++) {
    if (degree[start] === 0) continue
    if (degree[start] !== 2) throw new RangeError(`node ${start} ends a boundary path: the boundary is not closed`)
    const first = slots[2 * start]!
    const second = slots[2 * start + 1]!
    if (used[first] === 1) continue
    let e = inducedFrom(second) === start && inducedFrom(first) !== start ? second : first
    const cycle: number[] = [start]
    let node = start
    for (;;) {
      used[e] = 1
      node = other(e, node)
      if (node === start) break
      cycle.push(node)
      e = slots[2 * node] === e ? slots[2 * node + 1]! : slots[2 * node]!
    }
    cycles.push(Int32Array.from(cycle))
  }
  return cycles
}
