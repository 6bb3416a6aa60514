/**
 * Analysis stages and statistics. The ensemble-pruning analysis composes after
 * the simulation stages:
 *
 *   pipe(lattice(config.lattice), holographicDrive(config.drive, { prng }),
 *        warmUp(config.dynamics, { prng, cycles: 50 }), branchEnsemble(config.ensemble, { prng }),
 *        evolveEnsemble(config.dynamics, { cycles: 100, steps: 10 }), analyseEnsemble(config.ensemble, { prng }))
 */
export { type BoxCounting, type BoxCountingOptions, boxCountingDimension } from "./box-counting.js"
export { histogram, histogramEntropy, shannonEntropy } from "./entropy.js"
export { type HopkinsOptions, hopkinsStatistic } from "./hopkins.js"
export { type RotationCurve, rotationCurve } from "./rotation-curve.js"
export { type AnalysisOptions, analyseBranches, type EnsembleAnalysis, type ReferenceComparison, referenceCaveats } from "./ensemble/analysis.js"
export { type BranchOptions, branchField } from "./ensemble/branching.js"
export { ensembleCoherence, type EnsembleCoherence, ensembleMean } from "./ensemble/coherence.js"
export { type EnsembleConfig, ensembleSection, type PruningMode, pruningModes } from "./ensemble/config.js"
export { createEnsembleIntegrator, type EnsembleIntegrator, type EnsembleIntegratorOptions } from "./ensemble/ensemble-integrator.js"
export { darkFraction, prune, type Pruning } from "./ensemble/pruning.js"
export { faceCentroids, type ResidueStatistics, residueStatistics } from "./ensemble/residue.js"
export {
  analyseEnsemble,
  branchEnsemble,
  drivenParts,
  type Ensemble,
  type EnsembleFrame,
  type EnsembleRecord,
  evolveEnsemble,
  type EvolveEnsembleOptions,
  warmUp,
  type WarmedUp,
  type WarmUpOptions,
} from "./ensemble/stage.js"
export { branchesTable, ensembleMetricsTable, rotationCurveTable } from "./ensemble/tables.js"
export { type SearchStep, searchThreshold, type ThresholdSearch } from "./ensemble/threshold-search.js"
