/**
 * Ryu-Takayanagi minimal cuts by max-flow. The network is the undirected
 * multigraph of `incidence` (nodes, one vertex per boundary leg, bonds and
 * boundary legs as edges), each edge of capacity ln d (its dimension; ln χ
 * for bond dimension χ). A super-source feeds the boundary vertices of A and a
 * super-sink drains those of Ā, both with infinite capacity; Edmonds–Karp
 * (shortest augmenting paths by breadth-first search) finds the maximal flow,
 * which equals the minimal cut separating A from Ā (max-flow/min-cut). The cut
 * returned is the one next to A: the edges leaving the vertices still
 * reachable from the source in the residual graph.
 */
import { type NetworkGraph, incidence, validateGraph, validateRegion } from "./network.js"

export interface MinimalCut {
  /** Σ ln d over the cut edges (nats): S(A) is at most this. */
  readonly value: number
  /** The cut edges (ids of `incidence`: bonds, then boundary legs). */
  readonly edges: ReadonlyArray<number>
}

interface Arc {
  readonly to: number
  capacity: number
  /** Index of the reverse arc in `arcs`. */
  readonly reverse: number
}

/** Residual capacities below this count as saturated (capacities are logarithms of dimensions, ≥ ln 2 or 0). */
const saturated = 1e-9

export const minimalCut = (graph: NetworkGraph, region: ReadonlyArray<number>): MinimalCut => {
  validateGraph(graph)
  validateRegion(graph.boundary.length, region)
  const { vertices, edges } = incidence(graph)
  const source = vertices
  const sink = vertices + 1
  const arcs: Arc[] = []
  const out: number[][] = Array.from({ length: vertices + 2 }, () => [])
  const connect = (u: number, v: number, forward: number, backward: number) => {
    out[u]!.push(arcs.length)
    arcs.push({ to: v, capacity: forward, reverse: arcs.length + 1 })
    out[v]!.push(arcs.length)
    arcs.push({ to: u, capacity: backward, reverse: arcs.length - 1 })
  }
  for (const { ends, dimension } of edges) {
    const capacity = Math.log(dimension)
    connect(ends[0], ends[1], capacity, capacity)
  }
  const inRegion = new Set(region)
  const n = graph.nodes.length
  graph.boundary.forEach((_, leg) => {
    if (inRegion.has(leg)) connect(source, n + leg, Infinity, 0)
    else connect(n + leg, sink, Infinity, 0)
  })

  /** Breadth-first search in the residual graph: the arc reaching each vertex, or -1. */
  const search = (): Int32Array => {
    const via = new Int32Array(vertices + 2).fill(-1)
    const seen = new Uint8Array(vertices + 2)
    seen[source] = 1
    const queue = [source]
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head]!
      for (const a of out[u]!) {
        const arc = arcs[a]!
        if (arc.capacity > saturated && seen[arc.to] === 0) {
          seen[arc.to] = 1
          via[arc.to] = a
          queue.push(arc.to)
        }
      }
    }
    return via
  }

  for (let via = search(); via[sink] !== -1; via = search()) {
    let bottleneck = Infinity
    for (let v = sink; v !== source; v = arcs[arcs[via[v]!]!.reverse]!.to) bottleneck = Math.min(bottleneck, arcs[via[v]!]!.capacity)
    for (let v = sink; v !== source; v = arcs[arcs[via[v]!]!.reverse]!.to) {
      const arc = arcs[via[v]!]!
      arc.capacity -= bottleneck
      arcs[arc.reverse]!.capacity += bottleneck
    }
  }
  const reachable = search()
  const sourceSide = (vertex: number) => vertex === source || reachable[vertex] !== -1
  const cut = edges.flatMap((edge, id) => (sourceSide(edge.ends[0]) !== sourceSide(edge.ends[1]) ? [id] : []))
  return { value: cut.reduce((sum, id) => sum + Math.log(edges[id]!.dimension), 0), edges: cut }
}
