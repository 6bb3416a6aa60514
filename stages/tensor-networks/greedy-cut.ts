/**
 * The greedy cut of Pastawski, Yoshida, Harlow and Preskill (2015). Start
 * with the cut along the boundary legs of A and repeatedly move it across a
 * tensor that, read as a map from its legs off the cut to its legs on the
 * cut, is proportional to an isometry (for a perfect tensor: at least half of
 * its legs on the cut), until none is left. The tensors passed form an
 * isometry from the final cut to A, so S(A) = S(cut) in the remaining state.
 *
 * When the greedy cuts grown from A and from Ā absorb complementary sets of
 * tensors, the state is (V_A ⊗ V_Ā) applied to one maximally entangled pair
 * per cut edge: the entanglement spectrum of A is flat and
 * S(A) = S_2(A) = Σ_cut ln d, the Ryu-Takayanagi formula with the greedy cut
 * minimal. Tensors are scanned in index order, repeatedly, so the result is
 * deterministic.
 */
import { permute } from "./dense-tensor.js"
import { type TensorNetwork, complementOf, incidence, tensorSize, validateNetwork, validateRegion } from "./network.js"

export interface GreedyCut {
  /** Tensors (node indices) the cut moved past, in order. */
  readonly absorbed: ReadonlyArray<number>
  /** Edges of `incidence` crossing the cut. */
  readonly edges: ReadonlyArray<number>
}

export interface GreedyGeodesics {
  readonly fromRegion: GreedyCut
  readonly fromComplement: GreedyCut
  /** The two cuts absorb complementary sets of tensors, so they are one cut and RT holds exactly on it. */
  readonly coincide: boolean
}

/** Relative tolerance of the isometry test MᵀM = c·1. */
const isometryTolerance = 1e-9

/** Whether the tensor, as a map from the legs not in `onCut` to those in it, is a nonzero multiple of an isometry. */
export const isProportionalToIsometry = (tensor: Float64Array, dims: ReadonlyArray<number>, onCut: ReadonlyArray<boolean>): boolean => {
  const cutLegs = dims.flatMap((_, leg) => (onCut[leg] ? [leg] : []))
  const inLegs = dims.flatMap((_, leg) => (onCut[leg] ? [] : [leg]))
  const m = permute(tensor, dims, [...cutLegs, ...inLegs])
  const rows = tensorSize(cutLegs.map((leg) => dims[leg]!))
  const cols = tensorSize(inLegs.map((leg) => dims[leg]!))
  if (cols > rows) return false
  const gram = new Float64Array(cols * cols)
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      const mi = m[r * cols + i]!
      if (mi === 0) continue
      for (let j = 0; j < cols; j++) gram[i * cols + j] += mi * m[r * cols + j]!
    }
  }
  let trace = 0
  for (let i = 0; i < cols; i++) trace += gram[i * cols + i]!
  const scale = trace / cols
  if (!(scale > 0)) return false
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      if (Math.abs(gram[i * cols + j]! - (i === j ? scale : 0)) > isometryTolerance * scale) return false
    }
  }
  return true
}

export const greedyCut = (network: TensorNetwork, region: ReadonlyArray<number>): GreedyCut => {
  validateNetwork(network)
  const { graph, tensors } = network
  validateRegion(graph.boundary.length, region)
  const { edges, legEdges } = incidence(graph)
  const n = graph.nodes.length
  const side = new Set<number>(region.map((leg) => n + leg))
  const other = (edge: number, vertex: number) => {
    const [a, b] = edges[edge]!.ends
    return a === vertex ? b : a
  }
  const absorbed: number[] = []
  for (let changed = true; changed; ) {
    changed = false
    for (let node = 0; node < n; node++) {
      if (side.has(node)) continue
      const onCut = legEdges[node]!.map((edge) => side.has(other(edge, node)))
      if (!onCut.includes(true) || !isProportionalToIsometry(tensors[node]!, graph.nodes[node]!, onCut)) continue
      side.add(node)
      absorbed.push(node)
      changed = true
    }
  }
  return { absorbed, edges: edges.flatMap(({ ends }, id) => (side.has(ends[0]) !== side.has(ends[1]) ? [id] : [])) }
}

export const greedyGeodesics = (network: TensorNetwork, region: ReadonlyArray<number>): GreedyGeodesics => {
  const fromRegion = greedyCut(network, region)
  const fromComplement = greedyCut(network, complementOf(network.graph.boundary.length, region))
  const fromA = new Set(fromRegion.absorbed)
  const coincide =
    fromRegion.absorbed.length + fromComplement.absorbed.length === network.graph.nodes.length &&
    fromComplement.absorbed.every((node) => !fromA.has(node))
  return { fromRegion, fromComplement, coincide }
}
