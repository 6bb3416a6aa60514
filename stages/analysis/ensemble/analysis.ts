/**
 * One analysis cycle of an ensemble: coherence of every branch to the ensemble
 * mean, pruning (at the configured threshold, or at the threshold searched for
 * the reference fraction), entropies, vortex counts, and the residue
 * statistics of the surviving branches.
 *
 * Pruning is a measurement: it classifies the branches at this cycle and does
 * not remove them from the ensemble, so every cycle is measured on the same B
 * branches and the series shows how the classification changes as the
 * branches decohere.
 */
import type { KernelName } from "../../compute/backend.js"
import type { Prng } from "../../prng.js"
import type { ComplexField } from "../../simulation/field.js"
import type { Lattice } from "../../simulation/lattice/lattice.js"
import { plaquetteCharges } from "../../simulation/vortices/charges.js"
import { locateVortices } from "../../simulation/vortices/positions.js"
import { histogramEntropy, shannonEntropy } from "../entropy.js"
import { ensembleCoherence } from "./coherence.js"
import type { EnsembleConfig, PruningMode } from "./config.js"
import { type Pruning, prune } from "./pruning.js"
import { type ResidueStatistics, residueStatistics } from "./residue.js"
import { type ThresholdSearch, searchThreshold } from "./threshold-search.js"

/** How a dark fraction relates to the reference value, and why that proves little. */
export interface ReferenceComparison {
  readonly fraction: number
  /** dark fraction - reference. */
  readonly gap: number
  readonly caveat: string
}

export interface EnsembleAnalysis {
  readonly mode: PruningMode
  /** C_i per branch. */
  readonly coherence: Float64Array
  /** ‖ψ_i‖² per branch. */
  readonly mass: Float64Array
  /** Vortices (faces with q ≠ 0) per branch. */
  readonly vortexCounts: Int32Array
  readonly pruning: Pruning
  /** The bisection, in pruning mode "target"; null otherwise. */
  readonly search: ThresholdSearch | null
  /** Shannon entropy (nats) of the normalised branch masses. */
  readonly massEntropy: number
  /** Shannon entropy (nats) of the coherence histogram on fixed bins over [0, 1]. */
  readonly coherenceEntropy: number
  readonly reference: ReferenceComparison
  readonly residue: ResidueStatistics
}

export interface AnalysisOptions {
  readonly prng: Prng
  readonly kernel?: KernelName
}

export const referenceCaveats: Readonly<Record<PruningMode, string>> = {
  threshold: "comparison only: a quantile threshold can reach any reference fraction, so agreement is no evidence",
  target: "by construction: the threshold was searched to reach the reference; a quantile threshold can always hit it",
}

export const analyseBranches = (
  lattice: Lattice,
  branches: readonly ComplexField[],
  config: EnsembleConfig,
  options: AnalysisOptions,
): EnsembleAnalysis => {
  const { coherence, mass } = ensembleCoherence(branches)
  const search = config.pruning === "target" ? searchThreshold(coherence, mass, config.reference) : null
  const pruning = prune(coherence, mass, search === null ? config.threshold : search.threshold)
  const charges = branches.map((field) => plaquetteCharges(lattice, field, { kernel: options.kernel ?? "js" }))
  const survivors = branches.flatMap((field, i) => (pruning.pruned[i] === 1 ? [] : [{ field, vortices: locateVortices(lattice, charges[i]!) }]))
  return {
    mode: config.pruning,
    coherence,
    mass,
    vortexCounts: Int32Array.from(charges, (q) => q.reduce((n, c) => (c === 0 ? n : n + 1), 0)),
    pruning,
    search,
    massEntropy: shannonEntropy(mass),
    coherenceEntropy: histogramEntropy(coherence, config.coherenceBins, 0, 1),
    reference: { fraction: config.reference, gap: pruning.darkFraction - config.reference, caveat: referenceCaveats[config.pruning] },
    residue: residueStatistics(lattice, survivors, { prng: options.prng, hopkinsSample: config.hopkinsSample, radialBins: config.radialBins }),
  }
}
