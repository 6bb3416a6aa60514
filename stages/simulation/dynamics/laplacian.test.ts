import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../../compute/backend.js"
import type { ComplexField } from "../field.js"
import { ringLattice, torusLattice } from "../lattice/index.js"
import type { Lattice } from "../lattice/lattice.js"
import { magneticLaplacian } from "./laplacian.js"
import { linksOf, paddedLinksOf, spectralBound } from "./links.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const planeWave = (phases: Float64Array): ComplexField => ({ re: phases.map(Math.cos), im: phases.map(Math.sin) })

/** max_i |(Lψ)_i + λ ψ_i|. */
const eigenResidual = (lattice: Lattice, psi: ComplexField, lambda: number, kernel: "js" | "tfjs"): number => {
  const l = magneticLaplacian(lattice, psi, { kernel })
  let max = 0
  for (let i = 0; i < lattice.nodeCount; i++) max = Math.max(max, Math.hypot(l.re[i]! + lambda * psi.re[i]!, l.im[i]! + lambda * psi.im[i]!))
  return max
}

describe("magneticLaplacian", () => {
  it("has the twisted plane waves of a ring as eigenvectors: q = (2πm + α)/N, λ = 4 sin²(q/2)", () => {
    const nodes = 15
    const alpha = 1.3
    const lattice = ringLattice({ nodes, alpha })
    for (const m of [-7, -2, 0, 1, 5]) {
      const q = (2 * Math.PI * m + alpha) / nodes
      const psi = planeWave(Float64Array.from({ length: nodes }, (_, j) => q * j))
      expect(eigenResidual(lattice, psi, 4 * Math.sin(q / 2) ** 2, "js")).toBeLessThan(1e-13)
      expect(eigenResidual(lattice, psi, 4 * Math.sin(q / 2) ** 2, "tfjs")).toBeLessThan(1e-5)
    }
  })

  it("has the twisted plane waves of a torus as eigenvectors: λ = 4 sin²(q/2) + 4 sin²(p/2)", () => {
    const [nu, nv, alpha] = [9, 7, -2.2]
    const lattice = torusLattice({ nu, nv, alpha })
    for (const [m, n] of [[0, 0], [1, 3], [-4, 2], [3, -1]] as const) {
      const q = (2 * Math.PI * m + alpha) / nu
      const p = (2 * Math.PI * n) / nv
      const psi = planeWave(Float64Array.from({ length: nu * nv }, (_, k) => q * Math.floor(k / nv) + p * (k % nv)))
      const lambda = 4 * Math.sin(q / 2) ** 2 + 4 * Math.sin(p / 2) ** 2
      expect(eigenResidual(lattice, psi, lambda, "js")).toBeLessThan(1e-13)
      expect(eigenResidual(lattice, psi, lambda, "tfjs")).toBeLessThan(2e-5)
    }
  })

  it("leaves no tensor behind in its tfjs kernel", () => {
    const lattice = ringLattice({ nodes: 10 })
    const psi = planeWave(Float64Array.from({ length: 10 }, (_, j) => j))
    const before = tf.memory().numTensors
    for (let k = 0; k < 20; k++) magneticLaplacian(lattice, psi, { kernel: "tfjs" })
    expect(tf.memory().numTensors).toBe(before)
  })

  it("rejects a field of the wrong size or with non-finite values, and an unknown kernel", () => {
    const lattice = ringLattice({ nodes: 10 })
    expect(() => magneticLaplacian(lattice, { re: new Float64Array(9), im: new Float64Array(9) })).toThrow(
      "psi must hold 10 values (one per node) in re and im, got re 9 and im 9",
    )
    const bad = { re: new Float64Array(10), im: new Float64Array(10) }
    bad.im[4] = Number.NaN
    expect(() => magneticLaplacian(lattice, bad)).toThrow("psi.im[4] must be a finite number, got NaN")
    expect(() => magneticLaplacian(lattice, planeWave(new Float64Array(10)), { kernel: "cuda" as "js" })).toThrow(
      'kernel must be one of "js", "tfjs", got "cuda"',
    )
  })

  it("rejects a lattice with a negative edge weight", () => {
    const lattice = ringLattice({ nodes: 5 })
    const weight = Float64Array.from(lattice.adjacency.weight)
    weight[3] = -1
    const broken: Lattice = { ...lattice, adjacency: { ...lattice.adjacency, weight } }
    expect(() => magneticLaplacian(broken, planeWave(new Float64Array(5)))).toThrow("lattice.adjacency.weight[3] must be a finite number >= 0, got -1")
  })
})

describe("link coefficients", () => {
  it("are computed once per lattice", () => {
    const lattice = torusLattice({ nu: 4, nv: 3 })
    expect(linksOf(lattice)).toBe(linksOf(lattice))
    expect(paddedLinksOf(lattice)).toBe(paddedLinksOf(lattice))
  })

  it("pad every row to the widest with zero-weight self links", () => {
    const lattice = ringLattice({ nodes: 6 })
    const padded = paddedLinksOf(lattice)
    expect(padded.width).toBe(2)
    expect(Array.from(padded.column.subarray(0, 2))).toEqual([1, 5])
  })

  it("bound the spectrum by twice the largest weighted degree, tightly on an even ring", () => {
    const ring = ringLattice({ nodes: 8 })
    expect(spectralBound(ring)).toBe(4)
    expect(spectralBound(torusLattice({ nu: 5, nv: 4 }))).toBe(8)
    // The alternating field reaches the bound: Lψ = -4ψ.
    const alternating = planeWave(Float64Array.from({ length: 8 }, (_, j) => Math.PI * j))
    expect(eigenResidual(ring, alternating, 4, "js")).toBeLessThan(1e-12)
  })
})
