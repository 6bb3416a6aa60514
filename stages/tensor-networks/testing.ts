/**
 * fast-check arbitraries of small tensor networks for the tests: every
 * network is built by the library's own builders from a drawn seed, small
 * enough that exact contraction and every entropy take milliseconds.
 */
import fc from "fast-check"
import { Prng } from "../prng.js"
import { happyGraph, happyNetwork, randomBulkStates } from "./happy.js"
import { binaryMera } from "./mera.js"
import type { BoundaryState } from "./boundary-state.js"
import { type Entropies, entanglementEntropies } from "./entropy.js"
import { type TensorNetwork, boundaryDims, complementOf, tensorSize } from "./network.js"
import { randomGraph, randomTensors } from "./random-network.js"

export interface Labelled {
  /** What the network is, for failure messages. */
  readonly label: string
  readonly network: TensorNetwork
}

const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 })

/** Gaussian tensors on a random connected graph: 1-6 tensors of at most 729 entries, 1-9 boundary legs, χ = 2 or 3 (at most 3^7 amplitudes). */
export const randomNetworks: fc.Arbitrary<Labelled> = fc
  .record({
    vertices: fc.integer({ min: 1, max: 6 }),
    extraBonds: fc.integer({ min: 0, max: 4 }),
    boundaryLegs: fc.integer({ min: 1, max: 9 }),
    bondDimension: fc.integer({ min: 2, max: 3 }),
    seed,
  })
  .filter((spec) => (spec.vertices > 1 || spec.extraBonds === 0) && spec.bondDimension ** spec.boundaryLegs <= 3 ** 7)
  .map((spec) => {
    const prng = Prng.seeded(spec.seed)
    const graph = randomGraph(spec, prng)
    return { spec, graph, after: prng.state() }
  })
  .filter(({ graph }) => graph.nodes.every((dims) => tensorSize(dims) <= 729))
  .map(({ spec, graph, after }) => ({ label: `random ${JSON.stringify(spec)}`, network: randomTensors(graph, Prng.fromState(after)) }))

/** Binary MERA with 0-2 layers (2-8 sites), χ = 2 or 3 (χ = 3 up to 1 layer). */
export const meraNetworks: fc.Arbitrary<Labelled> = fc
  .record({ layers: fc.integer({ min: 0, max: 2 }), bondDimension: fc.integer({ min: 2, max: 3 }), seed })
  .filter((spec) => spec.bondDimension === 2 || spec.layers <= 1)
  .map((spec) => ({ label: `mera ${JSON.stringify(spec)}`, network: binaryMera(spec, Prng.seeded(spec.seed)) }))

/** HaPPY networks: the pentagon code with 1-4 tiles and random bulk qubits (5-14 qubits), the hexagon state with 1-3 tiles (6-14). */
export const happyNetworks: fc.Arbitrary<Labelled> = fc.oneof(
  fc.record({ tiles: fc.integer({ min: 1, max: 4 }), seed }).map(({ tiles, seed: s }) => {
    const graph = happyGraph({ tiling: "pentagon", layers: 1, maxTiles: tiles })
    return { label: `happy pentagon, ${tiles} tiles, seed ${s}`, network: happyNetwork("pentagon", graph, randomBulkStates(tiles, Prng.seeded(s))) }
  }),
  fc.integer({ min: 1, max: 3 }).map((tiles) => ({
    label: `happy hexagon, ${tiles} tiles`,
    network: happyNetwork("hexagon", happyGraph({ tiling: "hexagon", layers: 1, maxTiles: tiles })),
  })),
)

export const anyNetwork: fc.Arbitrary<Labelled> = fc.oneof(randomNetworks, meraNetworks, happyNetworks)

/** A network with a random subset of its boundary legs. */
export const networkAndRegion = (networks: fc.Arbitrary<Labelled>) =>
  networks.chain((labelled) =>
    fc.tuple(fc.constant(labelled), fc.subarray(Array.from({ length: labelled.network.graph.boundary.length }, (_, i) => i))),
  )

/**
 * A network with a random region A such that both ρ_A and ρ_Ā have dimension
 * at most `maxSide` (so each can be diagonalised directly); networks without
 * such a region are skipped.
 */
export const networkAndBalancedRegion = (networks: fc.Arbitrary<Labelled>, maxSide = 256) =>
  networks
    .chain((labelled) => {
      const legs = labelled.network.graph.boundary.length
      const all = Array.from({ length: legs }, (_, i) => i)
      return fc.tuple(fc.constant(labelled), fc.shuffledSubarray(all, { minLength: legs, maxLength: legs }), fc.nat())
    })
    .map(([labelled, order, pick]) => {
      const dims = boundaryDims(labelled.network.graph)
      const total = tensorSize(dims)
      const cuts = order
        .map((_, k) => k + 1)
        .filter((k) => {
          const side = tensorSize(order.slice(0, k).map((leg) => dims[leg]!))
          return side <= maxSide && total / side <= maxSide
        })
      return { labelled, region: cuts.length === 0 ? null : order.slice(0, cuts[pick % cuts.length]!) }
    })
    .filter((drawn): drawn is { labelled: Labelled; region: number[] } => drawn.region !== null)
    .map(({ labelled, region }) => [labelled, region] as const)

/** S(A) and S_2(A) computed on the smaller of A and Ā (equal for a pure state, see the property tests), so ρ stays small. */
export const entropyOf = (state: BoundaryState, region: ReadonlyArray<number>): Entropies => {
  const sideA = tensorSize(region.map((leg) => state.dims[leg]!))
  return entanglementEntropies(state, sideA * sideA <= tensorSize(state.dims) ? region : complementOf(state.dims.length, region))
}
