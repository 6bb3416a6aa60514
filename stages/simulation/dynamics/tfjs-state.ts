/** Moving fields and equation coefficients to and from tfjs tensors (float32). */
import * as tf from "@tensorflow/tfjs"
import type { ComplexField } from "../field.js"
import { type Equation, potentialPerNode } from "./equation.js"

export const uploadField = (field: ComplexField): [tf.Tensor1D, tf.Tensor1D] => [
  tf.tensor1d(Float32Array.from(field.re)),
  tf.tensor1d(Float32Array.from(field.im)),
]

export const downloadField = ([re, im]: readonly [tf.Tensor1D, tf.Tensor1D]): ComplexField => ({
  re: Float64Array.from(re.dataSync()),
  im: Float64Array.from(im.dataSync()),
})

const zeroProfile = (nodeCount: number): ComplexField => ({ re: new Float64Array(nodeCount), im: new Float64Array(nodeCount) })

/** The per-node coefficients of an equation as tensors: V and the drive profile P (zero without a drive). */
export class EquationTensors {
  potential: tf.Tensor1D
  drive: [tf.Tensor1D, tf.Tensor1D]

  constructor(
    private readonly nodeCount: number,
    equation: Equation,
  ) {
    this.potential = tf.tensor1d(Float32Array.from(potentialPerNode(equation.potential, nodeCount)))
    this.drive = uploadField(equation.drive?.profile ?? zeroProfile(nodeCount))
  }

  /** Replaces the tensors with those of `equation`. */
  set(equation: Equation): void {
    const next = new EquationTensors(this.nodeCount, equation)
    this.dispose()
    this.potential = next.potential
    this.drive = next.drive
  }

  dispose(): void {
    tf.dispose([this.potential, ...this.drive])
  }
}
