/**
 * The `ensemble` config section: how the ensemble is branched from the
 * warmed-up field, how it is evolved between analysis cycles, how it is
 * pruned, and the knobs of the residue statistics.
 */
import type { Schema } from "effect"
import { choice, integer, number, section } from "../../parameters.js"

export const pruningModes = ["threshold", "target"] as const
/** threshold: prune at a fixed coherence threshold; target: search the threshold whose dark fraction is nearest the reference. */
export type PruningMode = (typeof pruningModes)[number]

export const ensembleSection = section(
  {
    branches: integer({ default: 64, min: 2, max: 65_536, unit: "branches", description: "Ensemble size B: perturbed copies of the warmed-up field" }),
    perturbation: number({
      default: 0.01,
      above: 0,
      max: 10,
      unit: "× RMS |ψ|",
      description: "RMS amplitude of the complex Gaussian noise added to each branch, relative to the warmed-up field's RMS amplitude",
    }),
    warmupCycles: integer({
      default: 50,
      min: 1,
      unit: "cycles",
      description: "Frames of dynamics.stepsPerFrame steps the simulation runs from noise before branching (the ensemble never starts from a blank field)",
    }),
    steps: integer({ default: 10, min: 1, max: 1_000_000, unit: "steps", description: "RK4 steps of dynamics.dt the branches advance between analysis cycles" }),
    pruning: choice({
      values: pruningModes,
      default: "threshold",
      description: "threshold: prune branches with coherence below ensemble.threshold; target: bisect for the threshold whose dark fraction is nearest ensemble.reference",
    }),
    threshold: number({ default: 0.8, min: 0, max: 1, unit: "1", description: "Coherence threshold θ (pruning: threshold): branches with C < θ are pruned" }),
    reference: number({
      default: 0.27,
      min: 0,
      max: 1,
      unit: "1",
      description: "Reference dark fraction (ΛCDM-style 27%): the search target in pruning: target, compared with in both modes (a comparison only)",
    }),
    coherenceBins: integer({ default: 20, min: 2, max: 10_000, unit: "bins", description: "Equal bins on [0, 1] of the coherence histogram whose entropy is recorded" }),
    radialBins: integer({ default: 16, min: 1, max: 10_000, unit: "bins", description: "Distance bins of the rotation-curve proxy" }),
    hopkinsSample: number({
      default: 0.1,
      above: 0,
      max: 1,
      unit: "× vortices",
      description: "Hopkins sample size m as a fraction of a branch's vortex count (at least 1)",
    }),
  },
  "Ensemble pruning: branching, evolution between analysis cycles, pruning and residue statistics",
)

export type EnsembleConfig = Schema.Schema.Type<typeof ensembleSection>
