/**
 * Tensor networks on graphs: each node is a dense real tensor with ordered
 * legs; a bond joins two legs of different nodes and is summed over; the open
 * legs, in boundary order, are the legs of the boundary state.
 *
 * Tensors are row-major Float64Arrays over the node's legs (the last leg
 * varies fastest). The same graph serves any set of tensors of matching
 * shapes: builders return one graph object and fill it many times.
 */

/** One leg: leg `leg` of node `node`. */
export interface LegRef {
  readonly node: number
  readonly leg: number
}

export interface NetworkGraph {
  /** Each node's leg dimensions, in the node's leg order. */
  readonly nodes: ReadonlyArray<ReadonlyArray<number>>
  /** Contracted pairs of legs. */
  readonly bonds: ReadonlyArray<readonly [LegRef, LegRef]>
  /** The open legs, in boundary order: the legs of the boundary state. */
  readonly boundary: ReadonlyArray<LegRef>
}

export interface TensorNetwork {
  readonly graph: NetworkGraph
  /** One tensor per node, row-major over its legs. */
  readonly tensors: ReadonlyArray<Float64Array>
}

/**
 * The network as an undirected multigraph for cuts: vertices are the nodes
 * (0..N-1) then one vertex per boundary leg (N + i); edges are the bonds
 * (edge b is bond b) then the boundary legs (edge B + i joins boundary leg i's
 * node to vertex N + i).
 */
export interface Incidence {
  readonly vertices: number
  readonly edges: ReadonlyArray<{ readonly ends: readonly [number, number]; readonly dimension: number }>
  /** For each node, the edge each of its legs lies on. */
  readonly legEdges: ReadonlyArray<ReadonlyArray<number>>
}

export const tensorSize = (dims: ReadonlyArray<number>): number => dims.reduce((size, d) => size * d, 1)

export const boundaryDims = (graph: NetworkGraph): number[] => graph.boundary.map(({ node, leg }) => graph.nodes[node]![leg]!)

const describeLeg = ({ node, leg }: LegRef) => `leg ${leg} of node ${node}`

/**
 * Checks that every leg of every node is used exactly once (in one bond or
 * on the boundary), that bonds join legs of equal dimension on different
 * nodes, and that dimensions are positive integers. Throws a RangeError
 * naming the offending node or leg.
 */
export const validateGraph = (graph: NetworkGraph): void => {
  if (graph.nodes.length === 0) throw new RangeError("a tensor network needs at least one node")
  if (graph.boundary.length === 0) throw new RangeError("a tensor network needs at least one boundary leg")
  const used = graph.nodes.map((dims, node) => {
    dims.forEach((d, leg) => {
      if (!Number.isInteger(d) || d < 1) throw new RangeError(`leg ${leg} of node ${node} has dimension ${d}; expected an integer >= 1`)
    })
    return new Array<boolean>(dims.length).fill(false)
  })
  const use = (ref: LegRef) => {
    const legs = used[ref.node]
    if (legs === undefined || !Number.isInteger(ref.leg) || ref.leg < 0 || ref.leg >= legs.length) {
      throw new RangeError(`${describeLeg(ref)} does not exist`)
    }
    if (legs[ref.leg]) throw new RangeError(`${describeLeg(ref)} is used twice`)
    legs[ref.leg] = true
  }
  graph.bonds.forEach(([a, b], index) => {
    use(a)
    use(b)
    if (a.node === b.node) throw new RangeError(`bond ${index} joins two legs of node ${a.node}; self-contractions are not supported`)
    const da = graph.nodes[a.node]![a.leg]!
    const db = graph.nodes[b.node]![b.leg]!
    if (da !== db) throw new RangeError(`bond ${index} joins ${describeLeg(a)} (dimension ${da}) to ${describeLeg(b)} (dimension ${db})`)
  })
  graph.boundary.forEach(use)
  used.forEach((legs, node) => {
    const free = legs.indexOf(false)
    if (free >= 0) throw new RangeError(`leg ${free} of node ${node} is neither bonded nor on the boundary`)
  })
}

/** Validates the graph and that each tensor has the size of its node's legs. */
export const validateNetwork = (network: TensorNetwork): void => {
  validateGraph(network.graph)
  validateTensors(network.graph, network.tensors)
}

export const validateTensors = (graph: NetworkGraph, tensors: ReadonlyArray<Float64Array>): void => {
  if (tensors.length !== graph.nodes.length) {
    throw new RangeError(`expected one tensor per node (${graph.nodes.length}), got ${tensors.length}`)
  }
  tensors.forEach((tensor, node) => {
    const size = tensorSize(graph.nodes[node]!)
    if (tensor.length !== size) throw new RangeError(`tensor of node ${node} has ${tensor.length} entries; its legs need ${size}`)
  })
}

export const incidence = (graph: NetworkGraph): Incidence => {
  const n = graph.nodes.length
  const legEdges = graph.nodes.map((dims) => new Array<number>(dims.length).fill(-1))
  const edges: Array<{ ends: readonly [number, number]; dimension: number }> = []
  graph.bonds.forEach(([a, b]) => {
    legEdges[a.node]![a.leg] = edges.length
    legEdges[b.node]![b.leg] = edges.length
    edges.push({ ends: [a.node, b.node], dimension: graph.nodes[a.node]![a.leg]! })
  })
  graph.boundary.forEach((ref, i) => {
    legEdges[ref.node]![ref.leg] = edges.length
    edges.push({ ends: [ref.node, n + i], dimension: graph.nodes[ref.node]![ref.leg]! })
  })
  return { vertices: n + graph.boundary.length, edges, legEdges }
}

/** Checks a boundary region: distinct integer leg indices in [0, legs). */
export const validateRegion = (legs: number, region: ReadonlyArray<number>): void => {
  const seen = new Set<number>()
  for (const leg of region) {
    if (!Number.isInteger(leg) || leg < 0 || leg >= legs) throw new RangeError(`region leg ${leg} is not a boundary leg index in [0, ${legs})`)
    if (seen.has(leg)) throw new RangeError(`region lists boundary leg ${leg} twice`)
    seen.add(leg)
  }
}

/** The boundary legs not in `region`, in boundary order. */
export const complementOf = (legs: number, region: ReadonlyArray<number>): number[] => {
  const inRegion = new Set(region)
  return Array.from({ length: legs }, (_, i) => i).filter((i) => !inRegion.has(i))
}
