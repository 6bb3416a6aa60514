/**
 * The vortex-current op: for each edge i -> j (its stored direction) and two
 * consecutive frames, the winding of the space-time plaquette
 *   ψ_i(t) -> ψ_j(t) -> ψ_j(t+1) -> ψ_i(t+1) -> ψ_i(t),
 * spatial legs carrying A_ij(t) and -A_ij(t+1), temporal legs none, minus its
 * flux A_ij(t) - A_ij(t+1) (zero unless the link phases changed between the
 * frames). It is the vortex charge that crossed the edge during the step, and
 * obeys continuity exactly:
 *   q_f(t+1) - q_f(t) = -Σ_{slots of f} direction · J_edge.
 * So J > 0 is positive charge leaving the face that walks i -> j (on a chart
 * with counter-clockwise faces: the face to the left of i -> j) for the face
 * that walks j -> i.
 */
import * as tf from "@tensorflow/tfjs"
import type { KernelName } from "../../compute/backend.js"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { currentsJs } from "./js-kernels.js"
import { type PoolOptions, pooledCurrents, poolFor } from "./pooled.js"
import { currentsFromBranchesTensor, type FieldTensors, fieldTensors, linkBranchesTensor, phasesTensor } from "./tfjs-kernels.js"
import { checkField, checkKernel, checkLinkPhases, checkParallelThreshold, checkSameTopology } from "./validate.js"

export interface CurrentOptions extends PoolOptions {
  /** Which implementation runs; "js" by default. */
  readonly kernel?: KernelName
  /**
   * The lattice of the later frame when its link phases differ from lattice's
   * (e.g. the twist holonomy α was changed between the frames); it must have
   * the same nodes, edges and faces.
   */
  readonly latticeAfter?: Lattice
}

const op = "vortexCurrents"

const laterLattice = (name: string, lattice: Lattice, latticeAfter: Lattice | undefined): Lattice => {
  checkLinkPhases(name, "lattice", lattice)
  if (latticeAfter === undefined || latticeAfter === lattice) return lattice
  checkSameTopology(name, "options.latticeAfter", lattice, latticeAfter)
  checkLinkPhases(name, "options.latticeAfter", latticeAfter)
  return latticeAfter
}

/** J per edge of the lattice, in the order of lattice.edges, for the step from `before` to `after`. */
export const vortexCurrents = (lattice: Lattice, before: ComplexField, after: ComplexField, options: CurrentOptions = {}): Int32Array => {
  const kernel = checkKernel(op, options.kernel ?? "js")
  checkParallelThreshold(op, options.parallelThreshold)
  checkField(op, "before", lattice, before)
  checkField(op, "after", lattice, after)
  const later = laterLattice(op, lattice, options.latticeAfter)
  if (kernel === "js") {
    const pool = poolFor(lattice, options)
    return pool === undefined ? currentsJs(lattice.edges, later.edges.phase, before, after) : pooledCurrents(pool, lattice, later, before, after)
  }
  if (lattice.edges.source.length === 0) return new Int32Array(0)
  const currents = tf.tidy(() => currentsTensorKernel(lattice, later, fieldTensors(before), fieldTensors(after)))
  const values = Int32Array.from(currents.dataSync())
  currents.dispose()
  return values
}

const currentsTensorKernel = (lattice: Lattice, later: Lattice, before: FieldTensors, after: FieldTensors): tf.Tensor2D => {
  const thetaBefore = phasesTensor(before.re, before.im)
  const thetaAfter = phasesTensor(after.re, after.im)
  return currentsFromBranchesTensor(
    lattice.edges,
    linkBranchesTensor(lattice.edges, thetaBefore),
    linkBranchesTensor(later.edges, thetaAfter),
    thetaBefore,
    thetaAfter,
  )
}

/**
 * The tfjs kernel on a batch of frame pairs held as tensors: int32 currents of
 * shape [batch, edges]. The caller owns and disposes the result.
 */
export const vortexCurrentsTensor = (
  lattice: Lattice,
  before: FieldTensors,
  after: FieldTensors,
  options: Pick<CurrentOptions, "latticeAfter"> = {},
): tf.Tensor2D => {
  const name = `${op}Tensor`
  const batch = before.re.shape[0]
  for (const [label, tensor] of [
    ["before.re", before.re],
    ["before.im", before.im],
    ["after.re", after.re],
    ["after.im", after.im],
  ] as const) {
    if (tensor.rank !== 2 || tensor.shape[0] !== batch || tensor.shape[1] !== lattice.nodeCount) {
      throw new RangeError(`${name}: ${label} must have shape [${batch}, ${lattice.nodeCount}] (batch of before.re), got [${tensor.shape.join(", ")}]`)
    }
  }
  const later = laterLattice(name, lattice, options.latticeAfter)
  if (lattice.edges.source.length === 0) return tf.zeros([batch, 0], "int32")
  return tf.tidy(() => currentsTensorKernel(lattice, later, before, after))
}
