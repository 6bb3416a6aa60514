/**
 * The classical fourth-order Runge-Kutta step as a tfjs kernel: ψ stays on
 * the backend as two float32 tensors between calls and is downloaded only by
 * `read`. Each step runs in tf.tidy, so only the new ψ survives it.
 *
 * `rk4Step` works on one field ([N]) or a batch of fields ([B, N]) alike; the
 * ensemble's batched RK4 (stages/analysis/ensemble) steps its batch with it.
 */
import * as tf from "@tensorflow/tfjs"
import type { Lattice } from "../lattice/lattice.js"
import { type Complex, driveFactor, type Equation } from "./equation.js"
import { type FieldTensor, laplacianTensors } from "./laplacian-tfjs.js"
import type { Stepper } from "./stepper.js"
import { TfjsFieldStepper, type TensorPair, type TfjsTerms } from "./tfjs-stepper.js"

/** dψ/dt at y, with the drive factor f = ε e^{-iωt}. */
const slope = <T extends FieldTensor>(terms: TfjsTerms, y: TensorPair<T>, f: Complex): TensorPair<T> => {
  const { mu, diffusion: d, nonlinearity: g } = terms.equation
  const [yr, yi] = y
  const [lr, li] = laplacianTensors(terms.links, yr, yi)
  const n = tf.add(tf.square(yr), tf.square(yi))
  const v = terms.coefficients.potential
  const [pr, pi] = terms.coefficients.drive
  const kr = tf.addN([
    tf.mul(mu, yr),
    tf.mul(v, yi),
    tf.sub(tf.mul(d.re, lr), tf.mul(d.im, li)),
    tf.neg(tf.mul(tf.sub(tf.mul(g.re, yr), tf.mul(g.im, yi)), n)),
    tf.broadcastTo(tf.sub(tf.mul(f.re, pr), tf.mul(f.im, pi)), yr.shape),
  ]) as T
  const ki = tf.addN([
    tf.mul(mu, yi),
    tf.neg(tf.mul(v, yr)),
    tf.add(tf.mul(d.re, li), tf.mul(d.im, lr)),
    tf.neg(tf.mul(tf.add(tf.mul(g.re, yi), tf.mul(g.im, yr)), n)),
    tf.broadcastTo(tf.add(tf.mul(f.re, pi), tf.mul(f.im, pr)), yr.shape),
  ]) as T
  return [kr, ki]
}

/** ψ at t + dt from ψ at t; call inside tf.tidy, the intermediates are not freed. */
export const rk4Step = <T extends FieldTensor>(terms: TfjsTerms, psi: TensorPair<T>, t: number, dt: number): TensorPair<T> => {
  const drive = terms.equation.drive
  const [re, im] = psi
  const shifted = (k: TensorPair<T>, h: number): TensorPair<T> => [tf.add(re, tf.mul(h, k[0])), tf.add(im, tf.mul(h, k[1]))]
  const k1 = slope(terms, psi, driveFactor(drive, t))
  const k2 = slope(terms, shifted(k1, dt / 2), driveFactor(drive, t + 0.5 * dt))
  const k3 = slope(terms, shifted(k2, dt / 2), driveFactor(drive, t + 0.5 * dt))
  const k4 = slope(terms, shifted(k3, dt), driveFactor(drive, t + dt))
  const combine = (part: 0 | 1, y: T) => tf.add(y, tf.mul(dt / 6, tf.addN([k1[part], tf.mul(2, k2[part]), tf.mul(2, k3[part]), k4[part]]))) as T
  return [combine(0, re), combine(1, im)]
}

export class TfjsRk4 extends TfjsFieldStepper implements Stepper {
  constructor(
    lattice: Lattice,
    equation: Equation,
    private readonly dt: number,
  ) {
    super(lattice, equation)
  }

  advance(steps: number, time: number): void {
    for (let step = 0; step < steps; step++) {
      this.update((psi) => rk4Step(this.terms, psi, time + step * this.dt, this.dt))
    }
  }
}
