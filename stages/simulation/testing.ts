/**
 * Helpers shared by the simulation's unit and property tests: the random
 * fields and analytic fields with prescribed zeros that the vortex tests read
 * charges and currents from, and the arbitraries they are drawn with.
 */
import fc from "fast-check"
import { Prng } from "../prng.js"
import type { ComplexField } from "./field.js"
import type { Lattice } from "./lattice/lattice.js"

/** Twist holonomies α over the config's range [-2π, 2π]. */
export const holonomyArb = fc.double({ min: -2 * Math.PI, max: 2 * Math.PI, noNaN: true })

/** Seeds for randomField. */
export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 })

/** ψ with independent standard normal real and imaginary parts at every node (re drawn first), from a seeded PRNG. */
export const randomField = (nodeCount: number, seed: number): ComplexField => {
  const prng = Prng.seeded(seed)
  return { re: prng.fillNormal(new Float64Array(nodeCount)), im: prng.fillNormal(new Float64Array(nodeCount)) }
}

/** A zero ζ_k = x + iy of order n of an analytic field, in chart coordinates. */
export interface Zero {
  readonly x: number
  readonly y: number
  readonly n: 1 | -1
}

/**
 * ψ = Π_k (ζ - ζ_k)^{n_k} up to modulus, ζ = u + iv the node's chart point: a
 * field whose vortices are exactly the zeros (on a flat chart that resolves
 * them). (ζ - ζ_k)^{-1} has the phase of conj(ζ - ζ_k), and the modulus is
 * irrelevant to charges and currents, so n = -1 contributes the conjugate.
 */
export const analyticField = (lattice: Lattice, zeros: readonly Zero[]): ComplexField => {
  const re = new Float64Array(lattice.nodeCount)
  const im = new Float64Array(lattice.nodeCount)
  for (let node = 0; node < lattice.nodeCount; node++) {
    let a = 1
    let b = 0
    for (const z of zeros) {
      const c = lattice.chart[2 * node]! - z.x
      const d = z.n * (lattice.chart[2 * node + 1]! - z.y)
      ;[a, b] = [a * c - b * d, a * d + b * c]
    }
    re[node] = a
    im[node] = b
  }
  return { re, im }
}
