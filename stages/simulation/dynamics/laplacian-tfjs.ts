/**
 * The tfjs kernel of the magnetic Laplacian: gather neighbour values in the
 * padded (ELL) layout, multiply by w e^{iA} as real and imaginary blocks,
 * sum each row, subtract d_i ψ_i. float32 throughout.
 *
 * ψ is one field ([N]) or a batch of fields ([B, N]): neighbours are gathered
 * along the last (node) axis, and the [N, W] link weights and the [N] degrees
 * broadcast over the batch.
 */
import * as tf from "@tensorflow/tfjs"
import type { PaddedLinks } from "./links.js"

/** The padded link arrays as tensors; the owner disposes them. */
export interface LinkTensors {
  readonly column: tf.Tensor2D
  readonly cosine: tf.Tensor2D
  readonly sine: tf.Tensor2D
  readonly degree: tf.Tensor1D
}

export const uploadLinks = (padded: PaddedLinks): LinkTensors => {
  const shape: [number, number] = [padded.nodeCount, padded.width]
  return {
    column: tf.tensor2d(padded.column, shape, "int32"),
    cosine: tf.tensor2d(Float32Array.from(padded.cosine), shape),
    sine: tf.tensor2d(Float32Array.from(padded.sine), shape),
    degree: tf.tensor1d(Float32Array.from(padded.degree)),
  }
}

export const disposeLinks = (links: LinkTensors): void => {
  tf.dispose([links.column, links.cosine, links.sine, links.degree])
}

/** One field ([N]) or a batch of fields ([B, N]). */
export type FieldTensor = tf.Tensor1D | tf.Tensor2D

/** [Re Lψ, Im Lψ], shaped like ψ; intermediates are freed, the two results belong to the caller. */
export const laplacianTensors = <T extends FieldTensor>(links: LinkTensors, re: T, im: T): [T, T] =>
  tf.tidy(() => {
    const nodeAxis = re.rank - 1
    const neighbourRe = tf.gather(re, links.column, nodeAxis)
    const neighbourIm = tf.gather(im, links.column, nodeAxis)
    const sumRe = tf.sum(tf.sub(tf.mul(links.cosine, neighbourRe), tf.mul(links.sine, neighbourIm)), nodeAxis + 1)
    const sumIm = tf.sum(tf.add(tf.mul(links.sine, neighbourRe), tf.mul(links.cosine, neighbourIm)), nodeAxis + 1)
    return [tf.sub(sumRe, tf.mul(links.degree, re)), tf.sub(sumIm, tf.mul(links.degree, im))] as [T, T]
  })
