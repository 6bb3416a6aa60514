/**
 * The tables the ensemble-pruning pipeline records, one Parquet dataset each:
 * per-cycle metrics, per-branch rows, and the rotation-curve proxy per cycle.
 * Table names are prefixed where a plain name would collide with another
 * pipeline's table in `hhml query` (its views are named by table).
 */
import type { Column, TableSchema } from "../../../sinks/parquet-dataset.js"
import type { EnsembleRecord } from "./stage.js"

export type EnsembleMetricsRecord = EnsembleRecord & { readonly elapsed: number }

const finiteOrNull = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : value)

const extreme = (values: Float64Array, pick: (a: number, b: number) => number): number => values.reduce((a, b) => pick(a, b))

const columns: ReadonlyArray<Column<EnsembleMetricsRecord>> = [
  { name: "cycle", type: "INT64", description: "Analysis cycle, from 0", value: (r) => r.cycle },
  { name: "step", type: "INT64", unit: "steps", description: "RK4 steps since the ensemble was branched", value: (r) => r.step },
  { name: "time", type: "DOUBLE", unit: "time", description: "Simulation time (the warm-up included)", value: (r) => r.time },
  { name: "wall_time", type: "DOUBLE", unit: "s", description: "Wall-clock seconds since the pipeline started", value: (r) => r.elapsed },
  { name: "branches", type: "INT32", unit: "branches", description: "Ensemble size B", value: (r) => r.branches.length },
  { name: "survivors", type: "INT32", unit: "branches", description: "Branches with coherence >= threshold", value: (r) => r.analysis.pruning.survivors },
  { name: "pruned", type: "INT32", unit: "branches", description: "Branches with coherence < threshold", value: (r) => r.branches.length - r.analysis.pruning.survivors },
  { name: "pruning", type: "UTF8", description: "threshold (fixed) or target (searched for the reference fraction)", value: (r) => r.analysis.mode },
  { name: "threshold", type: "DOUBLE", unit: "1", description: "Coherence threshold θ applied", value: (r) => r.analysis.pruning.threshold },
  { name: "dark_fraction", type: "DOUBLE", unit: "1", description: "Σ mass of pruned branches / Σ mass of all branches", value: (r) => r.analysis.pruning.darkFraction },
  {
    name: "search_steps",
    type: "INT32",
    unit: "evaluations",
    optional: true,
    description: "Thresholds the bisection evaluated (null for pruning: threshold)",
    value: (r) => (r.analysis.search === null ? null : r.analysis.search.steps.length),
  },
  { name: "reference_fraction", type: "DOUBLE", unit: "1", description: "Reference dark fraction compared with", value: (r) => r.analysis.reference.fraction },
  { name: "reference_gap", type: "DOUBLE", unit: "1", description: "dark_fraction - reference_fraction", value: (r) => r.analysis.reference.gap },
  {
    name: "reference_note",
    type: "UTF8",
    description: "Caveat of the comparison: a quantile threshold can always reach a reference fraction, so agreement is no evidence",
    value: (r) => r.analysis.reference.caveat,
  },
  { name: "mean_coherence", type: "DOUBLE", unit: "1", description: "Mean C_i over all branches", value: (r) => r.analysis.coherence.reduce((a, b) => a + b, 0) / r.analysis.coherence.length },
  { name: "min_coherence", type: "DOUBLE", unit: "1", description: "Smallest C_i", value: (r) => extreme(r.analysis.coherence, Math.min) },
  { name: "max_coherence", type: "DOUBLE", unit: "1", description: "Largest C_i", value: (r) => extreme(r.analysis.coherence, Math.max) },
  { name: "total_mass", type: "DOUBLE", unit: "field²", description: "Σ_i ‖ψ_i‖² over all branches", value: (r) => r.analysis.mass.reduce((a, b) => a + b, 0) },
  { name: "mass_entropy", type: "DOUBLE", unit: "nats", description: "Shannon entropy of the normalised branch masses (ln B when all are equal)", value: (r) => r.analysis.massEntropy },
  { name: "coherence_entropy", type: "DOUBLE", unit: "nats", description: "Shannon entropy of the coherence histogram (ensemble.coherenceBins bins on [0, 1])", value: (r) => r.analysis.coherenceEntropy },
  { name: "survivor_vortices", type: "DOUBLE", unit: "faces", optional: true, description: "Mean vortex count of the surviving branches (null without survivors)", value: (r) => r.analysis.residue.meanVortices },
  {
    name: "box_dimension",
    type: "DOUBLE",
    unit: "1",
    optional: true,
    description: "Mean box-counting dimension of the survivors' vortex positions (null where no survivor has enough vortices)",
    value: (r) => finiteOrNull(r.analysis.residue.boxDimension),
  },
  { name: "box_dimension_branches", type: "INT32", unit: "branches", description: "Survivors whose box-counting dimension is defined", value: (r) => r.analysis.residue.boxDimensionBranches },
  {
    name: "hopkins",
    type: "DOUBLE",
    unit: "1",
    optional: true,
    description: "Mean Hopkins statistic of the survivors' vortex positions: 0.5 random, → 1 clustered, < 0.5 regular (null without survivors of >= 2 vortices)",
    value: (r) => finiteOrNull(r.analysis.residue.hopkins),
  },
  { name: "hopkins_branches", type: "INT32", unit: "branches", description: "Survivors with a Hopkins statistic", value: (r) => r.analysis.residue.hopkinsBranches },
]

