/**
 * Dense complex matrices, row-major, with separate real and imaginary parts
 * (the layout of ComplexField, so a vector of length n is an n × 1 matrix
 * over the same arrays).
 */
import type { ComplexField } from "../field.js"

export interface ComplexMatrix {
  readonly rows: number
  readonly cols: number
  /** rows * cols entries; entry (i, j) at i * cols + j. */
  readonly re: Float64Array
  readonly im: Float64Array
}

export const zeroMatrix = (rows: number, cols: number): ComplexMatrix => ({
  rows,
  cols,
  re: new Float64Array(rows * cols),
  im: new Float64Array(rows * cols),
})

/** Column `col` of `matrix`, copied into a vector. */
export const matrixColumn = (matrix: ComplexMatrix, col: number): ComplexField => {
  if (!Number.isInteger(col) || col < 0 || col >= matrix.cols) {
    throw new RangeError(`matrixColumn: col must be an integer in [0, ${matrix.cols - 1}], got ${col}`)
  }
  const re = new Float64Array(matrix.rows)
  const im = new Float64Array(matrix.rows)
  for (let i = 0; i < matrix.rows; i++) {
    re[i] = matrix.re[i * matrix.cols + col]!
    im[i] = matrix.im[i * matrix.cols + col]!
  }
  return { re, im }
}

/** The matrix whose columns are `columns` (e.g. a batch of control vectors, one per column). */
export const matrixFromColumns = (columns: readonly ComplexField[]): ComplexMatrix => {
  if (columns.length === 0) throw new RangeError("matrixFromColumns: columns must hold at least one vector, got 0")
  const rows = columns[0]!.re.length
  const matrix = zeroMatrix(rows, columns.length)
  columns.forEach((column, col) => {
    if (column.re.length !== rows || column.im.length !== rows) {
      throw new RangeError(
        `matrixFromColumns: every column must have ${rows} entries (re and im), column ${col} has ${column.re.length} and ${column.im.length}`,
      )
    }
    for (let i = 0; i < rows; i++) {
      matrix.re[i * columns.length + col] = column.re[i]!
      matrix.im[i * columns.length + col] = column.im[i]!
    }
  })
  return matrix
}
