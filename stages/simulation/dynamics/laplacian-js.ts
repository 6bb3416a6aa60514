/**
 * The js kernel of the magnetic Laplacian, (Lψ)_i = Σ_j w_ij e^{iA_ij} ψ_j - d_i ψ_i,
 * as a row function (shared by every js kernel that needs Lψ at a node, so
 * they all do the same floating-point operations) and as a pool task.
 */
import { defineTask, type SharedArray } from "../../compute/parallel.js"

/** The CSR arrays the row function reads (see links.ts). */
export interface LaplacianArrays {
  readonly rowStart: Int32Array
  readonly column: Int32Array
  readonly cosine: Float64Array
  readonly sine: Float64Array
  readonly degree: Float64Array
}

/** Writes Re (Lψ)_i to out[0] and Im (Lψ)_i to out[1]. */
export const laplacianRow = (links: LaplacianArrays, re: Float64Array, im: Float64Array, i: number, out: Float64Array): void => {
  let sumRe = 0
  let sumIm = 0
  for (let k = links.rowStart[i]!; k < links.rowStart[i + 1]!; k++) {
    const j = links.column[k]!
    const c = links.cosine[k]!
    const s = links.sine[k]!
    sumRe += c * re[j]! - s * im[j]!
    sumIm += s * re[j]! + c * im[j]!
  }
  out[0] = sumRe - links.degree[i]! * re[i]!
  out[1] = sumIm - links.degree[i]! * im[i]!
}

/** Lψ on nodes [start, end) into outRe, outIm. */
export const laplacianRange = (
  links: LaplacianArrays,
  re: Float64Array,
  im: Float64Array,
  outRe: Float64Array,
  outIm: Float64Array,
  start: number,
  end: number,
): void => {
  const row = new Float64Array(2)
  for (let i = start; i < end; i++) {
    laplacianRow(links, re, im, i, row)
    outRe[i] = row[0]!
    outIm[i] = row[1]!
  }
}

/** Arrays a laplacianTask binding holds: the LaplacianArrays plus re, im (input) and outRe, outIm. */
export type LaplacianTaskArrays = LaplacianArrays & {
  readonly re: Float64Array
  readonly im: Float64Array
  readonly outRe: Float64Array
  readonly outIm: Float64Array
}

export const laplacianTask = defineTask(import.meta.url, "laplacianTask", (arrays: Readonly<Record<string, SharedArray>>, _scalars, start, end) => {
  const a = arrays as unknown as LaplacianTaskArrays
  laplacianRange(a, a.re, a.im, a.outRe, a.outIm, start, end)
})
