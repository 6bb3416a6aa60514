/**
 * The HaPPY networks (Pastawski, Yoshida, Harlow, Preskill 2015) on patches
 * of hyperbolic tilings, with qubit legs (χ = 2):
 *
 * - the pentagon code on {5,4}: each pentagon carries the [[5,1,3]] encoding
 *   map, its five physical legs on the pentagon's edges and its logical (bulk)
 *   leg set to a given bulk qubit state v, i.e. the 5-leg tensor
 *   v0 |0_L⟩ + v1 |1_L⟩;
 * - the hexagon state on {6,4}: each hexagon carries the 6-leg perfect tensor,
 *   one leg per edge (legs b1..b5 then the bulk leg a), no bulk input.
 *
 * Both are what the greedy cut needs: read as a map from its legs off the
 * cut to its legs on the cut, a tile tensor is a multiple of an isometry as
 * soon as at least 3 of its legs are on the cut (for the pentagon, because the
 * 6-leg tensor with its bulk leg among the inputs is orthogonal across 3|3).
 */
import type { Prng } from "../prng.js"
import { hyperbolicTiling, tilingGraph } from "./hyperbolic-tiling.js"
import type { NetworkGraph, TensorNetwork } from "./network.js"
import { encodeBulk, perfectTensor } from "./perfect-tensor.js"

export const happyTilings = ["pentagon", "hexagon"] as const
export type HappyTiling = (typeof happyTilings)[number]

export interface HappySpec {
  readonly tiling: HappyTiling
  /** Rings of tiles around the central one. */
  readonly layers: number
  /** Keep only the first this many tiles; 0 or absent: every tile of `layers` rings. */
  readonly maxTiles?: number
}

/** The Schläfli symbol {p, q} of each tiling. */
export const happySchlafli: Readonly<Record<HappyTiling, { readonly p: number; readonly q: number }>> = { pentagon: { p: 5, q: 4 }, hexagon: { p: 6, q: 4 } }

/** The tiling patch's graph with qubit legs. */
export const happyGraph = (spec: HappySpec): NetworkGraph =>
  tilingGraph(hyperbolicTiling({ ...happySchlafli[spec.tiling], layers: spec.layers, maxTiles: spec.maxTiles ?? 0 }), 2)

/** Random bulk qubit states: Gaussian 2-vectors normalised to unit length. */
export const randomBulkStates = (count: number, prng: Prng): Float64Array[] =>
  Array.from({ length: count }, () => {
    const v = prng.fillNormal(new Float64Array(2))
    const norm = Math.hypot(v[0]!, v[1]!)
    return v.map((x) => x / norm)
  })

/**
 * The HaPPY network on a graph from `happyGraph`. The pentagon code needs one
 * bulk qubit state per tile (default |0⟩ on every tile); the hexagon state
 * takes none.
 */
export const happyNetwork = (tiling: HappyTiling, graph: NetworkGraph, bulk?: ReadonlyArray<Float64Array>): TensorNetwork => {
  const legs = happySchlafli[tiling].p
  graph.nodes.forEach((dims, node) => {
    if (dims.length !== legs || dims.some((d) => d !== 2)) throw new RangeError(`node ${node} is not a ${tiling} tile with ${legs} qubit legs`)
  })
  if (tiling === "hexagon") {
    if (bulk !== undefined) throw new RangeError("the hexagon state has no bulk legs; bulk states cannot be given")
    const tensor = perfectTensor()
    return { graph, tensors: graph.nodes.map(() => tensor) }
  }
  const states = bulk ?? graph.nodes.map(() => Float64Array.of(1, 0))
  if (states.length !== graph.nodes.length) throw new RangeError(`expected one bulk state per tile (${graph.nodes.length}), got ${states.length}`)
  return { graph, tensors: states.map(encodeBulk) }
}
