/**
 * Invariants of the field dynamics (MODELS.md section 3) on random graphs,
 * fields and link phases: the magnetic Laplacian is Hermitian, negative
 * semi-definite and gauge covariant; the kinetic energy is -⟨ψ, Lψ⟩; the
 * Strang step keeps the norm; and the js and tfjs kernels of every op agree.
 */
import * as tf from "@tensorflow/tfjs"
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../stages/compute/backend.js"
import { type ComplexField, norm2 } from "../stages/simulation/field.js"
import { assembleLattice } from "../stages/simulation/lattice/assemble.js"
import type { Lattice } from "../stages/simulation/lattice/lattice.js"
import { kineticEnergy } from "../stages/simulation/dynamics/energy.js"
import { type Equation, nls } from "../stages/simulation/dynamics/equation.js"
import { createIntegrator, type Integrator } from "../stages/simulation/dynamics/integrator.js"
import { magneticLaplacian } from "../stages/simulation/dynamics/laplacian.js"
import { rk4MaxDt } from "../stages/simulation/dynamics/stability.js"

beforeAll(async () => {
  await initBackend("cpu")
})

interface Graph {
  readonly nodeCount: number
  readonly source: number[]
  readonly target: number[]
  readonly weight: number[]
  readonly phase: number[]
}

/** The graph as a Lattice: no faces, as no geometry is implied (the builders' shared assembler fills the rest). */
const latticeOf = (graph: Graph): Lattice =>
  assembleLattice({
    geometry: "plane",
    positions: new Float64Array(3 * graph.nodeCount),
    chart: new Float64Array(2 * graph.nodeCount),
    edges: {
      source: Int32Array.from(graph.source),
      target: Int32Array.from(graph.target),
      weight: Float64Array.from(graph.weight),
      phase: Float64Array.from(graph.phase),
    },
    faces: { offsets: new Int32Array(1), nodes: new Int32Array(0) },
    parameters: {},
  })

/** Random simple graphs: each node pair is an edge or not, with a random weight and link phase. */
const graphs = (maxNodes: number): fc.Arbitrary<Graph> =>
  fc.integer({ min: 2, max: maxNodes }).chain((nodeCount) => {
    const pairs: [number, number][] = []
    for (let i = 0; i < nodeCount; i++) for (let j = i + 1; j < nodeCount; j++) pairs.push([i, j])
    return fc
      .array(
        fc.record({
          present: fc.boolean(),
          weight: fc.double({ min: 0.1, max: 2, noNaN: true }),
          phase: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        }),
        { minLength: pairs.length, maxLength: pairs.length },
      )
      .map((choices) => {
        const graph: Graph = { nodeCount, source: [], target: [], weight: [], phase: [] }
        choices.forEach((choice, k) => {
          if (!choice.present) return
          graph.source.push(pairs[k]![0])
          graph.target.push(pairs[k]![1])
          graph.weight.push(choice.weight)
          graph.phase.push(choice.phase)
        })
        return graph
      })
  })

const field = (n: number, bound = 2): fc.Arbitrary<ComplexField> =>
  fc.record({
    re: fc.float64Array({ min: -bound, max: bound, noNaN: true, noDefaultInfinity: true, minLength: n, maxLength: n }),
    im: fc.float64Array({ min: -bound, max: bound, noNaN: true, noDefaultInfinity: true, minLength: n, maxLength: n }),
  })

/** A random graph with two random fields on it. */
const graphAndFields = (maxNodes: number) =>
  graphs(maxNodes).chain((graph) => fc.tuple(fc.constant(graph), field(graph.nodeCount), field(graph.nodeCount)))

/** ⟨φ, ψ⟩ = Σ conj(φ_i) ψ_i. */
const inner = (phi: ComplexField, psi: ComplexField): { re: number; im: number } => {
  let re = 0
  let im = 0
  for (let i = 0; i < phi.re.length; i++) {
    re += phi.re[i]! * psi.re[i]! + phi.im[i]! * psi.im[i]!
    im += phi.re[i]! * psi.im[i]! - phi.im[i]! * psi.re[i]!
  }
  return { re, im }
}

/** Scale of ⟨φ, Lψ⟩-type sums, for tolerances: Σ_i (2 d_i) |φ_i| |ψ_i| bounded crudely. */
const scale = (graph: Graph, phi: ComplexField, psi: ComplexField): number =>
  (1 + 4 * graph.weight.reduce((a, b) => a + b, 0)) * (1 + Math.sqrt(norm2(phi) * norm2(psi)))

