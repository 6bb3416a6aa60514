import { describe, expect, it } from "vitest"
import { contractionPlan } from "./contraction-plan.js"
import { happyGraph } from "./happy.js"
import { meraGraph } from "./mera.js"

describe("contractionPlan", () => {
  it("contracts N tensors in N - 1 steps and ends with the boundary legs in order", () => {
    const { graph } = meraGraph({ layers: 2, bondDimension: 2 })
    const plan = contractionPlan(graph)
    expect(plan.steps).toHaveLength(graph.nodes.length - 1)
    expect(plan.boundaryDims).toEqual(new Array(8).fill(2))
    expect([...plan.finalPerm].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    // Every step's product has the sizes of its operands: m·k = left size, k·n = right size.
    for (const step of plan.steps) {
      expect(step.m * step.k).toBe(step.leftDims.reduce((s, d) => s * d, 1))
      expect(step.k * step.n).toBe(step.rightDims.reduce((s, d) => s * d, 1))
    }
  })

  it("keeps every intermediate of a network of isometries no larger than the boundary state", () => {
    const { graph } = meraGraph({ layers: 3, bondDimension: 2 })
    expect(contractionPlan(graph).largest).toBe(2 ** 16)
    expect(contractionPlan(happyGraph({ tiling: "pentagon", layers: 1 })).largest).toBe(2 ** 20)
  })

  it("joins disconnected tensors by outer products", () => {
    const graph = { nodes: [[2], [3]], bonds: [], boundary: [{ node: 1, leg: 0 }, { node: 0, leg: 0 }] }
    const plan = contractionPlan(graph)
    expect(plan.steps).toEqual([expect.objectContaining({ left: 0, right: 1, m: 2, k: 1, n: 3 })])
    expect(plan.finalPerm).toEqual([1, 0])
  })

  it("refuses a plan beyond the amplitude limit and a malformed graph", () => {
    const { graph } = meraGraph({ layers: 3, bondDimension: 2 })
    expect(() => contractionPlan(graph, { maxAmplitudes: 2 ** 15 })).toThrow(/65536 amplitudes, more than the limit of 32768/)
    expect(() => contractionPlan({ nodes: [[2, 2]], bonds: [], boundary: [{ node: 0, leg: 0 }] })).toThrow(/leg 1 of node 0 is neither bonded nor on the boundary/)
    const bond = [{ node: 0, leg: 0 }, { node: 1, leg: 0 }] as const
    expect(() => contractionPlan({ nodes: [[2], [3]], bonds: [bond], boundary: [] })).toThrow(/at least one boundary leg/)
    expect(() => contractionPlan({ nodes: [[2], [3]], bonds: [bond], boundary: [{ node: 1, leg: 1 }] })).toThrow(/dimension 2\) to leg 0 of node 1 \(dimension 3/)
    expect(() => contractionPlan({ nodes: [[2], [2]], bonds: [bond], boundary: [{ node: 0, leg: 0 }] })).toThrow(/leg 0 of node 0 is used twice/)
    expect(() => contractionPlan({ nodes: [[2, 2, 2]], bonds: [[{ node: 0, leg: 0 }, { node: 0, leg: 1 }]], boundary: [{ node: 0, leg: 2 }] })).toThrow(
      /bond 0 joins two legs of node 0/,
    )
  })
})
