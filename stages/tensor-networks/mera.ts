/**
 * The binary MERA (Vidal 2007) on a ring, as a state-preparation circuit read
 * from the top: a random unit state on 2 sites; then each layer maps every
 * site through an isometry w (1 leg → 2 legs, wᵀw = 1) and applies a
 * disentangler u (2 legs → 2 legs, orthogonal) to the fine sites
 * (2i+1, 2i+2 mod L), straddling neighbouring isometries. After `layers`
 * layers the boundary has L = 2^(layers+1) sites of dimension χ.
 *
 * Leg orders: top [s0, s1]; isometry [in, out1, out2]; disentangler
 * [in1, in2, out1, out2]. Isometries and disentanglers are Haar-random real
 * isometries (randomIsometry), so the network is an isometry from the top
 * state to the boundary and the boundary state has norm 1 without any
 * renormalisation.
 */
import type { Prng } from "../prng.js"
import type { LegRef, NetworkGraph, TensorNetwork } from "./network.js"
import { gaussianTensor, randomIsometry } from "./random-isometry.js"

export interface MeraSpec {
  readonly layers: number
  readonly bondDimension: number
}

export type MeraRole = "top" | "isometry" | "disentangler"

export interface MeraGraph {
  readonly graph: NetworkGraph
  readonly roles: ReadonlyArray<MeraRole>
}

/** Largest number of layers accepted (2^13 boundary sites): beyond it only the graph, never the state, is usable. */
export const maxMeraLayers = 12

export const meraGraph = (spec: MeraSpec): MeraGraph => {
  const { layers, bondDimension: chi } = spec
  if (!Number.isInteger(layers) || layers < 0 || layers > maxMeraLayers) throw new RangeError(`MERA layers must be an integer in [0, ${maxMeraLayers}], got ${layers}`)
  if (!Number.isInteger(chi) || chi < 2) throw new RangeError(`MERA bond dimension must be an integer >= 2, got ${chi}`)
  const nodes: number[][] = []
  const roles: MeraRole[] = []
  const bonds: Array<readonly [LegRef, LegRef]> = []
  const add = (role: MeraRole, legs: number) => {
    nodes.push(new Array<number>(legs).fill(chi))
    roles.push(role)
    return nodes.length - 1
  }
  const top = add("top", 2)
  let sites: LegRef[] = [
    { node: top, leg: 0 },
    { node: top, leg: 1 },
  ]
  for (let layer = 0; layer < layers; layer++) {
    const fine: LegRef[] = sites.flatMap((site) => {
      const w = add("isometry", 3)
      bonds.push([site, { node: w, leg: 0 }])
      return [
        { node: w, leg: 1 },
        { node: w, leg: 2 },
      ]
    })
    for (let i = 0; i < fine.length / 2; i++) {
      const a = 2 * i + 1
      const b = (2 * i + 2) % fine.length
      const u = add("disentangler", 4)
      bonds.push([fine[a]!, { node: u, leg: 0 }], [fine[b]!, { node: u, leg: 1 }])
      fine[a] = { node: u, leg: 2 }
      fine[b] = { node: u, leg: 3 }
    }
    sites = fine
  }
  return { graph: { nodes, bonds, boundary: sites }, roles }
}

/** Fills a MERA graph with a random unit top state, random isometries and random disentanglers. */
export const meraTensors = (mera: MeraGraph, prng: Prng): TensorNetwork => {
  const tensors = mera.roles.map((role, node) => {
    const chi = mera.graph.nodes[node]![0]!
    switch (role) {
      case "top": {
        const state = gaussianTensor(chi * chi, prng)
        const norm = Math.hypot(...state)
        return state.map((v) => v / norm)
      }
      case "isometry":
        // Q is χ² × χ (rows: out1 out2, columns: in); the tensor is its transpose [in, out1, out2].
        return transpose(randomIsometry(chi * chi, chi, prng), chi * chi, chi)
      case "disentangler":
        return transpose(randomIsometry(chi * chi, chi * chi, prng), chi * chi, chi * chi)
    }
  })
  return { graph: mera.graph, tensors }
}

const transpose = (matrix: Float64Array, rows: number, cols: number): Float64Array => {
  const result = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) result[j * rows + i] = matrix[i * cols + j]!
  return result
}

/** A random binary MERA: its graph filled by meraTensors. */
export const binaryMera = (spec: MeraSpec, prng: Prng): TensorNetwork => meraTensors(meraGraph(spec), prng)