export const ensembleMetricsTable: TableSchema<EnsembleMetricsRecord> = { name: "ensemble_metrics", version: 1, columns, cycleColumn: "cycle" }

/** One row per branch and cycle. */
export interface BranchRow {
  readonly cycle: number
  readonly branch: number
  readonly coherence: number
  readonly mass: number
  readonly pruned: boolean
  readonly vortices: number
}

export const branchRows = (r: EnsembleRecord): BranchRow[] =>
  Array.from(r.analysis.coherence, (coherence, branch) => ({
    cycle: r.cycle,
    branch,
    coherence,
    mass: r.analysis.mass[branch]!,
    pruned: r.analysis.pruning.pruned[branch] === 1,
    vortices: r.analysis.vortexCounts[branch]!,
  }))

export const branchesTable: TableSchema<BranchRow> = {
  name: "ensemble_branches",
  version: 1,
  cycleColumn: "cycle",
  columns: [
    { name: "cycle", type: "INT64", description: "Analysis cycle", value: (b) => b.cycle },
    { name: "branch", type: "INT32", description: "Branch id, 0 .. B-1 (the same branch in every cycle)", value: (b) => b.branch },
    { name: "coherence", type: "DOUBLE", unit: "1", description: "C_i = 1 - ‖ψ_i - ψ̄‖ / (‖ψ_i‖ + ‖ψ̄‖)", value: (b) => b.coherence },
    { name: "mass", type: "DOUBLE", unit: "field²", description: "‖ψ_i‖² = Σ|ψ_i|²", value: (b) => b.mass },
    { name: "pruned", type: "BOOLEAN", description: "coherence < the cycle's threshold", value: (b) => b.pruned },
    { name: "vortices", type: "INT32", unit: "faces", description: "Faces with a nonzero plaquette charge", value: (b) => b.vortices },
  ],
}

/** One row per distance bin and cycle. */
export interface RotationRow {
  readonly cycle: number
  readonly bin: number
  readonly radiusMin: number
  readonly radiusMax: number
  readonly meanCurrent: number
  readonly samples: number
}

export const rotationRows = (r: EnsembleRecord): RotationRow[] => {
  const curve = r.analysis.residue.rotationCurve
  return Array.from(curve.meanCurrent, (meanCurrent, bin) => ({
    cycle: r.cycle,
    bin,
    radiusMin: curve.radiusMin[bin]!,
    radiusMax: curve.radiusMax[bin]!,
    meanCurrent,
    samples: curve.samples[bin]!,
  }))
}

export const rotationCurveTable: TableSchema<RotationRow> = {
  name: "rotation_curve",
  version: 1,
  cycleColumn: "cycle",
  columns: [
    { name: "cycle", type: "INT64", description: "Analysis cycle", value: (b) => b.cycle },
    { name: "bin", type: "INT32", description: "Distance bin, from the innermost", value: (b) => b.bin },
    { name: "radius_min", type: "DOUBLE", unit: "length", description: "Inner edge of the bin's distance from the lattice centroid", value: (b) => b.radiusMin },
    { name: "radius_max", type: "DOUBLE", unit: "length", description: "Outer edge of the bin's distance from the lattice centroid", value: (b) => b.radiusMax },
    {
      name: "mean_current",
      type: "DOUBLE",
      unit: "field² / length",
      optional: true,
      description: "Mean |J| = |Im(ψ_i* e^{iA_ij} ψ_j)| / ℓ_ij over the bin's edges and the surviving branches (null for an empty bin)",
      value: (b) => finiteOrNull(b.meanCurrent),
    },
    { name: "samples", type: "INT32", unit: "edges × branches", description: "Edge values averaged", value: (b) => b.samples },
  ],
}
