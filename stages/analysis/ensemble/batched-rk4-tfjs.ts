/**
 * The classical RK4 step for a batch of fields at once, as a tfjs kernel: the
 * B branches are stacked into [B, N] tensors (re, im) and stepped together.
 *
 * The magnetic Laplacian uses the padded (ELL) link layout of
 * stages/simulation/dynamics/laplacian-tfjs.ts: neighbour values are gathered
 * along the node axis into [B, N, W] and weighted by w e^{iA} ([N, W],
 * broadcast over the batch). The equation's per-node coefficients (V, the drive
 * profile) are [N] tensors broadcast the same way, so every branch follows the
 * same equation, and each step is the same arithmetic as TfjsRk4 per branch.
 * ψ stays on the backend between calls; each step runs in tf.tidy.
 */
import * as tf from "@tensorflow/tfjs"
import { type Complex, driveFactor, type Equation } from "../../simulation/dynamics/equation.js"
import { disposeLinks, type LinkTensors, uploadLinks } from "../../simulation/dynamics/laplacian-tfjs.js"
import { paddedLinksOf } from "../../simulation/dynamics/links.js"
import { EquationTensors } from "../../simulation/dynamics/tfjs-state.js"
import type { ComplexField } from "../../simulation/field.js"
import type { Lattice } from "../../simulation/lattice/lattice.js"

type Pair = [tf.Tensor2D, tf.Tensor2D]

/** [Re Lψ, Im Lψ] for every field of the batch. */
const batchedLaplacian = (links: LinkTensors, re: tf.Tensor2D, im: tf.Tensor2D): Pair =>
  tf.tidy(() => {
    const neighbourRe = tf.gather(re, links.column, 1)
    const neighbourIm = tf.gather(im, links.column, 1)
    const sumRe = tf.sum(tf.sub(tf.mul(links.cosine, neighbourRe), tf.mul(links.sine, neighbourIm)), 2)
    const sumIm = tf.sum(tf.add(tf.mul(links.sine, neighbourRe), tf.mul(links.cosine, neighbourIm)), 2)
    return [tf.sub(sumRe, tf.mul(links.degree, re)), tf.sub(sumIm, tf.mul(links.degree, im))] as Pair
  })

const stack = (fields: readonly ComplexField[], part: "re" | "im", nodeCount: number): tf.Tensor2D => {
  const values = new Float32Array(fields.length * nodeCount)
  fields.forEach((field, b) => values.set(field[part], b * nodeCount))
  return tf.tensor2d(values, [fields.length, nodeCount])
}

export class BatchedTfjsRk4 {
  private readonly links: LinkTensors
  private readonly coefficients: EquationTensors
  private psi: Pair

  constructor(
    private readonly lattice: Lattice,
    private readonly equation: Equation,
    private readonly dt: number,
    branches: readonly ComplexField[],
  ) {
    this.links = uploadLinks(paddedLinksOf(lattice))
    this.coefficients = new EquationTensors(lattice.nodeCount, equation)
    this.psi = [stack(branches, "re", lattice.nodeCount), stack(branches, "im", lattice.nodeCount)]
  }

  /** dψ/dt at y for the whole batch, with the drive factor f = ε e^{-iωt}. */
  private slope(y: Pair, f: Complex): Pair {
    const { mu, diffusion: d, nonlinearity: g } = this.equation
    const [yr, yi] = y
    const [lr, li] = batchedLaplacian(this.links, yr, yi)
    const n = tf.add(tf.square(yr), tf.square(yi))
    const v = this.coefficients.potential
    const [pr, pi] = this.coefficients.drive
    const kr = tf.addN([
      tf.mul(mu, yr),
      tf.mul(v, yi),
      tf.sub(tf.mul(d.re, lr), tf.mul(d.im, li)),
      tf.neg(tf.mul(tf.sub(tf.mul(g.re, yr), tf.mul(g.im, yi)), n)),
      tf.broadcastTo(tf.sub(tf.mul(f.re, pr), tf.mul(f.im, pi)), yr.shape),
    ]) as tf.Tensor2D
    const ki = tf.addN([
      tf.mul(mu, yi),
      tf.neg(tf.mul(v, yr)),
      tf.add(tf.mul(d.re, li), tf.mul(d.im, lr)),
      tf.neg(tf.mul(tf.add(tf.mul(g.re, yi), tf.mul(g.im, yr)), n)),
      tf.broadcastTo(tf.add(tf.mul(f.re, pi), tf.mul(f.im, pr)), yr.shape),
    ]) as tf.Tensor2D
    return [kr, ki]
  }

  private step(t: number): Pair {
    const dt = this.dt
    const drive = this.equation.drive
    const [re, im] = this.psi
    const shifted = (k: Pair, h: number): Pair => [tf.add(re, tf.mul(h, k[0])), tf.add(im, tf.mul(h, k[1]))]
    const k1 = this.slope(this.psi, driveFactor(drive, t))
    const k2 = this.slope(shifted(k1, dt / 2), driveFactor(drive, t + 0.5 * dt))
    const k3 = this.slope(shifted(k2, dt / 2), driveFactor(drive, t + 0.5 * dt))
    const k4 = this.slope(shifted(k3, dt), driveFactor(drive, t + dt))
    const combine = (part: 0 | 1, y: tf.Tensor2D) =>
      tf.add(y, tf.mul(dt / 6, tf.addN([k1[part], tf.mul(2, k2[part]), tf.mul(2, k3[part]), k4[part]]))) as tf.Tensor2D
    return [combine(0, re), combine(1, im)]
  }

  /** Advances every branch by `steps` steps of dt, starting at `time`. */
  advance(steps: number, time: number): void {
    for (let step = 0; step < steps; step++) {
      const next = tf.tidy(() => this.step(time + step * this.dt))
      tf.dispose(this.psi)
      this.psi = next
    }
  }

  /** The branches, downloaded. */
  read(): ComplexField[] {
    const [re, im] = [this.psi[0].dataSync(), this.psi[1].dataSync()]
    const n = this.lattice.nodeCount
    return Array.from({ length: this.psi[0].shape[0] }, (_, b) => ({
      re: Float64Array.from(re.subarray(b * n, (b + 1) * n)),
      im: Float64Array.from(im.subarray(b * n, (b + 1) * n)),
    }))
  }

  dispose(): void {
    tf.dispose(this.psi)
    disposeLinks(this.links)
    this.coefficients.dispose()
  }
}
