import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { squaredNorm } from "./boundary-state.js"
import { contractNetwork } from "./contract-js.js"
import { happyGraph, happyNetwork, randomBulkStates } from "./happy.js"
import { encodeBulk } from "./perfect-tensor.js"

describe("HaPPY networks", () => {
  it("on one pentagon are the encoded bulk qubit", () => {
    const graph = happyGraph({ tiling: "pentagon", layers: 0 })
    const bulk = randomBulkStates(1, Prng.seeded(2))
    const state = contractNetwork(happyNetwork("pentagon", graph, bulk))
    expect(Array.from(state.amplitudes)).toEqual(Array.from(encodeBulk(bulk[0]!)))
    expect(squaredNorm(state)).toBeCloseTo(1, 14)
  })

  it("default to |0⟩ bulk qubits and give the 20-qubit code on centre and five neighbours", () => {
    const graph = happyGraph({ tiling: "pentagon", layers: 1 })
    const network = happyNetwork("pentagon", graph)
    expect(graph.boundary).toHaveLength(20)
    expect(network.tensors.every((t) => t.every((v, i) => v === encodeBulk(Float64Array.of(1, 0))[i]))).toBe(true)
  })

  it("refuse bulk states the tiling does not have and graphs of other tiles", () => {
    const hexagons = happyGraph({ tiling: "hexagon", layers: 0 })
    expect(() => happyNetwork("hexagon", hexagons, [Float64Array.of(1, 0)])).toThrow(/no bulk legs/)
    expect(() => happyNetwork("pentagon", hexagons)).toThrow(/not a pentagon tile/)
    const pentagons = happyGraph({ tiling: "pentagon", layers: 1 })
    expect(() => happyNetwork("pentagon", pentagons, randomBulkStates(2, Prng.seeded(1)))).toThrow(/one bulk state per tile \(6\), got 2/)
  })
})
