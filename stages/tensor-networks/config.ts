/**
 * The `network` config section and the network family it describes: which
 * networks are drawn each cycle, their size and bond dimension, and which
 * boundary regions are measured.
 */
import type { Schema } from "effect"
import { choice, integer, number, section } from "../parameters.js"
import type { Prng } from "../prng.js"
import { defaultMaxAmplitudes } from "./contraction-plan.js"
import { happyGraph, happyNetwork, happySchlafli, happyTilings, randomBulkStates } from "./happy.js"
import { hyperbolicTiling, tilingGraph } from "./hyperbolic-tiling.js"
import { maxMeraLayers, meraGraph, meraTensors } from "./mera.js"
import type { NetworkGraph, TensorNetwork } from "./network.js"
import { randomGraph, randomTensors } from "./random-network.js"

export const networkKinds = ["mera", "happy", "random"] as const
export type NetworkKind = (typeof networkKinds)[number]

export const randomGraphs = ["random", "tiling", "mera"] as const

export const networkSection = section(
  {
    kind: choice({
      values: networkKinds,
      default: "mera",
      description: "Network family: mera (random isometries and disentanglers), happy (perfect tensors of the [[5,1,3]] code), random (Gaussian tensors on network.graph)",
    }),
    bondDimension: integer({ default: 2, min: 2, max: 64, description: "Bond dimension χ of every leg (happy: must be 2, qubit legs)" }),
    layers: integer({
      default: 3,
      min: 0,
      max: maxMeraLayers,
      unit: "layers",
      description: "MERA: layers of isometries and disentanglers (2^(layers+1) boundary sites); tilings: rings of tiles around the central one",
    }),
    tiling: choice({
      values: happyTilings,
      default: "pentagon",
      description: "Tiling of happy networks and of random networks on a tiling: pentagon {5,4} (the code, one bulk qubit per tile) or hexagon {6,4} (the holographic state)",
    }),
    maxTiles: integer({ default: 0, min: 0, unit: "tiles", description: "Keep only the first this many tiles, in ring order; 0: every tile of network.layers rings" }),
    graph: choice({ values: randomGraphs, default: "random", description: "Graph of random networks: a random connected graph, the tiling's or the MERA's" }),
    vertices: integer({ default: 8, min: 1, unit: "tensors", description: "Random graph: number of tensors" }),
    extraBonds: integer({ default: 4, min: 0, unit: "bonds", description: "Random graph: bonds added to a random spanning tree" }),
    boundaryLegs: integer({ default: 12, min: 1, unit: "legs", description: "Random graph: open legs, each on a random tensor" }),
    regionMin: integer({ default: 1, min: 1, unit: "legs", description: "Smallest boundary interval measured" }),
    regionMax: integer({ default: 0, min: 0, unit: "legs", description: "Largest boundary interval measured; 0: half the boundary" }),
    regionStride: integer({ default: 1, min: 1, unit: "legs", description: "Intervals start every this many boundary legs" }),
    maxAmplitudes: integer({
      default: defaultMaxAmplitudes,
      min: 1,
      max: 2 ** 27,
      unit: "amplitudes",
      description: "Largest tensor the exact contraction may create, the boundary state included",
    }),
    batch: integer({ default: 8, min: 1, unit: "networks", description: "Networks contracted together (one batched product per step) by the tfjs kernel" }),
    rtTolerance: number({
      default: 1e-6,
      above: 0,
      unit: "nats",
      description: "A region saturates RT when |S(A) − min cut · ln χ| is at most this (float32 amplitudes on tfjs)",
    }),
  },
  "The tensor networks drawn each cycle and the boundary regions measured",
)

export type NetworkConfig = Schema.Schema.Type<typeof networkSection>

/** The family a config describes and how to draw one of its networks from the Prng. */
export interface NetworkFamily {
  readonly kind: NetworkKind
  readonly bondDimension: number
  readonly draw: (prng: Prng) => TensorNetwork
}

const tilingOf = (config: NetworkConfig) => ({ tiling: config.tiling, layers: config.layers, maxTiles: config.maxTiles })

const randomFamilyGraph = (config: NetworkConfig): ((prng: Prng) => NetworkGraph) => {
  const chi = config.bondDimension
  switch (config.graph) {
    case "random":
      return (prng) =>
        randomGraph({ vertices: config.vertices, extraBonds: config.extraBonds, boundaryLegs: config.boundaryLegs, bondDimension: chi }, prng)
    case "tiling": {
      const graph = tilingGraph(hyperbolicTiling({ ...happySchlafli[config.tiling], layers: config.layers, maxTiles: config.maxTiles }), chi)
      return () => graph
    }
    case "mera": {
      const { graph } = meraGraph({ layers: config.layers, bondDimension: chi })
      return () => graph
    }
  }
}

/**
 * Builds the family once (fixed graphs are shared by every draw); a bad
 * combination of values throws a RangeError naming the config key.
 */
export const networkFamily = (config: NetworkConfig): NetworkFamily => {
  switch (config.kind) {
    case "mera": {
      const mera = meraGraph({ layers: config.layers, bondDimension: config.bondDimension })
      return { kind: "mera", bondDimension: config.bondDimension, draw: (prng) => meraTensors(mera, prng) }
    }
    case "happy": {
      if (config.bondDimension !== 2) {
        throw new RangeError(`network.bondDimension: the HaPPY networks have qubit legs; expected 2, actual ${config.bondDimension}`)
      }
      const graph = happyGraph(tilingOf(config))
      return {
        kind: "happy",
        bondDimension: 2,
        draw: (prng) =>
          config.tiling === "pentagon" ? happyNetwork("pentagon", graph, randomBulkStates(graph.nodes.length, prng)) : happyNetwork("hexagon", graph),
      }
    }
    case "random": {
      const graph = randomFamilyGraph(config)
      return { kind: "random", bondDimension: config.bondDimension, draw: (prng) => randomTensors(graph(prng), prng) }
    }
  }
}