const maxDifference = (a: ComplexField, b: ComplexField): number => {
  let max = 0
  for (let i = 0; i < a.re.length; i++) max = Math.max(max, Math.abs(a.re[i]! - b.re[i]!), Math.abs(a.im[i]! - b.im[i]!))
  return max
}

const maxModulus = (a: ComplexField): number => {
  let max = 0
  for (let i = 0; i < a.re.length; i++) max = Math.max(max, Math.hypot(a.re[i]!, a.im[i]!))
  return max
}

describe("magnetic Laplacian", () => {
  it("is Hermitian: ⟨φ, Lψ⟩ = conj ⟨ψ, Lφ⟩", () => {
    fc.assert(
      fc.property(graphAndFields(9), ([graph, phi, psi]) => {
        const lattice = latticeOf(graph)
        const left = inner(phi, magneticLaplacian(lattice, psi))
        const right = inner(psi, magneticLaplacian(lattice, phi))
        const tolerance = 1e-12 * scale(graph, phi, psi)
        expect(Math.abs(left.re - right.re)).toBeLessThanOrEqual(tolerance)
        expect(Math.abs(left.im + right.im)).toBeLessThanOrEqual(tolerance)
      }),
    )
  })

  it("is negative semi-definite: ⟨ψ, Lψ⟩ is real and <= 0, and equals -(kinetic energy)", () => {
    fc.assert(
      fc.property(graphAndFields(9), ([graph, psi]) => {
        const lattice = latticeOf(graph)
        const quadratic = inner(psi, magneticLaplacian(lattice, psi))
        const tolerance = 1e-12 * scale(graph, psi, psi)
        expect(Math.abs(quadratic.im)).toBeLessThanOrEqual(tolerance)
        expect(quadratic.re).toBeLessThanOrEqual(tolerance)
        expect(Math.abs(kineticEnergy(lattice, psi) + quadratic.re)).toBeLessThanOrEqual(tolerance)
      }),
    )
  })

  it("annihilates a covariantly constant field: ψ_j = e^{-iA_ij} ψ_i on a tree", () => {
    // On a path graph every field of the form ψ_{i+1} = e^{-iA_{i,i+1}} ψ_i has zero covariant differences.
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }).chain((n) =>
          fc.tuple(
            fc.array(fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), { minLength: n - 1, maxLength: n - 1 }),
            fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
          ),
        ),
        ([phases, start]) => {
          const n = phases.length + 1
          const graph: Graph = {
            nodeCount: n,
            source: phases.map((_, i) => i),
            target: phases.map((_, i) => i + 1),
            weight: phases.map(() => 1),
            phase: phases,
          }
          const psi = { re: new Float64Array(n), im: new Float64Array(n) }
          let angle = start
          for (let i = 0; i < n; i++) {
            psi.re[i] = Math.cos(angle)
            psi.im[i] = Math.sin(angle)
            angle -= phases[i] ?? 0
          }
          expect(maxModulus(magneticLaplacian(latticeOf(graph), psi))).toBeLessThan(1e-12)
        },
      ),
    )
  })

  it("is gauge covariant: L[A + θ_i - θ_j] (e^{iθ} ψ) = e^{iθ} L[A] ψ", () => {
    fc.assert(
      fc.property(
        graphs(9).chain((graph) =>
          fc.tuple(
            fc.constant(graph),
            field(graph.nodeCount),
            fc.array(fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), { minLength: graph.nodeCount, maxLength: graph.nodeCount }),
          ),
        ),
        ([graph, psi, theta]) => {
          const gauged: Graph = { ...graph, phase: graph.phase.map((a, e) => a + theta[graph.source[e]!]! - theta[graph.target[e]!]!) }
          const rotate = (f: ComplexField): ComplexField => ({
            re: f.re.map((re, i) => re * Math.cos(theta[i]!) - f.im[i]! * Math.sin(theta[i]!)),
            im: f.re.map((re, i) => re * Math.sin(theta[i]!) + f.im[i]! * Math.cos(theta[i]!)),
          })
          const left = magneticLaplacian(latticeOf(gauged), rotate(psi))
          const right = rotate(magneticLaplacian(latticeOf(graph), psi))
          expect(maxDifference(left, right)).toBeLessThanOrEqual(1e-12 * scale(graph, psi, psi))
        },
      ),
    )
  })

  it("has agreeing js and tfjs kernels", () => {
    fc.assert(
      fc.property(graphAndFields(12), ([graph, psi]) => {
        const lattice = latticeOf(graph)
        const js = magneticLaplacian(lattice, psi, { kernel: "js" })
        const tfjs = magneticLaplacian(lattice, psi, { kernel: "tfjs" })
        // float32: relative rounding 6e-8 on sums of at most 2 max-degree terms of size <= 2·2.
        expect(maxDifference(js, tfjs)).toBeLessThanOrEqual(1e-5 * (1 + 4 * Math.max(1, ...graph.weight) * graph.nodeCount))
      }),
      { numRuns: 40 },
    )
  })
})

