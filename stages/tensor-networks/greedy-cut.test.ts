import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { greedyCut, greedyGeodesics, isProportionalToIsometry } from "./greedy-cut.js"
import { contractNetwork } from "./contract-js.js"
import { entanglementEntropies } from "./entropy.js"
import { happyGraph, happyNetwork, randomBulkStates } from "./happy.js"
import { minimalCut } from "./min-cut.js"
import { binaryMera } from "./mera.js"
import { randomIsometry } from "./random-isometry.js"

describe("isProportionalToIsometry", () => {
  it("accepts multiples of isometries from the legs off the cut and rejects generic maps and wrong directions", () => {
    // 8 × 2 isometry as a tensor [out1, out2, out3, in]: onCut marks the outputs.
    const w = randomIsometry(8, 2, Prng.seeded(1)).map((v) => 3 * v)
    const dims = [2, 2, 2, 2]
    expect(isProportionalToIsometry(w, dims, [true, true, true, false])).toBe(true)
    expect(isProportionalToIsometry(w, dims, [false, true, true, true])).toBe(false)
    expect(isProportionalToIsometry(w, dims, [true, false, false, false])).toBe(false)
    expect(isProportionalToIsometry(w, dims, [true, true, true, true])).toBe(true)
    const generic = Prng.seeded(2).fillNormal(new Float64Array(16))
    expect(isProportionalToIsometry(generic, dims, [true, true, true, false])).toBe(false)
    expect(isProportionalToIsometry(new Float64Array(16), dims, [true, true, true, false])).toBe(false)
  })
})

describe("greedy cuts", () => {
  it("pass a pentagon tile once three of its legs are on the cut", () => {
    const graph = happyGraph({ tiling: "pentagon", layers: 0 })
    const network = happyNetwork("pentagon", graph)
    expect(greedyCut(network, [0, 1]).absorbed).toEqual([])
    expect(greedyCut(network, [0, 1]).edges).toHaveLength(2)
    expect(greedyCut(network, [0, 1, 3]).absorbed).toEqual([0])
    // Past the tile, the cut is the complement's two legs: both greedy cuts are one.
    expect(greedyCut(network, [0, 1, 3]).edges).toEqual([2, 4])
    expect(greedyGeodesics(network, [0, 1]).coincide).toBe(true)
  })

  it("grow through a hexagon patch from each side and coincide on a central interval", () => {
    const graph = happyGraph({ tiling: "hexagon", layers: 1, maxTiles: 2 })
    const network = happyNetwork("hexagon", graph)
    // The 5 free legs of tile 1 pass tile 1; the cut is then the one bond between the tiles.
    const legsOfTile1 = graph.boundary.flatMap((ref, leg) => (ref.node === 1 ? [leg] : []))
    const geodesics = greedyGeodesics(network, legsOfTile1)
    expect(geodesics.fromRegion.absorbed).toEqual([1])
    expect(geodesics.fromComplement.absorbed).toEqual([0])
    expect(geodesics.coincide).toBe(true)
    expect(geodesics.fromRegion.edges).toEqual(geodesics.fromComplement.edges)
    expect(geodesics.fromRegion.edges).toHaveLength(1)
  })

  it("of minimal size from both sides do not make RT exact unless they coincide", () => {
    // Two pentagon-code tiles, 8 qubits; the interval 2..5 takes two free legs of each tile, so neither greedy cut moves.
    const graph = happyGraph({ tiling: "pentagon", layers: 1, maxTiles: 2 })
    const network = happyNetwork("pentagon", graph, randomBulkStates(2, Prng.seeded(1)))
    const region = [2, 3, 4, 5]
    const geodesics = greedyGeodesics(network, region)
    expect(geodesics.coincide).toBe(false)
    expect(geodesics.fromRegion.edges).toHaveLength(4)
    expect(geodesics.fromComplement.edges).toHaveLength(4)
    expect(minimalCut(graph, region).edges).toHaveLength(4)
    // Random bulk states make S(A) fall visibly short of min cut · ln 2 = 4 ln 2.
    const bits = entanglementEntropies(contractNetwork(network), region).vonNeumann / Math.LN2
    expect(bits).toBeLessThan(4 - 0.01)
    expect(bits).toBeGreaterThan(0)
  })

  it("pass MERA isometries and disentanglers only in their isometric direction", () => {
    const network = binaryMera({ layers: 1, bondDimension: 2 }, Prng.seeded(4))
    // All four sites: the disentanglers, then the isometries, then the top state.
    expect(greedyCut(network, [0, 1, 2, 3]).absorbed).toHaveLength(network.graph.nodes.length)
    // Sites 1 and 2 cover the outputs of one disentangler, which is passed; its inputs feed two isometries, each half covered.
    expect(greedyCut(network, [1, 2]).absorbed).toHaveLength(1)
    expect(greedyCut(network, [0]).absorbed).toEqual([])
  })
})
