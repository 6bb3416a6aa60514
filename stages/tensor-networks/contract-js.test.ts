import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { contractJs, contractNetwork } from "./contract-js.js"
import { contractionPlan } from "./contraction-plan.js"
import { type TensorNetwork, boundaryDims, tensorSize } from "./network.js"
import { randomNetworks } from "./testing.js"

/**
 * The boundary state by brute force: for every assignment of every bond and
 * boundary leg, the product of the tensor entries, summed over bonds.
 */
const contractByEnumeration = ({ graph, tensors }: TensorNetwork): Float64Array => {
  const labels = graph.nodes.map((dims) => new Array<number>(dims.length))
  graph.bonds.forEach(([a, b], bond) => {
    labels[a.node]![a.leg] = bond
    labels[b.node]![b.leg] = bond
  })
  graph.boundary.forEach(({ node, leg }, i) => (labels[node]![leg] = graph.bonds.length + i))
  const dims = [...graph.bonds.map(([a]) => graph.nodes[a.node]![a.leg]!), ...boundaryDims(graph)]
  const out = boundaryDims(graph)
  const state = new Float64Array(tensorSize(out))
  const value = new Array<number>(dims.length).fill(0)
  for (let assignment = 0; assignment < tensorSize(dims); assignment++) {
    let rest = assignment
    for (let l = dims.length - 1; l >= 0; l--) {
      value[l] = rest % dims[l]!
      rest = Math.floor(rest / dims[l]!)
    }
    let product = 1
    graph.nodes.forEach((legDims, node) => {
      const index = labels[node]!.reduce((offset, label, leg) => offset * legDims[leg]! + value[label]!, 0)
      product *= tensors[node]![index]!
    })
    const boundaryIndex = out.reduce((offset, d, i) => offset * d + value[graph.bonds.length + i]!, 0)
    state[boundaryIndex] += product
  }
  return state
}

describe("contractJs", () => {
  it("equals the brute-force sum over every bond assignment", () => {
    const small = randomNetworks.filter(({ network }) => {
      const g = network.graph
      return tensorSize([...g.bonds.map(([a]) => g.nodes[a.node]![a.leg]!), ...boundaryDims(g)]) <= 20_000
    })
    fc.assert(
      fc.property(small, ({ network }) => {
        const expected = contractByEnumeration(network)
        const actual = contractNetwork(network).amplitudes
        const scale = Math.max(1, ...expected.map(Math.abs))
        expected.forEach((v, i) => expect(Math.abs(actual[i]! - v)).toBeLessThan(1e-12 * scale * 100))
      }),
      { numRuns: 40 },
    )
  })

  it("runs one plan on any filling of its graph and rejects a filling of the wrong shape", () => {
    const graph = { nodes: [[2, 3], [3, 2]], bonds: [[{ node: 0, leg: 1 }, { node: 1, leg: 0 }] as const], boundary: [{ node: 0, leg: 0 }, { node: 1, leg: 1 }] }
    const plan = contractionPlan(graph)
    const a = Float64Array.of(1, 2, 3, 4, 5, 6)
    const b = Float64Array.of(1, 0, 0, 1, 1, 1)
    // (2×3)(3×2) = [[1+3, 2+3], [4+6, 5+6]]
    expect(Array.from(contractJs(plan, [a, b]).amplitudes)).toEqual([4, 5, 10, 11])
    expect(() => contractJs(plan, [a])).toThrow(/one tensor per node/)
    expect(() => contractJs(plan, [a, a.subarray(1)])).toThrow(/node 1 has 5 entries/)
  })
})
