/**
 * The tables a training and an evaluation run record. Their columns depend on
 * the environment: one per action (`action_<name>`), per reward component
 * (`reward_<name>`) and per recorded metric (its own name), in snake_case, so
 * a table is built from the names of the environment it records
 * (`trainingNames` reads them off a record).
 */
import type { Column, TableSchema } from "../../sinks/parquet-dataset.js"
import type { EnvironmentStepRecord, TrainingRecord } from "./control.js"
import type { EpisodeResult } from "./policies.js"

/** The environment-dependent names a table has columns for. */
export interface EnvironmentNames {
  readonly actions: ReadonlyArray<string>
  readonly components: ReadonlyArray<string>
  readonly metrics: ReadonlyArray<string>
}

/** `driveAmplitude`, `vortex density` → `drive_amplitude`, `vortex_density`. */
export const columnName = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")

/** Fails on two columns of one name (e.g. a metric called `reward`). */
const unique = <A>(table: TableSchema<A>): TableSchema<A> => {
  const seen = new Set<string>()
  for (const column of table.columns) {
    if (column.name === "" || seen.has(column.name)) {
      throw new RangeError(`table ${table.name}: two columns would be named "${column.name}"; rename the environment's action, reward component or metric`)
    }
    seen.add(column.name)
  }
  return table
}

/** The names of the environment behind a training record. */
export const trainingNames = (record: TrainingRecord): EnvironmentNames => {
  const step = record.steps[0]
  return { actions: record.actionNames, components: Object.keys(step?.components ?? {}), metrics: Object.keys(step?.metrics ?? {}) }
}

/** One environment's step in one cycle. */
export interface TrainingRow {
  readonly record: TrainingRecord & { readonly elapsed: number }
  readonly step: EnvironmentStepRecord
}

export const trainingRows = (record: TrainingRecord & { readonly elapsed: number }): TrainingRow[] => record.steps.map((step) => ({ record, step }))

const learning = (pick: (l: NonNullable<TrainingRecord["learning"]>) => number | null) => (r: TrainingRow) =>
  r.record.learning === null ? null : pick(r.record.learning)

