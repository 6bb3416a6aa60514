import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../compute/backend.js"
import { Prng } from "../prng.js"
import { contractJs } from "./contract-js.js"
import { contractTfjs } from "./contract-tfjs.js"
import { contractionPlan } from "./contraction-plan.js"
import { happyGraph, happyNetwork, randomBulkStates } from "./happy.js"
import { meraGraph, meraTensors } from "./mera.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const maxDifference = (a: Float64Array, b: Float64Array) => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i]!)), 0)

describe("contractTfjs", () => {
  it("contracts a batch of fillings of one graph as the js kernel does each, in float32, leaving no tensor behind", async () => {
    const mera = meraGraph({ layers: 2, bondDimension: 3 })
    const prng = Prng.seeded(11)
    const networks = Array.from({ length: 4 }, () => meraTensors(mera, prng))
    const plan = contractionPlan(mera.graph)
    const before = tf.memory().numTensors
    const states = await contractTfjs(
      plan,
      networks.map((n) => n.tensors),
    )
    expect(tf.memory().numTensors).toBe(before)
    expect(states).toHaveLength(4)
    states.forEach((state, b) => {
      const reference = contractJs(plan, networks[b]!.tensors)
      expect(state.dims).toEqual(reference.dims)
      // Unit-norm states of 3^8 amplitudes: float32 rounding stays far below 1e-6.
      expect(maxDifference(state.amplitudes, reference.amplitudes)).toBeLessThan(1e-6)
    })
  })

  it("handles the 2^20-amplitude pentagon code and an empty batch", async () => {
    const graph = happyGraph({ tiling: "pentagon", layers: 1 })
    const network = happyNetwork("pentagon", graph, randomBulkStates(graph.nodes.length, Prng.seeded(3)))
    const plan = contractionPlan(graph)
    const [state] = await contractTfjs(plan, [network.tensors])
    const reference = contractJs(plan, network.tensors)
    expect(state!.amplitudes).toHaveLength(2 ** 20)
    expect(maxDifference(state!.amplitudes, reference.amplitudes)).toBeLessThan(1e-7)
    expect(await contractTfjs(plan, [])).toEqual([])
  })

  it("rejects a filling that does not fit the plan's graph", async () => {
    const plan = contractionPlan(meraGraph({ layers: 1, bondDimension: 2 }).graph)
    await expect(contractTfjs(plan, [[new Float64Array(4)]])).rejects.toThrow(/one tensor per node/)
  })
})