const runBoth = (lattice: Lattice, equation: Equation, options: { dt: number; initial: ComplexField }, steps: number) => {
  const results = (["js", "tfjs"] as const).map((kernel) => {
    const integrator: Integrator = createIntegrator(lattice, equation, { ...options, kernel, tolerance: 1e-12 })
    integrator.advance(steps)
    const psi = integrator.read()
    integrator.dispose()
    return psi
  })
  return { js: results[0]!, tfjs: results[1]! }
}

describe("integrator kernels", () => {
  it("agree for rk4 on random graphs, fields and CGLE coefficients", () => {
    const numbers = fc.double({ min: -2, max: 2, noNaN: true })
    fc.assert(
      fc.property(
        graphs(10).chain((graph) => fc.tuple(fc.constant(graph), field(graph.nodeCount, 1), numbers, numbers, field(graph.nodeCount, 1))),
        ([graph, initial, b, c, profile]) => {
          const lattice = latticeOf(graph)
          const equation: Equation = {
            mu: 1,
            potential: 0.3,
            diffusion: { re: 1, im: b },
            nonlinearity: { re: 1, im: c },
            drive: { amplitude: 0.5, frequency: 1.3, profile },
          }
          const dt = Math.min(0.02, rk4MaxDt(lattice, equation))
          const { js, tfjs } = runBoth(lattice, equation, { dt, initial }, 5)
          expect(maxDifference(js, tfjs)).toBeLessThanOrEqual(2e-5 * (1 + maxModulus(js)))
        },
      ),
      { numRuns: 20 },
    )
  })

  it("agree for the Strang NLS step on random graphs, fields and interactions", () => {
    fc.assert(
      fc.property(
        graphs(10).chain((graph) => fc.tuple(fc.constant(graph), field(graph.nodeCount, 1), fc.double({ min: -2, max: 2, noNaN: true }))),
        ([graph, initial, g]) => {
          const { js, tfjs } = runBoth(latticeOf(graph), nls({ g, potential: 0.2 }), { dt: 0.05, initial }, 5)
          expect(maxDifference(js, tfjs)).toBeLessThanOrEqual(2e-5 * (1 + maxModulus(js)))
        },
      ),
      { numRuns: 20 },
    )
  })

  it("keep the norm to solver tolerance with the Strang step on random inputs", () => {
    fc.assert(
      fc.property(
        graphs(10).chain((graph) =>
          fc.tuple(fc.constant(graph), field(graph.nodeCount, 1), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.01, max: 0.5, noNaN: true })),
        ),
        ([graph, initial, g, dt]) => {
          const lattice = latticeOf(graph)
          const integrator = createIntegrator(lattice, nls({ g }), { dt, initial, tolerance: 1e-12 })
          integrator.advance(20)
          const before = norm2(initial)
          // Per step |Δ‖ψ‖²| <= 2 tolerance ‖ψ‖² (plus rounding): 20 steps.
          expect(Math.abs(norm2(integrator.read()) - before)).toBeLessThanOrEqual(20 * 3e-12 * before + 1e-13)
          integrator.dispose()
        },
      ),
      { numRuns: 50 },
    )
  })
})

describe("tfjs kernels", () => {
  it("leave no tensor behind across random runs", () => {
    const before = tf.memory().numTensors
    fc.assert(
      fc.property(graphAndFields(8), ([graph, initial]) => {
        for (const equation of [nls({ g: 1 }), { ...nls({ g: 1 }), mu: 1, diffusion: { re: 1, im: 0.5 }, nonlinearity: { re: 1, im: 0.5 } }]) {
          const integrator = createIntegrator(latticeOf(graph), equation, { dt: 0.01, kernel: "tfjs", initial })
          integrator.advance(2)
          integrator.read()
          integrator.dispose()
        }
      }),
      { numRuns: 10 },
    )
    expect(tf.memory().numTensors).toBe(before)
  })
})
