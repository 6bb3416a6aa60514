/**
 * Pruning an ensemble at a coherence threshold θ: branch i is pruned when
 * C_i < θ. The dark fraction is the pruned share of the ensemble's mass,
 *
 *     f(θ) = Σ_{i: C_i < θ} m_i / Σ_i m_i,
 *
 * non-decreasing in θ (raising θ only adds branches to the pruned set), 0 at
 * θ = 0 and 1 for θ above every C_i.
 */

export interface Pruning {
  readonly threshold: number
  /** 1 where the branch is pruned (C_i < θ), else 0. */
  readonly pruned: Uint8Array
  readonly survivors: number
  readonly darkFraction: number
}

/** Checks coherences in [0, 1] and masses >= 0 of one length with a positive total; returns the total. */
export const checkEnsembleMeasures = (op: string, coherence: Float64Array, mass: Float64Array): number => {
  if (coherence.length !== mass.length) throw new RangeError(`${op}: coherence and mass must have one value per branch, got ${coherence.length} and ${mass.length}`)
  let total = 0
  for (let i = 0; i < coherence.length; i++) {
    if (!(coherence[i]! >= 0 && coherence[i]! <= 1)) throw new RangeError(`${op}: coherence[${i}] must lie in [0, 1], got ${coherence[i]}`)
    if (!(mass[i]! >= 0 && Number.isFinite(mass[i]))) throw new RangeError(`${op}: mass[${i}] must be a finite number >= 0, got ${mass[i]}`)
    total += mass[i]!
  }
  if (!(total > 0)) throw new RangeError(`${op}: the total mass must be > 0 (a blank ensemble has no dark fraction), got ${total}`)
  return total
}

const checkThreshold = (op: string, threshold: number): void => {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`${op}: threshold must lie in [0, 1], got ${threshold}`)
}

/** f(θ) for inputs already checked, with their total mass. */
export const darkFractionOf = (coherence: Float64Array, mass: Float64Array, total: number, threshold: number): number => {
  let pruned = 0
  for (let i = 0; i < coherence.length; i++) if (coherence[i]! < threshold) pruned += mass[i]!
  return pruned / total
}

/** The dark fraction f(θ). */
export const darkFraction = (coherence: Float64Array, mass: Float64Array, threshold: number): number => {
  const total = checkEnsembleMeasures("darkFraction", coherence, mass)
  checkThreshold("darkFraction", threshold)
  return darkFractionOf(coherence, mass, total, threshold)
}

export const prune = (coherence: Float64Array, mass: Float64Array, threshold: number): Pruning => {
  const total = checkEnsembleMeasures("prune", coherence, mass)
  checkThreshold("prune", threshold)
  const pruned = Uint8Array.from(coherence, (c) => (c < threshold ? 1 : 0))
  return {
    threshold,
    pruned,
    survivors: pruned.length - pruned.reduce((a, b) => a + b, 0),
    darkFraction: darkFractionOf(coherence, mass, total, threshold),
  }
}