/** One row per environment per cycle. */
export const trainingMetricsTable = (names: EnvironmentNames): TableSchema<TrainingRow> => {
  const columns: Array<Column<TrainingRow>> = [
    { name: "cycle", type: "INT64", description: "Training cycle: one step of every environment, from 0", value: (r) => r.record.cycle },
    { name: "environment", type: "INT32", description: "Index of the environment in the batch (agent.environments)", value: (r) => r.step.environment },
    { name: "episode", type: "INT64", description: "Episode of this environment, from 0", value: (r) => r.step.episode },
    { name: "episode_step", type: "INT32", unit: "steps", description: "Step within the episode, from 0", value: (r) => r.step.episodeStep },
    { name: "wall_time", type: "DOUBLE", unit: "s", description: "Wall-clock seconds since the pipeline started", value: (r) => r.record.elapsed },
    { name: "warmup", type: "BOOLEAN", description: "The action was uniformly random (warm-up, before learning starts)", value: (r) => r.record.warmup },
    { name: "reward", type: "DOUBLE", unit: "reward", description: "Reward of the step (the sum of the reward_ columns)", value: (r) => r.step.reward },
    ...names.components.map(
      (name): Column<TrainingRow> => ({
        name: `reward_${columnName(name)}`,
        type: "DOUBLE",
        unit: "reward",
        optional: true,
        description: `Reward component "${name}"`,
        value: (r) => r.step.components[name] ?? null,
      }),
    ),
    ...names.metrics.map(
      (name): Column<TrainingRow> => ({
        name: columnName(name),
        type: "DOUBLE",
        optional: true,
        description: `Environment metric "${name}" after the step`,
        value: (r) => r.step.metrics[name] ?? null,
      }),
    ),
    ...names.actions.map(
      (name, j): Column<TrainingRow> => ({
        name: `action_${columnName(name)}`,
        type: "DOUBLE",
        description: `Action "${name}" sent to the environment (inside the action box)`,
        value: (r) => r.step.action[j]!,
      }),
    ),
    { name: "terminated", type: "BOOLEAN", description: "The step ended the episode in a terminal state (or a failure: see end_reason)", value: (r) => r.step.terminated },
    { name: "truncated", type: "BOOLEAN", description: "The step ended the episode at its time limit", value: (r) => r.step.truncated },
    { name: "episode_return", type: "DOUBLE", unit: "reward", optional: true, description: "Undiscounted return of the episode this step ended (null otherwise)", value: (r) => r.step.episodeReturn },
    { name: "end_reason", type: "UTF8", optional: true, description: "Why the environment ended the episode early (NaN, divergence, …), else null", value: (r) => r.step.reason },
    { name: "updates", type: "INT32", unit: "updates", description: "TD3 updates in this cycle", value: (r) => r.record.learning?.updates ?? 0 },
    { name: "total_updates", type: "INT64", unit: "updates", description: "TD3 critic updates since the start of training", value: (r) => r.record.totalUpdates },
    { name: "critic_loss", type: "DOUBLE", optional: true, description: "MSE(Q1, y) + MSE(Q2, y), mean over the cycle's updates (null without updates)", value: learning((l) => l.criticLoss) },
    { name: "actor_loss", type: "DOUBLE", optional: true, description: "-mean Q1(s, μ(s)), mean over the cycle's actor updates (null when the actor was not updated)", value: learning((l) => l.actorLoss) },
    { name: "q1", type: "DOUBLE", unit: "return", optional: true, description: "Batch mean of Q1(s, a), mean over the cycle's updates", value: learning((l) => l.q1) },
    { name: "q2", type: "DOUBLE", unit: "return", optional: true, description: "Batch mean of Q2(s, a), mean over the cycle's updates", value: learning((l) => l.q2) },
  ]
  return unique({ name: "training_metrics", version: 1, cycleColumn: "cycle", columns })
}

/** One evaluation episode of one policy. */
export interface EvaluationRow {
  /** Index of the held-out seed (the run's cycle). */
  readonly cycle: number
  readonly policy: string
  readonly seed: number
  readonly episode: EpisodeResult
}

/** One row per (held-out seed, policy): the episode's return and the per-step means of reward components and metrics. */
export const evaluationTable = (names: Omit<EnvironmentNames, "actions">): TableSchema<EvaluationRow> => {
  const means = (kind: "components" | "metrics", prefix: string, what: string) =>
    names[kind].map(
      (name): Column<EvaluationRow> => ({
        name: `mean_${prefix}${columnName(name)}`,
        type: "DOUBLE",
        optional: true,
        description: `Mean of ${what} "${name}" over the episode's steps`,
        value: (r) => r.episode[kind][name] ?? null,
      }),
    )
  const columns: Array<Column<EvaluationRow>> = [
    { name: "cycle", type: "INT64", description: "Index of the held-out seed, from 0", value: (r) => r.cycle },
    { name: "policy", type: "UTF8", description: "trained, random, fixed or best-fixed", value: (r) => r.policy },
    { name: "seed", type: "INT64", description: "Episode seed (held out: never used in training)", value: (r) => r.seed },
    { name: "episode_return", type: "DOUBLE", unit: "reward", description: "Undiscounted return of the episode", value: (r) => r.episode.return },
    { name: "episode_length", type: "INT32", unit: "steps", description: "Steps in the episode", value: (r) => r.episode.length },
    { name: "terminated", type: "BOOLEAN", description: "The episode ended in a terminal state (or a failure) rather than at its time limit", value: (r) => r.episode.terminated },
    { name: "end_reason", type: "UTF8", optional: true, description: "Why the environment ended the episode early, else null", value: (r) => r.episode.reason },
    ...means("components", "reward_", "reward component"),
    ...means("metrics", "", "metric"),
  ]
  return unique({ name: "evaluation", version: 1, cycleColumn: "cycle", columns })
}
