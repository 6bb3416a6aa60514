/**
 * Coherence of each branch of an ensemble to the ensemble mean ψ̄ = (1/B) Σ_i ψ_i:
 *
 *     C_i = 1 - ‖ψ_i - ψ̄‖ / (‖ψ_i‖ + ‖ψ̄‖)
 *
 * with ‖·‖ the Euclidean norm over the nodes. The triangle inequality gives
 * ‖ψ_i - ψ̄‖ <= ‖ψ_i‖ + ‖ψ̄‖, so C_i ∈ [0, 1]: 1 when ψ_i = ψ̄, 0 when ψ_i and
 * ψ̄ point in opposite directions (e.g. two branches ψ and -ψ, whose mean is
 * 0). Two zero fields are identical: C = 1.
 */
import { checkField } from "../../simulation/dynamics/equation.js"
import { type ComplexField, norm2 } from "../../simulation/field.js"

export interface EnsembleCoherence {
  readonly mean: ComplexField
  /** C_i per branch. */
  readonly coherence: Float64Array
  /** ‖ψ_i‖² = Σ_x |ψ_i(x)|² per branch: the branch's mass. */
  readonly mass: Float64Array
}

/** Checks an ensemble: at least one branch, all of one length, all finite; returns the node count. */
export const checkBranches = (op: string, branches: readonly ComplexField[]): number => {
  if (branches.length === 0) throw new RangeError(`${op}: branches must hold at least one field`)
  const nodeCount = branches[0]!.re.length
  branches.forEach((branch, i) => checkField(`${op}: branches[${i}]`, branch, nodeCount))
  return nodeCount
}

export const ensembleMean = (branches: readonly ComplexField[]): ComplexField => {
  const n = checkBranches("ensembleMean", branches)
  const re = new Float64Array(n)
  const im = new Float64Array(n)
  for (const branch of branches) {
    for (let x = 0; x < n; x++) {
      re[x]! += branch.re[x]!
      im[x]! += branch.im[x]!
    }
  }
  for (let x = 0; x < n; x++) {
    re[x]! /= branches.length
    im[x]! /= branches.length
  }
  return { re, im }
}

export const ensembleCoherence = (branches: readonly ComplexField[]): EnsembleCoherence => {
  const mean = ensembleMean(branches)
  const meanNorm = Math.sqrt(norm2(mean))
  const coherence = new Float64Array(branches.length)
  const mass = new Float64Array(branches.length)
  branches.forEach((branch, i) => {
    let distance2 = 0
    for (let x = 0; x < branch.re.length; x++) distance2 += (branch.re[x]! - mean.re[x]!) ** 2 + (branch.im[x]! - mean.im[x]!) ** 2
    mass[i] = norm2(branch)
    const scale = Math.sqrt(mass[i]!) + meanNorm
    // Clamped: rounding can put the ratio a hair above 1 when ψ_i and ψ̄ are antiparallel.
    coherence[i] = scale === 0 ? 1 : Math.min(1, Math.max(0, 1 - Math.sqrt(distance2) / scale))
  })
  return { mean, coherence, mass }
}
