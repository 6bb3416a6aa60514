/**
 * Strang splitting (see strang-js.ts) as a tfjs kernel. The CG runs a fixed
 * number of iterations, the a priori bound for the tolerance (cayley.ts), so
 * no step waits on a download to test convergence; in float32 the tolerance
 * is raised to at least 1e-6, below which single precision cannot go.
 */
import * as tf from "@tensorflow/tfjs"
import type { Lattice } from "../lattice/lattice.js"
import { cayleyCondition, cgIterationBound } from "./cayley.js"
import type { Equation } from "./equation.js"
import { laplacianTensors } from "./laplacian-tfjs.js"
import { spectralBound } from "./links.js"
import type { Stepper } from "./stepper.js"
import type { StrangOptions } from "./strang-js.js"
import { TfjsFieldStepper } from "./tfjs-stepper.js"

type Pair = [tf.Tensor1D, tf.Tensor1D]

/** The smallest CG tolerance float32 arithmetic can honour. */
export const float32Tolerance = 1e-6

interface CgState {
  readonly x: Pair
  readonly r: Pair
  readonly p: Pair
  readonly rr: tf.Scalar
}

const dot = (a: Pair, b: Pair): tf.Scalar => tf.add(tf.sum(tf.mul(a[0], b[0])), tf.sum(tf.mul(a[1], b[1])))

const axpy = (y: Pair, alpha: tf.Scalar, x: Pair): Pair => [tf.add(y[0], tf.mul(alpha, x[0])), tf.add(y[1], tf.mul(alpha, x[1]))]

export class TfjsStrang extends TfjsFieldStepper implements Stepper {
  private iterations: number

  constructor(
    private readonly lattice: Lattice,
    equation: Equation,
    private readonly options: StrangOptions,
  ) {
    super(lattice, equation)
    this.iterations = this.iterationCount(equation)
  }

  private iterationCount(equation: Equation): number {
    const condition = cayleyCondition(this.options.dt, equation.diffusion.im, spectralBound(this.lattice))
    return cgIterationBound(condition, Math.max(this.options.tolerance, float32Tolerance))
  }

  override setEquation(equation: Equation): void {
    super.setEquation(equation)
    this.iterations = this.iterationCount(equation)
  }

  /** ψ ← e^{-ih(V + g|ψ|²)} ψ. */
  private rotate(psi: Pair, h: number): Pair {
    const [re, im] = psi
    const angle = tf.mul(-h, tf.add(this.coefficients.potential, tf.mul(this.equation.nonlinearity.im, tf.add(tf.square(re), tf.square(im)))))
    const c = tf.cos(angle)
    const s = tf.sin(angle)
    return [tf.sub(tf.mul(re, c), tf.mul(im, s)), tf.add(tf.mul(re, s), tf.mul(im, c))]
  }

  private lap(x: Pair): Pair {
    return laplacianTensors(this.links, x[0], x[1])
  }

  /** The CG start from x_0 = ψ: r_0 = 2ia Lψ - 2a² L²ψ, a = τκ. */
  private start(psi: Pair, a: number): CgState {
    return tf.tidy(() => {
      const l1 = this.lap(psi)
      const l2 = this.lap(l1)
      const r: Pair = [tf.sub(tf.mul(-2 * a, l1[1]), tf.mul(2 * a * a, l2[0])), tf.sub(tf.mul(2 * a, l1[0]), tf.mul(2 * a * a, l2[1]))]
      return { x: [tf.clone(psi[0]), tf.clone(psi[1])], r, p: [tf.clone(r[0]), tf.clone(r[1])], rr: dot(r, r) }
    }) as unknown as CgState
  }

  private iterate(state: CgState, a: number): CgState {
    return tf.tidy(() => {
      const { x, r, p, rr } = state
      const l2 = this.lap(this.lap(p))
      const bp: Pair = [tf.add(p[0], tf.mul(a * a, l2[0])), tf.add(p[1], tf.mul(a * a, l2[1]))]
      // divNoNan: once the residual is exactly zero the remaining fixed iterations must change nothing.
      const alpha = tf.divNoNan(rr, dot(p, bp)) as tf.Scalar
      const nextR = axpy(r, tf.neg(alpha), bp)
      const nextRr = dot(nextR, nextR)
      const beta = tf.divNoNan(nextRr, rr) as tf.Scalar
      return { x: axpy(x, alpha, p), r: nextR, p: axpy(nextR, beta, p), rr: nextRr }
    }) as unknown as CgState
  }

  private cayley(psi: Pair): Pair {
    const a = (this.options.dt / 2) * this.equation.diffusion.im
    let state = this.start(psi, a)
    for (let k = 0; k < this.iterations; k++) {
      const next = this.iterate(state, a)
      tf.dispose([...state.x, ...state.r, ...state.p, state.rr])
      state = next
    }
    tf.dispose([...state.r, ...state.p, state.rr])
    return state.x
  }

  advance(steps: number): void {
    const half = this.options.dt / 2
    for (let step = 0; step < steps; step++) {
      this.update((psi) => this.rotate(psi, half))
      this.replace(this.cayley(this.psi))
      this.update((psi) => this.rotate(psi, half))
    }
  }
}
