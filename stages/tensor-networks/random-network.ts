/**
 * Random tensor networks (Hayden, Nezami, Qi, Thomas, Walter, Yang 2016):
 * every tensor of any graph filled with independent Gaussian entries (real
 * here), and random connected graphs to put them on: a random spanning tree
 * (vertex i joins a uniformly drawn earlier vertex), extra bonds between
 * uniformly drawn distinct vertices, and boundary legs on uniformly drawn
 * vertices, in the order drawn.
 */
import type { Prng } from "../prng.js"
import { type LegRef, type NetworkGraph, type TensorNetwork, tensorSize, validateGraph } from "./network.js"
import { gaussianTensor } from "./random-isometry.js"

export interface RandomGraphSpec {
  readonly vertices: number
  /** Bonds added to the spanning tree (multiple bonds between two vertices allowed). */
  readonly extraBonds: number
  readonly boundaryLegs: number
  readonly bondDimension: number
}

export const randomGraph = (spec: RandomGraphSpec, prng: Prng): NetworkGraph => {
  const { vertices, extraBonds, boundaryLegs, bondDimension } = spec
  if (!Number.isInteger(vertices) || vertices < 1) throw new RangeError(`vertices must be an integer >= 1, got ${vertices}`)
  if (!Number.isInteger(extraBonds) || extraBonds < 0) throw new RangeError(`extraBonds must be an integer >= 0, got ${extraBonds}`)
  if (extraBonds > 0 && vertices < 2) throw new RangeError("extra bonds need at least 2 vertices")
  if (!Number.isInteger(boundaryLegs) || boundaryLegs < 1) throw new RangeError(`boundaryLegs must be an integer >= 1, got ${boundaryLegs}`)
  if (!Number.isInteger(bondDimension) || bondDimension < 1) throw new RangeError(`bondDimension must be an integer >= 1, got ${bondDimension}`)
  const nodes: number[][] = Array.from({ length: vertices }, () => [])
  const leg = (node: number): LegRef => {
    nodes[node]!.push(bondDimension)
    return { node, leg: nodes[node]!.length - 1 }
  }
  const bonds: Array<readonly [LegRef, LegRef]> = []
  for (let v = 1; v < vertices; v++) bonds.push([leg(v), leg(prng.int(0, v - 1))])
  for (let e = 0; e < extraBonds; e++) {
    const a = prng.int(0, vertices - 1)
    const drawn = prng.int(0, vertices - 2)
    bonds.push([leg(a), leg(drawn >= a ? drawn + 1 : drawn)])
  }
  const boundary = Array.from({ length: boundaryLegs }, () => leg(prng.int(0, vertices - 1)))
  return { nodes, bonds, boundary }
}

/** Fills every tensor of a graph with independent N(0, 1) entries. */
export const randomTensors = (graph: NetworkGraph, prng: Prng): TensorNetwork => {
  validateGraph(graph)
  return { graph, tensors: graph.nodes.map((dims) => gaussianTensor(tensorSize(dims), prng)) }
}
