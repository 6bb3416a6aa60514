/**
 * The tfjs contraction kernel: a plan's steps on a batch of fillings of one
 * graph at once. Every working tensor is held flat as [batch, size]; a step
 * reshapes to the (merged) axes, transposes, and multiplies [batch, m, k] by
 * [batch, k, n] with one batched matMul. float32 throughout; every
 * intermediate is disposed, so tf.memory() is unchanged afterwards.
 */
import * as tf from "@tensorflow/tfjs"
import type { BoundaryState } from "./boundary-state.js"
import type { ContractionPlan } from "./contraction-plan.js"
import { mergeAxes } from "./dense-tensor.js"
import { tensorSize, validateTensors } from "./network.js"

/** [batch, size] transposed as a [batch, ...dims] tensor would be by perm, returned flat. */
const permuteBatch = (x: tf.Tensor2D, dims: ReadonlyArray<number>, perm: ReadonlyArray<number>): tf.Tensor2D => {
  const merged = mergeAxes(dims, perm)
  if (merged.perm.every((axis, i) => axis === i)) return x
  const [batch, size] = x.shape
  return tf.reshape(tf.transpose(tf.reshape(x, [batch, ...merged.dims]), [0, ...merged.perm.map((axis) => axis + 1)]), [batch, size])
}

/** Runs a plan on each filling in `batch` (all of the plan's graph); float32 amplitudes returned as float64. */
export const contractTfjs = async (plan: ContractionPlan, batch: ReadonlyArray<ReadonlyArray<Float64Array>>): Promise<BoundaryState[]> => {
  if (batch.length === 0) return []
  batch.forEach((tensors) => validateTensors(plan.graph, tensors))
  const members = batch.length
  const work: Array<tf.Tensor2D | undefined> = plan.graph.nodes.map((dims, node) => {
    const size = tensorSize(dims)
    const stacked = new Float32Array(members * size)
    batch.forEach((tensors, b) => stacked.set(tensors[node]!, b * size))
    return tf.tensor2d(stacked, [members, size])
  })
  try {
    for (const step of plan.steps) {
      const left = work[step.left]!
      const right = work[step.right]!
      const product = tf.tidy(() => {
        const x = tf.reshape(permuteBatch(left, step.leftDims, step.leftPerm), [members, step.m, step.k])
        const y = tf.reshape(permuteBatch(right, step.rightDims, step.rightPerm), [members, step.k, step.n])
        return tf.reshape(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D), [members, step.m * step.n]) as tf.Tensor2D
      })
      tf.dispose([left, right])
      work[step.left] = undefined
      work[step.right] = undefined
      work.push(product)
    }
    const result = work[plan.result]!
    const ordered = tf.tidy(() => permuteBatch(result, plan.resultDims, plan.finalPerm))
    const values = await ordered.data()
    if (ordered !== result) ordered.dispose()
    const size = tensorSize(plan.boundaryDims)
    return batch.map((_, b) => ({ dims: plan.boundaryDims, amplitudes: Float64Array.from(values.subarray(b * size, (b + 1) * size)) }))
  } finally {
    tf.dispose(work.filter((tensor): tensor is tf.Tensor2D => tensor !== undefined))
  }
}
