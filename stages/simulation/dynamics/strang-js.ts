/**
 * Strang splitting for the conservative equation i ψ_t = -κLψ + Vψ + g|ψ|²ψ
 * as a js kernel: half a step of the exact nonlinear phase rotation
 * ψ_i → e^{-i(dt/2)(V_i + g|ψ_i|²)} ψ_i (|ψ_i| is constant under it), a full
 * Crank-Nicolson (Cayley) step of the linear part solved by conjugate
 * gradients (cayley.ts), and the second half rotation. Both parts are unitary,
 * so the norm changes only by the solver's residual; the composition is
 * symmetric, hence second order; and both parts are symplectic, so the
 * energy error stays bounded (no drift).
 *
 * Single-threaded: the CG inner products are reductions, and splitting them
 * across threads would change their summation order.
 */
import { type ComplexField, copyField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { cayleyCondition, cgIterationBound } from "./cayley.js"
import { type Equation, potentialPerNode } from "./equation.js"
import { laplacianRange } from "./laplacian-js.js"
import { type Links, linksOf, spectralBound } from "./links.js"
import type { Stepper } from "./stepper.js"

export interface StrangOptions {
  readonly dt: number
  /** CG stops when ‖residual‖ <= tolerance · ‖ψ‖. */
  readonly tolerance: number
}

interface Pair {
  readonly re: Float64Array
  readonly im: Float64Array
}

/** ψ_i ← e^{-ih(V_i + g|ψ_i|²)} ψ_i. */
export const rotatePhase = (psi: Pair, potential: Float64Array, g: number, h: number): void => {
  for (let i = 0; i < psi.re.length; i++) {
    const re = psi.re[i]!
    const im = psi.im[i]!
    const angle = -h * (potential[i]! + g * (re * re + im * im))
    const c = Math.cos(angle)
    const s = Math.sin(angle)
    psi.re[i] = re * c - im * s
    psi.im[i] = re * s + im * c
  }
}

const dot = (a: Pair, b: Pair): number => {
  let sum = 0
  for (let i = 0; i < a.re.length; i++) sum += a.re[i]! * b.re[i]! + a.im[i]! * b.im[i]!
  return sum
}

const pair = (n: number): Pair => ({ re: new Float64Array(n), im: new Float64Array(n) })

export class JsStrang implements Stepper {
  private readonly links: Links
  private readonly psi: Pair
  private readonly work: { readonly r: Pair; readonly p: Pair; readonly bp: Pair; readonly l1: Pair; readonly l2: Pair }
  private potential: Float64Array
  private equation: Equation
  private maxIterations: number
  /** CG iterations of the last advance, summed over its steps. */
  iterations = 0

  constructor(
    private readonly lattice: Lattice,
    equation: Equation,
    private readonly options: StrangOptions,
  ) {
    const n = lattice.nodeCount
    this.links = linksOf(lattice)
    this.psi = pair(n)
    this.work = { r: pair(n), p: pair(n), bp: pair(n), l1: pair(n), l2: pair(n) }
    this.equation = equation
    this.potential = Float64Array.from(potentialPerNode(equation.potential, n))
    this.maxIterations = this.iterationCap(equation)
  }

  // Rounding can slow CG past its exact-arithmetic bound; twice the bound plus a margin is ample.
  private iterationCap(equation: Equation): number {
    const condition = cayleyCondition(this.options.dt, equation.diffusion.im, spectralBound(this.lattice))
    return 2 * cgIterationBound(condition, this.options.tolerance) + 10
  }

  setEquation(equation: Equation): void {
    this.equation = equation
    this.potential = Float64Array.from(potentialPerNode(equation.potential, this.lattice.nodeCount))
    this.maxIterations = this.iterationCap(equation)
  }

  private laplacian(x: Pair, out: Pair): void {
    laplacianRange(this.links, x.re, x.im, out.re, out.im, 0, this.lattice.nodeCount)
  }

  /** Solves (I + iτH)x = (I - iτH)ψ in place, H = -κL, τ = dt/2; returns the CG iterations used. */
  private cayley(): number {
    const { r, p, bp, l1, l2 } = this.work
    const x = this.psi
    const n = this.lattice.nodeCount
    const a = (this.options.dt / 2) * this.equation.diffusion.im
    const a2 = a * a
    const target = this.options.tolerance * Math.sqrt(dot(x, x))
    // r_0 = (I - iτH)²ψ - (I + τ²H²)ψ = 2ia Lψ - 2a² L²ψ.
    this.laplacian(x, l1)
    this.laplacian(l1, l2)
    for (let i = 0; i < n; i++) {
      r.re[i] = -2 * a * l1.im[i]! - 2 * a2 * l2.re[i]!
      r.im[i] = 2 * a * l1.re[i]! - 2 * a2 * l2.im[i]!
    }
    p.re.set(r.re)
    p.im.set(r.im)
    let rr = dot(r, r)
    for (let k = 0; k < this.maxIterations; k++) {
      if (Math.sqrt(rr) <= target) return k
      // B p = p + a² L(L p).
      this.laplacian(p, l1)
      this.laplacian(l1, l2)
      for (let i = 0; i < n; i++) {
        bp.re[i] = p.re[i]! + a2 * l2.re[i]!
        bp.im[i] = p.im[i]! + a2 * l2.im[i]!
      }
      const alpha = rr / dot(p, bp)
      for (let i = 0; i < n; i++) {
        x.re[i] = x.re[i]! + alpha * p.re[i]!
        x.im[i] = x.im[i]! + alpha * p.im[i]!
        r.re[i] = r.re[i]! - alpha * bp.re[i]!
        r.im[i] = r.im[i]! - alpha * bp.im[i]!
      }
      const next = dot(r, r)
      const beta = next / rr
      rr = next
      for (let i = 0; i < n; i++) {
        p.re[i] = r.re[i]! + beta * p.re[i]!
        p.im[i] = r.im[i]! + beta * p.im[i]!
      }
    }
    if (Math.sqrt(rr) <= target) return this.maxIterations
    throw new Error(
      `the Crank-Nicolson solve did not reach tolerance ${this.options.tolerance} in ${this.maxIterations} CG iterations (relative residual ${Math.sqrt(rr) / (target / this.options.tolerance)}); raise the tolerance or lower dt`,
    )
  }

  advance(steps: number): void {
    const half = this.options.dt / 2
    const g = this.equation.nonlinearity.im
    this.iterations = 0
    for (let step = 0; step < steps; step++) {
      rotatePhase(this.psi, this.potential, g, half)
      this.iterations += this.cayley()
      rotatePhase(this.psi, this.potential, g, half)
    }
  }

  read(): ComplexField {
    return copyField(this.psi)
  }

  write(field: ComplexField): void {
    this.psi.re.set(field.re)
    this.psi.im.set(field.im)
  }

  dispose(): void {
    // Plain typed arrays: nothing to free beyond what the garbage collector takes.
  }
}
