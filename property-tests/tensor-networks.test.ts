/**
 * Invariants of holographic tensor networks (MODELS.md section 7), on random
 * networks (Gaussian tensors on random graphs, binary MERA, HaPPY pentagon
 * codes and hexagon states) and random boundary regions:
 *
 * - a network of isometries and unitaries yields a unit state unnormalised;
 * - S(A) = S(Ā) for the pure boundary state (von Neumann and Rényi-2);
 * - subadditivity, strong subadditivity and Araki-Lieb;
 * - S_2(A) ≤ S(A) ≤ (min cut of A) · ln χ;
 * - the perfect tensor is maximally entangled across every cut (3 ln 2 at 3|3);
 * - HaPPY regions whose greedy cuts from A and Ā coincide satisfy RT exactly,
 *   the greedy cut being a minimal one;
 * - the tfjs (float32, batched) and js (float64) contractions agree.
 */
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../stages/compute/backend.js"
import { Prng } from "../stages/prng.js"
import { squaredNorm } from "../stages/tensor-networks/boundary-state.js"
import { contractJs, contractNetwork } from "../stages/tensor-networks/contract-js.js"
import { contractTfjs } from "../stages/tensor-networks/contract-tfjs.js"
import { contractionPlan } from "../stages/tensor-networks/contraction-plan.js"
import { entanglementEntropies, entanglementSpectrum } from "../stages/tensor-networks/entropy.js"
import { greedyGeodesics } from "../stages/tensor-networks/greedy-cut.js"
import { happyGraph, happyNetwork, randomBulkStates } from "../stages/tensor-networks/happy.js"
import { minimalCut } from "../stages/tensor-networks/min-cut.js"
import { complementOf } from "../stages/tensor-networks/network.js"
import { perfectTensor } from "../stages/tensor-networks/perfect-tensor.js"
import { randomTensors } from "../stages/tensor-networks/random-network.js"
import {
  type Labelled,
  anyNetwork,
  entropyOf,
  happyNetworks,
  meraNetworks,
  networkAndBalancedRegion,
  networkAndRegion,
} from "../stages/tensor-networks/testing.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const tolerance = 1e-9

/** A network and a random labelling of its boundary legs: 0 in A, 1 in B, 2 in C, 3 in none. */
const networkAndThreeRegions = anyNetwork.chain((labelled) =>
  fc.tuple(fc.constant(labelled), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: labelled.network.graph.boundary.length, maxLength: labelled.network.graph.boundary.length })),
)

const legsLabelled = (labels: readonly number[], ...wanted: number[]) => labels.flatMap((label, leg) => (wanted.includes(label) ? [leg] : []))

describe("tensor network states", () => {
  it("of isometries and unitaries (MERA, one pentagon-code tile) have norm 1 without renormalising", () => {
    const oneTile = fc.integer({ min: 0, max: 2 ** 31 - 1 }).map(
      (seed): Labelled => ({
        label: `one pentagon, seed ${seed}`,
        network: happyNetwork("pentagon", happyGraph({ tiling: "pentagon", layers: 0 }), randomBulkStates(1, Prng.seeded(seed))),
      }),
    )
    fc.assert(
      fc.property(fc.oneof(meraNetworks, oneTile), ({ network }) => {
        expect(Math.abs(squaredNorm(contractNetwork(network)) - 1)).toBeLessThan(1e-12)
      }),
      { numRuns: 60 },
    )
  })

  it("are pure: S(A) = S(Ā) and S_2(A) = S_2(Ā), each computed on its own side", () => {
    fc.assert(
      fc.property(networkAndBalancedRegion(anyNetwork), ([{ network }, region]) => {
        const state = contractNetwork(network)
        const a = entanglementEntropies(state, region)
        const complement = entanglementEntropies(state, complementOf(state.dims.length, region))
        expect(Math.abs(a.vonNeumann - complement.vonNeumann)).toBeLessThan(tolerance)
        expect(Math.abs(a.renyi2 - complement.renyi2)).toBeLessThan(tolerance)
      }),
      { numRuns: 80 },
    )
  })

  it("satisfy subadditivity, strong subadditivity and Araki-Lieb on disjoint regions A, B, C", () => {
    fc.assert(
      fc.property(networkAndThreeRegions, ([{ network }, labels]) => {
        const state = contractNetwork(network)
        const s = (...wanted: number[]) => entropyOf(state, legsLabelled(labels, ...wanted)).vonNeumann
        const [a, b, ab, bc, abc] = [s(0), s(1), s(0, 1), s(1, 2), s(0, 1, 2)]
        expect(ab).toBeLessThanOrEqual(a + b + tolerance)
        expect(Math.abs(a - b)).toBeLessThanOrEqual(ab + tolerance)
        expect(b + abc).toBeLessThanOrEqual(ab + bc + tolerance)
      }),
      { numRuns: 80 },
    )
  })

  it("obey S_2(A) ≤ S(A) ≤ (min cut of A) · ln χ", () => {
    fc.assert(
      fc.property(networkAndRegion(anyNetwork), ([{ network }, region]) => {
        const { vonNeumann, renyi2 } = entropyOf(contractNetwork(network), region)
        const cut = minimalCut(network.graph, region)
        expect(renyi2).toBeLessThanOrEqual(vonNeumann + tolerance)
        expect(vonNeumann).toBeLessThanOrEqual(cut.value + tolerance)
      }),
      { numRuns: 100 },
    )
  })
})

