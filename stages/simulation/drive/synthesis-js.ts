/**
 * js kernels of drive synthesis: complex products in typed-array loops over a
 * range of node rows. Both sum over sources in the same order with the same
 * operations, so a batch column equals the matrix-vector product bit for bit.
 *
 * Every row of G depends only on row x of K and on the weights, so the rows
 * split across the worker pool (parallel.ts) with no change to any row's
 * arithmetic: pooled results equal serial ones bit for bit. A serial product
 * is the same range loop over all rows.
 */
import { defineTask, type SharedArray, sharedFloat64, shareCopy, type Task, type WorkerPool } from "../../compute/parallel.js"
import type { ComplexField } from "../field.js"
import type { ComplexMatrix } from "./complex-matrix.js"

/**
 * Products of at least this many complex multiply-adds (rows × sources ×
 * batch columns) run on the worker pool when one is given. Measured on the
 * 2-core development machine (docs/theory/drive.md): below it, binding the
 * arrays and waking the workers cost more than the halved loop saves.
 */
export const parallelProductThreshold = 131_072

export interface SynthesisArrays {
  /** K, rows × sources, row-major. */
  readonly kRe: Float64Array
  readonly kIm: Float64Array
  /** The weights: sources × batch, row-major (a vector when batch = 1). */
  readonly cRe: Float64Array
  readonly cIm: Float64Array
  /** G, rows × batch, row-major; zero on entry. */
  readonly gRe: Float64Array
  readonly gIm: Float64Array
}

/** Layout of the scalars of both tasks. */
const Scalar = { sources: 0, batch: 1 } as const

/** Rows [start, end) of G = K c. */
export const productRange = (a: SynthesisArrays, s: Float64Array, start: number, end: number): void => {
  const sources = s[Scalar.sources]!
  const { kRe, kIm, cRe, cIm, gRe, gIm } = a
  for (let x = start; x < end; x++) {
    let sumRe = 0
    let sumIm = 0
    const row = x * sources
    for (let j = 0; j < sources; j++) {
      const kr = kRe[row + j]!
      const ki = kIm[row + j]!
      const cr = cRe[j]!
      const ci = cIm[j]!
      sumRe += kr * cr - ki * ci
      sumIm += kr * ci + ki * cr
    }
    gRe[x] = sumRe
    gIm[x] = sumIm
  }
}

/** Rows [start, end) of G = K C; loops run row of K, then source, then batch column, so C and G are read and written contiguously. */
export const batchProductRange = (a: SynthesisArrays, s: Float64Array, start: number, end: number): void => {
  const sources = s[Scalar.sources]!
  const batch = s[Scalar.batch]!
  const { kRe, kIm, cRe, cIm, gRe, gIm } = a
  for (let x = start; x < end; x++) {
    const out = x * batch
    for (let j = 0; j < sources; j++) {
      const kr = kRe[x * sources + j]!
      const ki = kIm[x * sources + j]!
      const weights = j * batch
      for (let b = 0; b < batch; b++) {
        const cr = cRe[weights + b]!
        const ci = cIm[weights + b]!
        gRe[out + b] += kr * cr - ki * ci
        gIm[out + b] += kr * ci + ki * cr
      }
    }
  }
}

export const productTask = defineTask(import.meta.url, "productTask", (arrays: Readonly<Record<string, SharedArray>>, scalars, start, end) =>
  productRange(arrays as unknown as SynthesisArrays, scalars, start, end),
)

export const batchProductTask = defineTask(
  import.meta.url,
  "batchProductTask",
  (arrays: Readonly<Record<string, SharedArray>>, scalars, start, end) =>
    batchProductRange(arrays as unknown as SynthesisArrays, scalars, start, end),
)

export interface JsSynthesisOptions {
  /** Used when the product has at least `parallelThreshold` complex multiply-adds. */
  readonly pool?: WorkerPool
  readonly parallelThreshold?: number
}

/** `array` itself when the workers can read it in place, else a shared copy. */
const shared = (array: Float64Array): Float64Array => (array.buffer instanceof SharedArrayBuffer ? array : shareCopy(array))

/** Rows × batch entries of G from `task`, on the pool when the product is large enough. */
const product = (task: Task, k: ComplexMatrix, c: ComplexField, batch: number, options: JsSynthesisOptions): ComplexField => {
  const length = k.rows * batch
  const scalars = Float64Array.of(k.cols, batch)
  const pool = options.pool
  const work = k.rows * k.cols * batch
  if (pool === undefined || pool.threads < 2 || work < (options.parallelThreshold ?? parallelProductThreshold)) {
    const arrays = { kRe: k.re, kIm: k.im, cRe: c.re, cIm: c.im, gRe: new Float64Array(length), gIm: new Float64Array(length) }
    task.run(arrays, scalars, 0, k.rows)
    return { re: arrays.gRe, im: arrays.gIm }
  }
  // transferMatrix allocates K in shared memory, so only the small weights are copied on the usual path.
  const arrays = { kRe: shared(k.re), kIm: shared(k.im), cRe: shared(c.re), cIm: shared(c.im), gRe: sharedFloat64(length), gIm: sharedFloat64(length) }
  const binding = pool.bind(arrays)
  try {
    pool.run(task, binding, k.rows, scalars)
  } finally {
    pool.release(binding)
  }
  return { re: arrays.gRe, im: arrays.gIm }
}

/** G = K c. */
export const synthesizeJs = (k: ComplexMatrix, c: ComplexField, options: JsSynthesisOptions = {}): ComplexField =>
  product(productTask, k, c, 1, options)

/** G = K C. */
export const synthesizeBatchJs = (k: ComplexMatrix, c: ComplexMatrix, options: JsSynthesisOptions = {}): ComplexMatrix => {
  const g = product(batchProductTask, k, c, c.cols, options)
  return { rows: k.rows, cols: c.cols, re: g.re, im: g.im }
}
