/**
 * The classical fourth-order Runge-Kutta step as a tfjs kernel: ψ stays on
 * the backend as two float32 tensors between calls and is downloaded only by
 * `read`. Each step runs in tf.tidy, so only the new ψ survives it.
 */
import * as tf from "@tensorflow/tfjs"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { type Complex, driveFactor, type Equation } from "./equation.js"
import { disposeLinks, laplacianTensors, type LinkTensors, uploadLinks } from "./laplacian-tfjs.js"
import { paddedLinksOf } from "./links.js"
import type { Stepper } from "./stepper.js"
import { downloadField, EquationTensors, uploadField } from "./tfjs-state.js"

type Pair = [tf.Tensor1D, tf.Tensor1D]

export class TfjsRk4 implements Stepper {
  private readonly links: LinkTensors
  private readonly coefficients: EquationTensors
  private equation: Equation
  private psi: Pair

  constructor(
    lattice: Lattice,
    equation: Equation,
    private readonly dt: number,
  ) {
    this.links = uploadLinks(paddedLinksOf(lattice))
    this.coefficients = new EquationTensors(lattice.nodeCount, equation)
    this.equation = equation
    this.psi = uploadField({ re: new Float64Array(lattice.nodeCount), im: new Float64Array(lattice.nodeCount) })
  }

  setEquation(equation: Equation): void {
    this.equation = equation
    this.coefficients.set(equation)
  }

  /** dψ/dt at y, with the drive factor f = ε e^{-iωt}. */
  private slope(y: Pair, f: Complex): Pair {
    const { mu, diffusion: d, nonlinearity: g } = this.equation
    const [yr, yi] = y
    const [lr, li] = laplacianTensors(this.links, yr, yi)
    const n = tf.add(tf.square(yr), tf.square(yi))
    const v = this.coefficients.potential
    const [pr, pi] = this.coefficients.drive
    const kr = tf.addN([
      tf.mul(mu, yr),
      tf.mul(v, yi),
      tf.sub(tf.mul(d.re, lr), tf.mul(d.im, li)),
      tf.neg(tf.mul(tf.sub(tf.mul(g.re, yr), tf.mul(g.im, yi)), n)),
      tf.sub(tf.mul(f.re, pr), tf.mul(f.im, pi)),
    ]) as tf.Tensor1D
    const ki = tf.addN([
      tf.mul(mu, yi),
      tf.neg(tf.mul(v, yr)),
      tf.add(tf.mul(d.re, li), tf.mul(d.im, lr)),
      tf.neg(tf.mul(tf.add(tf.mul(g.re, yi), tf.mul(g.im, yr)), n)),
      tf.add(tf.mul(f.re, pi), tf.mul(f.im, pr)),
    ]) as tf.Tensor1D
    return [kr, ki]
  }

  private step(t: number): Pair {
    const dt = this.dt
    const [re, im] = this.psi
    const shifted = (k: Pair, h: number): Pair => [tf.add(re, tf.mul(h, k[0])), tf.add(im, tf.mul(h, k[1]))]
    const k1 = this.slope(this.psi, driveFactor(this.equation.drive, t))
    const k2 = this.slope(shifted(k1, dt / 2), driveFactor(this.equation.drive, t + 0.5 * dt))
    const k3 = this.slope(shifted(k2, dt / 2), driveFactor(this.equation.drive, t + 0.5 * dt))
    const k4 = this.slope(shifted(k3, dt), driveFactor(this.equation.drive, t + dt))
    const combine = (part: 0 | 1, y: tf.Tensor1D) =>
      tf.add(y, tf.mul(dt / 6, tf.addN([k1[part], tf.mul(2, k2[part]), tf.mul(2, k3[part]), k4[part]]))) as tf.Tensor1D
    return [combine(0, re), combine(1, im)]
  }

  advance(steps: number, time: number): void {
    for (let step = 0; step < steps; step++) {
      const next = tf.tidy(() => this.step(time + step * this.dt))
      tf.dispose(this.psi)
      this.psi = next
    }
  }

  read(): ComplexField {
    return downloadField(this.psi)
  }

  write(field: ComplexField): void {
    const next = uploadField(field)
    tf.dispose(this.psi)
    this.psi = next
  }

  dispose(): void {
    tf.dispose(this.psi)
    disposeLinks(this.links)
    this.coefficients.dispose()
  }
}
