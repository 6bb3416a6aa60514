/**
 * The tables each pipeline writes: the dataset folder in a run directory and
 * the table schema (names, types, units, meanings), for docs/results.md.
 */
import type { TableSchema } from "../../sinks/parquet-dataset.js"
import { Schema } from "effect"
import { branchesTable, ensembleMetricsTable, rotationCurveTable } from "../../stages/analysis/ensemble/tables.js"
import { eventsTable as gftEventsTable, metricsTable as gftMetricsTable } from "../../stages/gft/tables.js"
import { eventsTable, metricsTable, worldlinesTable } from "../../stages/simulation/tables.js"
import { pendulumComponents, pendulumMetrics } from "../../stages/rl/envs/pendulum.js"
import { evaluationTable, trainingMetricsTable } from "../../stages/rl/tables.js"
import { entropiesTable } from "../../stages/tensor-networks/tables.js"
import { gftConfig } from "../gft.js"

export interface ResultTable {
  readonly pipeline: string
  /** Folder of the dataset in the run directory. */
  readonly folder: string
  /** What one row is. */
  readonly description: string
  readonly schema: TableSchema<never>
}

export const resultTables: readonly ResultTable[] = [
  { pipeline: "simulate", folder: "metrics", description: "One row per cycle: field diagnostics, vortex counts and event counts.", schema: metricsTable },
  {
    pipeline: "simulate",
    folder: "vortex-events",
    description: "One row per vortex event: pair creations and annihilations, moves to another face, entries and exits through a boundary.",
    schema: eventsTable,
  },
  {
    pipeline: "simulate",
    folder: "worldlines",
    description: "One row per vortex worldline that has ended (annihilated or left through a boundary); worldlines alive at the end of a run are not listed.",
    schema: worldlinesTable,
  },
  {
    pipeline: "gft",
    folder: "metrics",
    description:
      "One row per record of the relational clock: volume, its rate, the effective Hubble rate and Friedmann terms, and per spin ρ², E and Q (columns per configured spin; shown here for the default spins).",
    schema: gftMetricsTable(Schema.decodeUnknownSync(gftConfig)({}).condensate.spins),
  },
  { pipeline: "gft", folder: "gft-events", description: "One row per bounce or recollapse of the volume.", schema: gftEventsTable },
  {
    pipeline: "ensemble-pruning",
    folder: "metrics",
    description: "One row per analysis cycle: threshold, dark fraction, entropies, survivors and residue statistics, with the reference comparison and its caveat.",
    schema: ensembleMetricsTable,
  },
  { pipeline: "ensemble-pruning", folder: "branches", description: "One row per branch per cycle: coherence, mass, pruned.", schema: branchesTable },
  {
    pipeline: "ensemble-pruning",
    folder: "rotation-curve",
    description: "One row per radial bin per cycle: the mean phase-gradient current |J| at that distance from the lattice centroid.",
    schema: rotationCurveTable,
  },
  {
    pipeline: "tensor-networks",
    folder: "entropies",
    description: "One row per (network, boundary region): von Neumann and Rényi-2 entropies, minimal and greedy cuts, whether Ryu-Takayanagi is saturated.",
    schema: entropiesTable,
  },
  {
    pipeline: "train",
    folder: "metrics",
    description:
      "One row per environment per training cycle: reward and its components, the environment's metrics, the actions, TD3 losses and Q-values. Columns reward_<component>, <metric> and action_<action> follow the environment (shown here for Pendulum; the HHmL task's are listed in docs/training.md).",
    schema: trainingMetricsTable({ actions: ["torque"], components: pendulumComponents, metrics: pendulumMetrics }),
  },
  {
    pipeline: "evaluate",
    folder: "evaluation",
    description:
      "One row per held-out seed and policy (trained, random, fixed, best-fixed): the episode's return and length and the per-step means of the reward components and metrics (columns follow the environment; shown here for Pendulum).",
    schema: evaluationTable({ components: pendulumComponents, metrics: pendulumMetrics }),
  },
]
