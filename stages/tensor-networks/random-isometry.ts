/**
 * Random isometries and orthogonal matrices: the Q factor of the QR
 * decomposition of a Gaussian matrix (ml-matrix, Householder), each column
 * multiplied by the sign of R's diagonal entry, which makes Q Haar-distributed
 * over real isometries (Mezzadri 2007). Every draw comes from the Prng.
 */
import { Matrix, QrDecomposition } from "ml-matrix"
import type { Prng } from "../prng.js"

/** A rows × cols matrix (rows ≥ cols) with orthonormal columns, row-major: QᵀQ = 1. */
export const randomIsometry = (rows: number, cols: number, prng: Prng): Float64Array => {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || cols < 1 || rows < cols) {
    throw new RangeError(`an isometry needs integers rows >= cols >= 1, got ${rows} × ${cols}`)
  }
  const gaussian = Matrix.from1DArray(rows, cols, prng.fillNormal(new Float64Array(rows * cols)))
  const qr = new QrDecomposition(gaussian)
  const q = qr.orthogonalMatrix
  const r = qr.upperTriangularMatrix
  const result = new Float64Array(rows * cols)
  for (let j = 0; j < cols; j++) {
    const sign = r.get(j, j) < 0 ? -1 : 1
    for (let i = 0; i < rows; i++) result[i * cols + j] = sign * q.get(i, j)
  }
  return result
}

/** A Gaussian tensor: independent N(0, 1) entries. */
export const gaussianTensor = (size: number, prng: Prng): Float64Array => {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`tensor size must be an integer >= 1, got ${size}`)
  return prng.fillNormal(new Float64Array(size))
}