describe("the perfect tensor", () => {
  it("is maximally entangled across every cut: S = S_2 = min(|A|, 6 - |A|) ln 2, so 3 ln 2 at every 3|3 cut", () => {
    const state = { dims: [2, 2, 2, 2, 2, 2], amplitudes: perfectTensor() }
    fc.assert(
      fc.property(fc.subarray([0, 1, 2, 3, 4, 5]), (region) => {
        const expected = Math.min(region.length, 6 - region.length) * Math.LN2
        const { vonNeumann, renyi2 } = entanglementEntropies(state, region)
        expect(Math.abs(vonNeumann - expected)).toBeLessThan(1e-12)
        expect(Math.abs(renyi2 - expected)).toBeLessThan(1e-12)
      }),
    )
  })
})

describe("HaPPY networks", () => {
  it("satisfy RT exactly on regions whose greedy cuts from A and Ā coincide: S = S_2 = |cut| ln 2 = min cut · ln 2", () => {
    let coinciding = 0
    fc.assert(
      fc.property(networkAndRegion(happyNetworks), ([{ network }, region]) => {
        const geodesics = greedyGeodesics(network, region)
        if (!geodesics.coincide) return
        coinciding += 1
        const state = contractNetwork(network)
        const { vonNeumann, renyi2 } = entropyOf(state, region)
        const greedy = geodesics.fromRegion.edges.length * Math.LN2
        const cut = minimalCut(network.graph, region)
        expect(geodesics.fromComplement.edges).toEqual(geodesics.fromRegion.edges)
        expect(Math.abs(vonNeumann - greedy)).toBeLessThan(tolerance)
        expect(Math.abs(renyi2 - greedy)).toBeLessThan(tolerance)
        expect(Math.abs(cut.value - greedy)).toBeLessThan(tolerance)
      }),
      { numRuns: 120 },
    )
    expect(coinciding).toBeGreaterThan(30)
  })

  it("have a flat entanglement spectrum on every interval of the 20-qubit pentagon code, whose greedy cuts all coincide", () => {
    const graph = happyGraph({ tiling: "pentagon", layers: 1 })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 1, max: 7 }), (seed, start, size) => {
        const network = happyNetwork("pentagon", graph, randomBulkStates(graph.nodes.length, Prng.seeded(seed)))
        const region = Array.from({ length: size }, (_, i) => (start + i) % 20)
        const geodesics = greedyGeodesics(network, region)
        expect(geodesics.coincide).toBe(true)
        const spectrum = entanglementSpectrum(contractNetwork(network), region)
        const rank = 2 ** geodesics.fromRegion.edges.length
        spectrum.forEach((p, i) => expect(Math.abs(p - (i < rank ? 1 / rank : 0))).toBeLessThan(1e-10))
        expect(minimalCut(graph, region).edges).toHaveLength(geodesics.fromRegion.edges.length)
      }),
      { numRuns: 6 },
    )
  })
})

describe("contraction kernels", () => {
  it("agree: tfjs (float32, a batch of fillings of one graph) equals js (float64) on every filling", async () => {
    await fc.assert(
      fc.asyncProperty(anyNetwork, fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 0, maxLength: 2 }), async ({ network }, seeds) => {
        const fillings = [network.tensors, ...seeds.map((seed) => randomTensors(network.graph, Prng.seeded(seed)).tensors)]
        const plan = contractionPlan(network.graph)
        const states = await contractTfjs(plan, fillings)
        fillings.forEach((tensors, b) => {
          const reference = contractJs(plan, tensors).amplitudes
          const scale = Math.max(...reference.map(Math.abs))
          reference.forEach((v, i) => expect(Math.abs(states[b]!.amplitudes[i]! - v)).toBeLessThanOrEqual(1e-5 * scale))
        })
      }),
      { numRuns: 40 },
    )
  })
})
