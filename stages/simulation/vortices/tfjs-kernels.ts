/**
 * The `tfjs` kernels of the vortex ops, batched over fields: tensors of shape
 * [batch, nodes] in, int32 [batch, faces] or [batch, edges] out. They compute
 * the same branch integers as the `js` kernels (see windings.ts) in float32:
 * every sum is a sum of small integers, exact in float32, so no rounding is
 * needed; only increments within float32 error of an odd multiple of π can
 * fall on the other side of the cut than in float64.
 */
import * as tf from "@tensorflow/tfjs"
import type { ComplexField } from "../field.js"
import type { EdgeList } from "../lattice/lattice.js"
import type { FaceEdgeTable } from "./face-edges.js"

const TWO_PI = 2 * Math.PI

/** Faces padded to a common size so the per-face sum is a reshape and a sum: padding slots have direction 0. */
interface PaddedFaces {
  readonly edge: Int32Array
  readonly direction: Float32Array
}

const paddedCache = new WeakMap<FaceEdgeTable, PaddedFaces>()

const paddedFaces = (table: FaceEdgeTable): PaddedFaces => {
  const cached = paddedCache.get(table)
  if (cached !== undefined) return cached
  const size = table.maxFaceSize
  const edge = new Int32Array(table.faceCount * size)
  const direction = new Float32Array(table.faceCount * size)
  for (let f = 0; f < table.faceCount; f++) {
    const start = table.offsets[f]!
    for (let t = start; t < table.offsets[f + 1]!; t++) {
      edge[f * size + t - start] = table.edge[t]!
      direction[f * size + t - start] = table.direction[t]!
    }
  }
  const padded = { edge, direction }
  paddedCache.set(table, padded)
  return padded
}

/** A batch of complex fields as tensors of shape [batch, nodes]. */
export interface FieldTensors {
  readonly re: tf.Tensor2D
  readonly im: tf.Tensor2D
}

/** One field as a batch of one, in float32. */
export const fieldTensors = (field: ComplexField): FieldTensors => ({
  re: tf.tensor2d(Float32Array.from(field.re), [1, field.re.length]),
  im: tf.tensor2d(Float32Array.from(field.im), [1, field.im.length]),
})

const branch = (x: tf.Tensor): tf.Tensor => tf.ceil(tf.div(tf.sub(x, Math.PI), TWO_PI))

/** θ per node, [batch, nodes]. */
export const phasesTensor = (re: tf.Tensor2D, im: tf.Tensor2D): tf.Tensor2D => tf.atan2(im, re)

/** branch(θ_target - θ_source + A) per edge, [batch, edges] (float32 holding integers). */
export const linkBranchesTensor = (edges: EdgeList, theta: tf.Tensor2D): tf.Tensor2D => {
  const source = tf.tensor1d(edges.source, "int32")
  const target = tf.tensor1d(edges.target, "int32")
  const increment = tf.add(tf.sub(tf.gather(theta, target, 1), tf.gather(theta, source, 1)), tf.tensor1d(Float32Array.from(edges.phase)))
  return branch(increment) as tf.Tensor2D
}

/** q_f = -Σ direction · branch over each face's slots, int32 [batch, faces]. */
export const chargesFromBranchesTensor = (table: FaceEdgeTable, links: tf.Tensor2D): tf.Tensor2D => {
  const padded = paddedFaces(table)
  const batch = links.shape[0]
  const gathered = tf.mul(tf.gather(links, tf.tensor1d(padded.edge, "int32"), 1), tf.tensor1d(padded.direction, "float32"))
  const sums = tf.sum(tf.reshape(gathered, [batch, table.faceCount, table.maxFaceSize]), 2)
  return tf.cast(tf.neg(sums), "int32") as tf.Tensor2D
}

/** Space-time plaquette windings per edge (see js-kernels.ts), int32 [batch, edges]. */
export const currentsFromBranchesTensor = (
  edges: EdgeList,
  linksBefore: tf.Tensor2D,
  linksAfter: tf.Tensor2D,
  thetaBefore: tf.Tensor2D,
  thetaAfter: tf.Tensor2D,
): tf.Tensor2D => {
  const nodeBranch = branch(tf.sub(thetaAfter, thetaBefore))
  const temporal = tf.sub(tf.gather(nodeBranch, tf.tensor1d(edges.source, "int32"), 1), tf.gather(nodeBranch, tf.tensor1d(edges.target, "int32"), 1))
  return tf.cast(tf.add(tf.sub(linksAfter, linksBefore), temporal), "int32") as tf.Tensor2D
}
