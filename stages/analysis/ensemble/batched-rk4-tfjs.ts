/**
 * The classical RK4 step for a batch of fields at once, as a tfjs kernel: the
 * B branches are stacked into [B, N] tensors (re, im) and stepped together by
 * the RK4 step of stages/simulation/dynamics/rk4-tfjs.ts.
 *
 * Its magnetic Laplacian (laplacian-tfjs.ts) gathers neighbour values along
 * the node axis into [B, N, W] and weights them by w e^{iA} ([N, W],
 * broadcast over the batch). The equation's per-node coefficients (V, the drive
 * profile) are [N] tensors broadcast the same way, so every branch follows the
 * same equation, and each step is the same arithmetic as TfjsRk4 per branch.
 * ψ stays on the backend between calls; each step runs in tf.tidy.
 */
import * as tf from "@tensorflow/tfjs"
import type { Equation } from "../../simulation/dynamics/equation.js"
import { rk4Step } from "../../simulation/dynamics/rk4-tfjs.js"
import { TfjsTensors } from "../../simulation/dynamics/tfjs-stepper.js"
import type { ComplexField } from "../../simulation/field.js"
import type { Lattice } from "../../simulation/lattice/lattice.js"

const stack = (fields: readonly ComplexField[], part: "re" | "im", nodeCount: number): tf.Tensor2D => {
  const values = new Float32Array(fields.length * nodeCount)
  fields.forEach((field, b) => values.set(field[part], b * nodeCount))
  return tf.tensor2d(values, [fields.length, nodeCount])
}

export class BatchedTfjsRk4 extends TfjsTensors<tf.Tensor2D> {
  constructor(
    private readonly lattice: Lattice,
    equation: Equation,
    private readonly dt: number,
    branches: readonly ComplexField[],
  ) {
    super(lattice, equation, [stack(branches, "re", lattice.nodeCount), stack(branches, "im", lattice.nodeCount)])
  }

  /** Advances every branch by `steps` steps of dt, starting at `time`. */
  advance(steps: number, time: number): void {
    for (let step = 0; step < steps; step++) {
      this.update((psi) => rk4Step(this.terms, psi, time + step * this.dt, this.dt))
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
}
