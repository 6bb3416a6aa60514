/**
 * What is measured for one boundary region of one network: its entropies,
 * its minimal cut, its greedy cuts, and whether the Ryu-Takayanagi bound
 * S(A) ≤ min cut · ln χ is saturated.
 */
import type { BoundaryState } from "./boundary-state.js"
import { entanglementEntropies } from "./entropy.js"
import { greedyGeodesics } from "./greedy-cut.js"
import { type MinimalCut, minimalCut } from "./min-cut.js"
import { type TensorNetwork, complementOf } from "./network.js"
import type { BoundaryRegion } from "./regions.js"

export interface RegionMeasurement {
  readonly start: number
  readonly size: number
  /** von Neumann entropy S(A) (nats). */
  readonly vonNeumann: number
  /** Rényi-2 entropy S_2(A) (nats). */
  readonly renyi2: number
  /** Edges in the minimal cut. */
  readonly minCut: number
  /** Σ ln d over the minimal cut (nats): min cut · ln χ for bond dimension χ. */
  readonly minCutNats: number
  /** Edges in the greedy cut grown from A. */
  readonly greedyCut: number
  /** The greedy cuts grown from A and from Ā coincide (RT holds exactly on them). */
  readonly greedyCoincide: boolean
  /** |S(A) − min cut · ln χ| ≤ tolerance. */
  readonly rtSaturated: boolean
}

/**
 * Measures one region. Entropies are computed on the smaller of A and Ā (equal
 * for a pure state); `cut` may be passed when already known for this graph.
 */
export const measureRegion = (
  network: TensorNetwork,
  state: BoundaryState,
  region: BoundaryRegion,
  options: { readonly rtTolerance: number; readonly cut?: MinimalCut },
): RegionMeasurement => {
  const legs = state.dims.length
  const smaller = 2 * region.size <= legs ? region.legs : complementOf(legs, region.legs)
  const entropies = entanglementEntropies(state, smaller)
  const cut = options.cut ?? minimalCut(network.graph, region.legs)
  const greedy = greedyGeodesics(network, region.legs)
  return {
    start: region.start,
    size: region.size,
    vonNeumann: entropies.vonNeumann,
    renyi2: entropies.renyi2,
    minCut: cut.edges.length,
    minCutNats: cut.value,
    greedyCut: greedy.fromRegion.edges.length,
    greedyCoincide: greedy.coincide,
    rtSaturated: Math.abs(entropies.vonNeumann - cut.value) <= options.rtTolerance,
  }
}
