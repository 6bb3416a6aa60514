/**
 * The synthesis op of the holographic drive: G = K c for one weight vector,
 * G = K C for a batch of them (one per column). The op checks its inputs and
 * hands them to the chosen kernel: `js` (float64 loops, split across a worker
 * pool when one is given and the product is large) or `tfjs` (float32 tensors
 * on the active TensorFlow.js backend).
 */
import { kernelNames, type KernelName } from "../../compute/backend.js"
import type { ComplexField } from "../field.js"
import type { ComplexMatrix } from "./complex-matrix.js"
import { type JsSynthesisOptions, synthesizeBatchJs, synthesizeJs } from "./synthesis-js.js"
import { synthesizeBatchTfjs } from "./synthesis-tfjs.js"

const checkKernel = (op: string, kernel: KernelName): void => {
  if (!kernelNames.includes(kernel)) {
    throw new RangeError(`${op}: kernel must be one of ${kernelNames.map((k) => `"${k}"`).join(", ")}, got ${JSON.stringify(kernel)}`)
  }
}

const checkShape = (op: string, name: string, m: ComplexMatrix): void => {
  if (!Number.isSafeInteger(m.rows) || m.rows < 1 || !Number.isSafeInteger(m.cols) || m.cols < 1) {
    throw new RangeError(`${op}: ${name} must have integer rows and cols >= 1, got ${m.rows} × ${m.cols}`)
  }
  if (m.re.length !== m.rows * m.cols || m.im.length !== m.rows * m.cols) {
    throw new RangeError(
      `${op}: ${name}.re and ${name}.im must hold rows × cols = ${m.rows * m.cols} entries, got ${m.re.length} and ${m.im.length}`,
    )
  }
}

/** js kernel only: the pool, and the size (complex multiply-adds, rows × sources × batch) from which it is used. */
export type SynthesisOptions = JsSynthesisOptions

const checkOptions = (op: string, options: SynthesisOptions): void => {
  const threshold = options.parallelThreshold
  if (threshold !== undefined && (!Number.isSafeInteger(threshold) || threshold < 1)) {
    throw new RangeError(`${op}: parallelThreshold must be an integer >= 1, got ${threshold}`)
  }
}

const checkFinite = (op: string, name: string, values: Float64Array): void => {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${op}: ${name} must be finite, entry ${i} is ${values[i]}`)
  }
}

/** G = K c: the drive profile on every node for source weights c (one per column of K). */
export const synthesize = (k: ComplexMatrix, c: ComplexField, kernel: KernelName = "js", options: SynthesisOptions = {}): ComplexField => {
  const op = "synthesize"
  checkKernel(op, kernel)
  checkOptions(op, options)
  checkShape(op, "K", k)
  if (c.re.length !== k.cols || c.im.length !== k.cols) {
    throw new RangeError(`${op}: c.re and c.im must hold one weight per source (${k.cols}), got ${c.re.length} and ${c.im.length}`)
  }
  checkFinite(op, "c.re", c.re)
  checkFinite(op, "c.im", c.im)
  if (kernel === "js") return synthesizeJs(k, c, options)
  const g = synthesizeBatchTfjs(k, { rows: k.cols, cols: 1, re: c.re, im: c.im })
  return { re: g.re, im: g.im }
}

/** G = K C: column b of G is the drive profile for the weights in column b of C. */
export const synthesizeBatch = (
  k: ComplexMatrix,
  c: ComplexMatrix,
  kernel: KernelName = "js",
  options: SynthesisOptions = {},
): ComplexMatrix => {
  const op = "synthesizeBatch"
  checkKernel(op, kernel)
  checkOptions(op, options)
  checkShape(op, "K", k)
  checkShape(op, "C", c)
  if (c.rows !== k.cols) throw new RangeError(`${op}: C must have one row per source of K (${k.cols}), got ${c.rows} rows`)
  checkFinite(op, "C.re", c.re)
  checkFinite(op, "C.im", c.im)
  return kernel === "js" ? synthesizeBatchJs(k, c, options) : synthesizeBatchTfjs(k, c)
}
