/**
 * tfjs kernel of drive synthesis, float32: G = K C as four real products,
 * Re G = Kr Cr - Ki Ci, Im G = Kr Ci + Ki Cr. A vector is a one-column batch.
 * K is uploaded on every call; in a batch that cost is shared by its columns.
 */
import * as tf from "@tensorflow/tfjs"
import type { ComplexMatrix } from "./complex-matrix.js"

const upload = (values: Float64Array, rows: number, cols: number) => tf.tensor2d(Float32Array.from(values), [rows, cols], "float32")

export const synthesizeBatchTfjs = (k: ComplexMatrix, c: ComplexMatrix): ComplexMatrix => {
  const [gr, gi] = tf.tidy((): [tf.Tensor2D, tf.Tensor2D] => {
    const kr = upload(k.re, k.rows, k.cols)
    const ki = upload(k.im, k.rows, k.cols)
    const cr = upload(c.re, c.rows, c.cols)
    const ci = upload(c.im, c.rows, c.cols)
    return [tf.sub(tf.matMul(kr, cr), tf.matMul(ki, ci)), tf.add(tf.matMul(kr, ci), tf.matMul(ki, cr))]
  })
  try {
    return { rows: k.rows, cols: c.cols, re: Float64Array.from(gr.dataSync()), im: Float64Array.from(gi.dataSync()) }
  } finally {
    gr.dispose()
    gi.dispose()
  }
}
