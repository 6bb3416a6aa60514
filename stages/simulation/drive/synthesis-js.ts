/**
 * js kernels of drive synthesis: complex products in typed-array loops. Both
 * sum over sources in the same order with the same operations, so a batch
 * column equals the matrix-vector product bit for bit.
 */
import type { ComplexField } from "../field.js"
import type { ComplexMatrix } from "./complex-matrix.js"

/** G = K c. */
export const synthesizeJs = (k: ComplexMatrix, c: ComplexField): ComplexField => {
  const re = new Float64Array(k.rows)
  const im = new Float64Array(k.rows)
  const sources = k.cols
  for (let x = 0; x < k.rows; x++) {
    let sumRe = 0
    let sumIm = 0
    const row = x * sources
    for (let s = 0; s < sources; s++) {
      const kr = k.re[row + s]!
      const ki = k.im[row + s]!
      const cr = c.re[s]!
      const ci = c.im[s]!
      sumRe += kr * cr - ki * ci
      sumIm += kr * ci + ki * cr
    }
    re[x] = sumRe
    im[x] = sumIm
  }
  return { re, im }
}

/** G = K C; loops run row of K, then source, then batch column, so C and G are read and written contiguously. */
export const synthesizeBatchJs = (k: ComplexMatrix, c: ComplexMatrix): ComplexMatrix => {
  const batch = c.cols
  const sources = k.cols
  const re = new Float64Array(k.rows * batch)
  const im = new Float64Array(k.rows * batch)
  for (let x = 0; x < k.rows; x++) {
    const out = x * batch
    for (let s = 0; s < sources; s++) {
      const kr = k.re[x * sources + s]!
      const ki = k.im[x * sources + s]!
      const weights = s * batch
      for (let b = 0; b < batch; b++) {
        const cr = c.re[weights + b]!
        const ci = c.im[weights + b]!
        re[out + b] += kr * cr - ki * ci
        im[out + b] += kr * ci + ki * cr
      }
    }
  }
  return { rows: k.rows, cols: batch, re, im }
}
