import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { incidence, validateGraph } from "./network.js"
import { randomGraph, randomTensors } from "./random-network.js"

describe("random tensor networks", () => {
  it("live on connected graphs with the requested bonds and legs", () => {
    const prng = Prng.seeded(12)
    for (let trial = 0; trial < 20; trial++) {
      const spec = { vertices: 1 + (trial % 7), extraBonds: trial % 7 === 0 ? 0 : trial % 3, boundaryLegs: 1 + (trial % 5), bondDimension: 2 }
      const graph = randomGraph(spec, prng)
      validateGraph(graph)
      expect(graph.bonds).toHaveLength(spec.vertices - 1 + spec.extraBonds)
      expect(graph.boundary).toHaveLength(spec.boundaryLegs)
      const { edges } = incidence(graph)
      const reached = new Set([0])
      for (let grew = true; grew; ) {
        grew = false
        for (const { ends } of edges.slice(0, graph.bonds.length)) {
          if (reached.has(ends[0]) !== reached.has(ends[1])) {
            reached.add(ends[0]).add(ends[1])
            grew = true
          }
        }
      }
      expect(reached.size).toBe(spec.vertices)
    }
  })

  it("fill every tensor with Gaussian entries drawn from the seed", () => {
    const graph = randomGraph({ vertices: 3, extraBonds: 1, boundaryLegs: 4, bondDimension: 3 }, Prng.seeded(1))
    const a = randomTensors(graph, Prng.seeded(2))
    expect(a.tensors).toEqual(randomTensors(graph, Prng.seeded(2)).tensors)
    const entries = a.tensors.flatMap((t) => Array.from(t))
    const mean = entries.reduce((s, v) => s + v, 0) / entries.length
    expect(Math.abs(mean)).toBeLessThan(0.5)
    expect(() => randomGraph({ vertices: 1, extraBonds: 1, boundaryLegs: 1, bondDimension: 2 }, Prng.seeded(1))).toThrow(/at least 2 vertices/)
  })
})
