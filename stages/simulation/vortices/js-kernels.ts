/**
 * The `js` kernels of the vortex ops: typed-array loops over branch integers
 * (see windings.ts), so every charge and current is an integer by construction.
 *
 * Each op is a few passes, each over nodes, edges or faces; a pass needs the
 * previous pass's values at neighbouring items, but within a pass every item
 * is independent. So a pass splits across the worker pool (pooled.ts) with no
 * change to any item's arithmetic, and pooled results equal serial ones
 * exactly. A serial op is the same passes over whole ranges.
 */
import { defineTask, type SharedArray } from "../../compute/parallel.js"
import type { ComplexField } from "../field.js"
import type { EdgeList } from "../lattice/lattice.js"
import type { FaceEdgeTable } from "./face-edges.js"
import { branch } from "./windings.js"

export interface ChargeArrays {
  /** ψ per node. */
  readonly re: Float64Array
  readonly im: Float64Array
  /** arg ψ per node: written by the phases pass. */
  readonly theta: Float64Array
  /** The lattice's edges. */
  readonly source: Int32Array
  readonly target: Int32Array
  readonly phase: Float64Array
  /** branch(θ_target - θ_source + A) per edge: written by the links pass. */
  readonly links: Int32Array
  /** The face-edge table's slots (face-edges.ts). */
  readonly offsets: Int32Array
  readonly edge: Int32Array
  readonly direction: Int8Array | Int32Array
  /** q_f per face: written by the faces pass. */
  readonly charges: Int32Array
}

export interface CurrentArrays {
  /** ψ per node in the earlier and the later frame. */
  readonly re: Float64Array
  readonly im: Float64Array
  readonly reAfter: Float64Array
  readonly imAfter: Float64Array
  /** arg ψ per node in both frames, and branch(θ(t+1) - θ(t)): written by the phases pass. */
  readonly theta: Float64Array
  readonly thetaAfter: Float64Array
  readonly nodeBranch: Int32Array
  /** The lattice's edges, with the link phases of each frame. */
  readonly source: Int32Array
  readonly target: Int32Array
  readonly phase: Float64Array
  readonly phaseAfter: Float64Array
  /** J per edge: written by the edges pass. */
  readonly currents: Int32Array
}

/** A pass of an op and the number of items (nodes, edges or faces) it loops over. */
export type Pass = readonly [pass: number, count: number]

const ChargePass = { phases: 0, links: 1, faces: 2 } as const
const CurrentPass = { phases: 0, edges: 1 } as const

/**
 * One pass of the charge op over items [start, end): arg ψ_i ∈ [-π, π] of
 * each node (atan2's: a node with ψ_i = 0 gets phase 0); the branch of each
 * edge in its stored direction; q_f = -Σ_{slots of f} direction · branch(edge),
 * the face's winding minus its flux, over 2π.
 *
 * Both ops write the phase and branch expressions out in their loops: a
 * helper taking the arrays, not inlined, made the edge loop twice as slow.
 */
export const chargesPass = (a: ChargeArrays, pass: number, start: number, end: number): void => {
  const { re, im, theta, source, target, phase, links } = a
  if (pass === ChargePass.phases) {
    for (let i = start; i < end; i++) theta[i] = Math.atan2(im[i]!, re[i]!)
  } else if (pass === ChargePass.links) {
    for (let e = start; e < end; e++) links[e] = branch(theta[target[e]!]! - theta[source[e]!]! + phase[e]!)
  } else {
    const { offsets, edge, direction, charges } = a
    for (let f = start; f < end; f++) {
      let sum = 0
      for (let t = offsets[f]!; t < offsets[f + 1]!; t++) sum += direction[t]! * links[edge[t]!]!
      charges[f] = -sum
    }
  }
}

export const chargePasses = (a: ChargeArrays): readonly Pass[] => [
  [ChargePass.phases, a.theta.length],
  [ChargePass.links, a.links.length],
  [ChargePass.faces, a.charges.length],
]

/**
 * One pass of the current op over items [start, end). The edges pass gives
 * the winding of the space-time plaquette (i,t) -> (j,t) -> (j,t+1) -> (i,t+1)
 * of each edge i -> j (its stored direction): minus the branches of its four
 * legs, the two temporal legs being θ_j(t+1) - θ_j(t) and θ_i(t) - θ_i(t+1).
 */
export const currentsPass = (a: CurrentArrays, pass: number, start: number, end: number): void => {
  const { theta, thetaAfter, nodeBranch } = a
  if (pass === CurrentPass.phases) {
    const { re, im, reAfter, imAfter } = a
    for (let i = start; i < end; i++) {
      const before = Math.atan2(im[i]!, re[i]!)
      const after = Math.atan2(imAfter[i]!, reAfter[i]!)
      theta[i] = before
      thetaAfter[i] = after
      nodeBranch[i] = branch(after - before)
    }
  } else {
    const { source, target, phase, phaseAfter, currents } = a
    for (let e = start; e < end; e++) {
      const i = source[e]!
      const j = target[e]!
      const linkAfter = branch(thetaAfter[j]! - thetaAfter[i]! + phaseAfter[e]!)
      const linkBefore = branch(theta[j]! - theta[i]! + phase[e]!)
      currents[e] = linkAfter - linkBefore + nodeBranch[i]! - nodeBranch[j]!
    }
  }
}

export const currentPasses = (a: CurrentArrays): readonly Pass[] => [
  [CurrentPass.phases, a.theta.length],
  [CurrentPass.edges, a.currents.length],
]

/** q_f per face on one thread: every pass over its whole range. */
export const chargesJs = (table: FaceEdgeTable, edges: EdgeList, field: ComplexField): Int32Array => {
  const arrays: ChargeArrays = {
    re: field.re,
    im: field.im,
    theta: new Float64Array(field.re.length),
    source: edges.source,
    target: edges.target,
    phase: edges.phase,
    links: new Int32Array(edges.source.length),
    offsets: table.offsets,
    edge: table.edge,
    direction: table.direction,
    charges: new Int32Array(table.faceCount),
  }
  for (const [pass, count] of chargePasses(arrays)) chargesPass(arrays, pass, 0, count)
  return arrays.charges
}

/** J per edge on one thread; `phaseAfter` holds the later frame's link phases. */
export const currentsJs = (edges: EdgeList, phaseAfter: Float64Array, before: ComplexField, after: ComplexField): Int32Array => {
  const n = before.re.length
  const arrays: CurrentArrays = {
    re: before.re,
    im: before.im,
    reAfter: after.re,
    imAfter: after.im,
    theta: new Float64Array(n),
    thetaAfter: new Float64Array(n),
    nodeBranch: new Int32Array(n),
    source: edges.source,
    target: edges.target,
    phase: edges.phase,
    phaseAfter,
    currents: new Int32Array(edges.source.length),
  }
  for (const [pass, count] of currentPasses(arrays)) currentsPass(arrays, pass, 0, count)
  return arrays.currents
}

/** Tasks take the pass as their one scalar. */
export const chargesTask = defineTask(import.meta.url, "chargesTask", (arrays: Readonly<Record<string, SharedArray>>, scalars, start, end) =>
  chargesPass(arrays as unknown as ChargeArrays, scalars[0]!, start, end),
)

export const currentsTask = defineTask(import.meta.url, "currentsTask", (arrays: Readonly<Record<string, SharedArray>>, scalars, start, end) =>
  currentsPass(arrays as unknown as CurrentArrays, scalars[0]!, start, end),
)
