import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { happyGraph } from "./happy.js"
import { meraGraph } from "./mera.js"
import { minimalCut } from "./min-cut.js"
import { type NetworkGraph, complementOf, incidence } from "./network.js"
import { networkAndRegion, randomNetworks } from "./testing.js"

/** The minimal cut by trying every assignment of the nodes to A's side or Ā's. */
const bruteForceCut = (graph: NetworkGraph, region: ReadonlyArray<number>): number => {
  const { edges } = incidence(graph)
  const n = graph.nodes.length
  const inRegion = new Set(region)
  let best = Infinity
  for (let mask = 0; mask < 2 ** n; mask++) {
    const side = (vertex: number) => (vertex < n ? (mask >> vertex) & 1 : inRegion.has(vertex - n) ? 1 : 0)
    const value = edges.reduce((sum, { ends, dimension }) => (side(ends[0]) === side(ends[1]) ? sum : sum + Math.log(dimension)), 0)
    best = Math.min(best, value)
  }
  return best
}

describe("minimalCut", () => {
  it("equals the brute-force minimum over all bipartitions of the nodes, and its edges separate A from Ā", () => {
    fc.assert(
      fc.property(networkAndRegion(randomNetworks), ([{ network }, region]) => {
        const cut = minimalCut(network.graph, region)
        expect(cut.value).toBeCloseTo(bruteForceCut(network.graph, region), 10)
        // Removing the cut edges leaves no path from a leg of A to a leg of Ā.
        const { vertices, edges } = incidence(network.graph)
        const removed = new Set(cut.edges)
        const n = network.graph.nodes.length
        const reached = new Set(region.map((leg) => n + leg))
        for (let grew = true; grew; ) {
          grew = false
          edges.forEach(({ ends: [a, b] }, id) => {
            if (removed.has(id) || reached.has(a) === reached.has(b)) return
            reached.add(a)
            reached.add(b)
            grew = true
          })
        }
        expect(complementOf(vertices - n, region).some((leg) => reached.has(n + leg))).toBe(false)
      }),
      { numRuns: 100 },
    )
  })

  it("cuts the bonds of the MERA's causal cone and the pentagon code's geodesics", () => {
    const mera = meraGraph({ layers: 2, bondDimension: 3 }).graph
    // One site: its own leg. Two sites under one disentangler: the two legs below it, not more.
    expect(minimalCut(mera, [0]).edges).toHaveLength(1)
    expect(minimalCut(mera, [1, 2]).edges).toHaveLength(2)
    expect(minimalCut(mera, [1, 2]).value).toBeCloseTo(2 * Math.log(3), 14)
    // Four sites from an odd one lie under two whole disentanglers: the cut moves into the bulk, 3 bonds instead of 4 legs.
    expect(minimalCut(mera, [1, 2, 3, 4]).edges).toHaveLength(3)
    expect(minimalCut(mera, [0, 1, 2, 3]).edges).toHaveLength(4)
    const pentagons = happyGraph({ tiling: "pentagon", layers: 1 })
    // The four free legs of one outer pentagon: cut its single bond to the centre instead.
    const outer = pentagons.boundary.flatMap((ref, leg) => (ref.node === 1 ? [leg] : []))
    expect(outer).toHaveLength(4)
    expect(minimalCut(pentagons, outer).edges).toHaveLength(1)
    expect(minimalCut(pentagons, []).edges).toHaveLength(0)
  })

  it("rejects a region that is not a set of boundary legs", () => {
    const graph = meraGraph({ layers: 1, bondDimension: 2 }).graph
    expect(() => minimalCut(graph, [4])).toThrow(/not a boundary leg index in \[0, 4\)/)
    expect(() => minimalCut(graph, [1, 1])).toThrow(/twice/)
  })
})
