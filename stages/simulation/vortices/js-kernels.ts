/**
 * The `js` kernels of the vortex ops: typed-array loops over branch integers
 * (see windings.ts), so every charge and current is an integer by construction.
 */
import type { EdgeList } from "../lattice/lattice.js"
import type { FaceEdgeTable } from "./face-edges.js"
import { branch } from "./windings.js"

/** branch(θ_target - θ_source + A) per undirected edge, in the edge's stored direction. */
export const linkBranches = (edges: EdgeList, theta: Float64Array): Int32Array => {
  const { source, target, phase } = edges
  const out = new Int32Array(source.length)
  for (let e = 0; e < source.length; e++) out[e] = branch(theta[target[e]!]! - theta[source[e]!]! + phase[e]!)
  return out
}

/** q_f = -Σ_{slots of f} direction · branch(edge): the face's winding minus its flux, over 2π. */
export const chargesFromBranches = (table: FaceEdgeTable, links: Int32Array): Int32Array => {
  const charges = new Int32Array(table.faceCount)
  for (let f = 0; f < table.faceCount; f++) {
    let sum = 0
    for (let t = table.offsets[f]!; t < table.offsets[f + 1]!; t++) sum += table.direction[t]! * links[table.edge[t]!]!
    charges[f] = -sum
  }
  return charges
}

/**
 * The winding of the space-time plaquette (i,t) -> (j,t) -> (j,t+1) -> (i,t+1)
 * of each edge i -> j (its stored direction): minus the branches of its four
 * legs, the two temporal legs being θ_j(t+1) - θ_j(t) and θ_i(t) - θ_i(t+1).
 */
export const currentsFromBranches = (
  edges: EdgeList,
  linksBefore: Int32Array,
  linksAfter: Int32Array,
  thetaBefore: Float64Array,
  thetaAfter: Float64Array,
): Int32Array => {
  const { source, target } = edges
  const nodeBranch = new Int32Array(thetaBefore.length)
  for (let i = 0; i < nodeBranch.length; i++) nodeBranch[i] = branch(thetaAfter[i]! - thetaBefore[i]!)
  const out = new Int32Array(source.length)
  for (let e = 0; e < source.length; e++) {
    out[e] = linksAfter[e]! - linksBefore[e]! + nodeBranch[source[e]!]! - nodeBranch[target[e]!]!
  }
  return out
}
