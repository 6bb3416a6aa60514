import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { squaredNorm } from "./boundary-state.js"
import { contractNetwork } from "./contract-js.js"
import { isProportionalToIsometry } from "./greedy-cut.js"
import { binaryMera, meraGraph, meraTensors } from "./mera.js"
import { validateNetwork } from "./network.js"

describe("binary MERA", () => {
  it("has 2^(layers+1) sites, 2 + 4 + ... isometries and as many disentanglers", () => {
    for (const layers of [0, 1, 2, 3]) {
      const { graph, roles } = meraGraph({ layers, bondDimension: 3 })
      const perLayer = 2 ** (layers + 1) - 2
      expect(graph.boundary).toHaveLength(2 ** (layers + 1))
      expect(roles.filter((r) => r === "isometry")).toHaveLength(perLayer)
      expect(roles.filter((r) => r === "disentangler")).toHaveLength(perLayer)
      expect(graph.bonds).toHaveLength(3 * perLayer)
    }
  })

  it("is built from isometries in the direction of the circuit, and gives a unit state", () => {
    const mera = meraGraph({ layers: 2, bondDimension: 3 })
    const network = meraTensors(mera, Prng.seeded(9))
    validateNetwork(network)
    mera.roles.forEach((role, node) => {
      const dims = mera.graph.nodes[node]!
      const outputs = role === "top" ? [true, true] : role === "isometry" ? [false, true, true] : [false, false, true, true]
      expect(isProportionalToIsometry(network.tensors[node]!, dims, outputs)).toBe(true)
    })
    expect(squaredNorm(contractNetwork(network))).toBeCloseTo(1, 12)
  })

  it("is reproducible from the seed and rejects bad sizes", () => {
    const a = binaryMera({ layers: 1, bondDimension: 2 }, Prng.seeded(5))
    const b = binaryMera({ layers: 1, bondDimension: 2 }, Prng.seeded(5))
    expect(a.tensors).toEqual(b.tensors)
    expect(() => meraGraph({ layers: 13, bondDimension: 2 })).toThrow(/in \[0, 12\]/)
    expect(() => meraGraph({ layers: 1, bondDimension: 1 })).toThrow(/integer >= 2/)
  })
})
