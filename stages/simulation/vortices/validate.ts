/**
 * Input checks shared by the vortex ops: each failure is a RangeError naming
 * the argument, what was expected and what was found.
 */
import { type KernelName, kernelNames } from "../../compute/backend.js"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"

export const checkKernel = (op: string, kernel: unknown): KernelName => {
  if (!(kernelNames as readonly unknown[]).includes(kernel)) {
    throw new RangeError(`${op}: options.kernel must be one of ${kernelNames.map((k) => `"${k}"`).join(", ")}, got ${JSON.stringify(kernel)}`)
  }
  return kernel as KernelName
}

/** A field with one finite complex value per lattice node. */
export const checkField = (op: string, name: string, lattice: Lattice, field: ComplexField): void => {
  for (const part of ["re", "im"] as const) {
    const values = field[part]
    if (values.length !== lattice.nodeCount) {
      throw new RangeError(`${op}: ${name}.${part} must hold one value per lattice node (${lattice.nodeCount}), got length ${values.length}`)
    }
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) throw new RangeError(`${op}: ${name}.${part}[${i}] must be finite, got ${values[i]}`)
    }
  }
}

/** One value per item (charges per face, currents per edge). */
export const checkPerItem = (op: string, name: string, values: Int32Array, expectedLength: number, per: string): void => {
  if (values.length !== expectedLength) {
    throw new RangeError(`${op}: ${name} must hold one value per ${per} (${expectedLength}), got length ${values.length}`)
  }
}

/** Two lattices whose fields can be compared: the same nodes, edges and faces (link phases may differ). */
export const checkSameTopology = (op: string, name: string, lattice: Lattice, other: Lattice): void => {
  const same = (a: Int32Array, b: Int32Array) => a === b || (a.length === b.length && a.every((x, k) => x === b[k]))
  if (
    other.nodeCount !== lattice.nodeCount ||
    !same(other.edges.source, lattice.edges.source) ||
    !same(other.edges.target, lattice.edges.target) ||
    !same(other.faces.offsets, lattice.faces.offsets) ||
    !same(other.faces.nodes, lattice.faces.nodes)
  ) {
    throw new RangeError(`${op}: ${name} must have the same nodes, edges and faces as lattice (only link phases may differ)`)
  }
}

/** Finite link phases A_ij on every edge. */
export const checkLinkPhases = (op: string, name: string, lattice: Lattice): void => {
  const { phase } = lattice.edges
  for (let e = 0; e < phase.length; e++) {
    if (!Number.isFinite(phase[e]!)) throw new RangeError(`${op}: ${name}.edges.phase[${e}] must be finite, got ${phase[e]}`)
  }
}

/** The node count from which the js kernel runs on the worker pool. */
export const checkParallelThreshold = (op: string, threshold: number | undefined): void => {
  if (threshold !== undefined && (!Number.isSafeInteger(threshold) || threshold < 1)) {
    throw new RangeError(`${op}: options.parallelThreshold must be an integer >= 1, got ${threshold}`)
  }
}
