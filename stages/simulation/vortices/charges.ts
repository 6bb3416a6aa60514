/**
 * The plaquette-charge op: the topological charge of every face,
 *   q_f = (1/2π) [Σ_{edges ij of f, in f's cycle order} wrap(arg ψ_j - arg ψ_i + A_ij) - Φ_f],
 * Φ_f = Σ A_ij over the same edges (zero on flat faces, where this is exactly
 * MODELS.md's formula). It is an exact integer: the kernels sum branch integers
 * (windings.ts), each decided once per undirected edge.
 */
import * as tf from "@tensorflow/tfjs"
import type { KernelName } from "../../compute/backend.js"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { faceEdgeTable } from "./face-edges.js"
import { chargesJs } from "./js-kernels.js"
import { type PoolOptions, pooledCharges, poolFor } from "./pooled.js"
import { chargesFromBranchesTensor, fieldTensors, linkBranchesTensor, phasesTensor } from "./tfjs-kernels.js"
import { checkField, checkKernel, checkLinkPhases, checkParallelThreshold } from "./validate.js"

export interface KernelOptions extends PoolOptions {
  /** Which implementation runs; "js" by default. */
  readonly kernel?: KernelName
}

const op = "plaquetteCharges"

/** q_f per face of the lattice, in the order of lattice.faces. */
export const plaquetteCharges = (lattice: Lattice, field: ComplexField, options: KernelOptions = {}): Int32Array => {
  const kernel = checkKernel(op, options.kernel ?? "js")
  checkParallelThreshold(op, options.parallelThreshold)
  checkField(op, "field", lattice, field)
  checkLinkPhases(op, "lattice", lattice)
  const table = faceEdgeTable(lattice)
  if (kernel === "js") {
    const pool = poolFor(lattice, options)
    return pool === undefined ? chargesJs(table, lattice.edges, field) : pooledCharges(pool, lattice, field)
  }
  if (table.faceCount === 0) return new Int32Array(0)
  const charges = tf.tidy(() => {
    const { re, im } = fieldTensors(field)
    return chargesFromBranchesTensor(table, linkBranchesTensor(lattice.edges, phasesTensor(re, im)))
  })
  const values = Int32Array.from(charges.dataSync())
  charges.dispose()
  return values
}

const checkBatch = (name: string, lattice: Lattice, tensor: tf.Tensor): void => {
  if (tensor.rank !== 2 || tensor.shape[1] !== lattice.nodeCount) {
    throw new RangeError(`${op}Tensor: ${name} must have shape [batch, ${lattice.nodeCount}], got [${tensor.shape.join(", ")}]`)
  }
}

/**
 * The tfjs kernel on a batch of fields held as tensors (re, im of shape
 * [batch, nodes]): int32 charges of shape [batch, faces]. The caller owns and
 * disposes the result.
 */
export const plaquetteChargesTensor = (lattice: Lattice, re: tf.Tensor2D, im: tf.Tensor2D): tf.Tensor2D => {
  checkBatch("re", lattice, re)
  checkBatch("im", lattice, im)
  if (re.shape[0] !== im.shape[0]) throw new RangeError(`${op}Tensor: re and im must have the same batch size, got ${re.shape[0]} and ${im.shape[0]}`)
  checkLinkPhases(`${op}Tensor`, "lattice", lattice)
  const table = faceEdgeTable(lattice)
  if (table.faceCount === 0) return tf.zeros([re.shape[0], 0], "int32")
  return tf.tidy(() => chargesFromBranchesTensor(table, linkBranchesTensor(lattice.edges, phasesTensor(re, im))))
}
