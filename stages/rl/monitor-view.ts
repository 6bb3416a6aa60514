/**
 * How the live monitor sees a training record: per cycle the reward, its
 * components, the environment's metrics and the actions (each the mean over
 * the batch of environments, named as in the metrics table), the return of
 * the episodes that ended, the TD3 losses and Q-values; events when learning
 * starts and when an episode ends; and environment 0's field on the lattice
 * (the HHmL task; none for Pendulum), taken only when a frame is due.
 */
import type { MetricColumn, MetricValues, MonitorEvent } from "../../sinks/monitor/protocol.js"
import type { MonitorView } from "../../sinks/monitor/view.js"
import type { TrainingRecord } from "./control.js"
import { controls } from "./envs/vortex-control/controls.js"
import { columnName } from "./tables.js"

const meanOf = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length)

const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null)

/** The vortex-control task's metrics that its names alone would chart elsewhere: the vortex counts and each control's value (only the task's own controls are sent). */
const vortexControlColumns: readonly MetricColumn[] = [
  { name: "positive", type: "DOUBLE", unit: "vortices", description: "Vortices of charge +1 (mean over the environments)", group: "vortex-count" },
  { name: "negative", type: "DOUBLE", unit: "vortices", description: "Vortices of charge -1 (mean over the environments)", group: "vortex-count" },
  { name: "charge_balance", type: "DOUBLE", description: "Net charge over the vortex count (mean over the environments)", group: "vortex-count" },
  ...controls.map((c): MetricColumn => ({ name: columnName(c.name), type: "DOUBLE", unit: c.unit, description: `${c.description} (mean over the environments)`, group: "control" })),
]

/** The columns whose group the dashboard cannot tell from their names alone; the others are grouped by name. */
const columns: readonly MetricColumn[] = [
  ...vortexControlColumns,
  { name: "reward", type: "DOUBLE", unit: "reward", description: "Reward of the cycle's steps, mean over the environments", group: "reward" },
  { name: "episode_return", type: "DOUBLE", unit: "reward", description: "Return of the episodes that ended this cycle, mean (null if none did)", group: "return" },
  { name: "critic_loss", type: "DOUBLE", description: "MSE(Q1, y) + MSE(Q2, y), mean over the cycle's updates", group: "loss" },
  { name: "actor_loss", type: "DOUBLE", description: "-mean Q1(s, μ(s)), mean over the cycle's actor updates", group: "loss" },
  { name: "q1", type: "DOUBLE", unit: "return", description: "Batch mean of Q1(s, a), mean over the cycle's updates", group: "q" },
  { name: "q2", type: "DOUBLE", unit: "return", description: "Batch mean of Q2(s, a), mean over the cycle's updates", group: "q" },
  { name: "wall_time", type: "DOUBLE", unit: "s", description: "Wall-clock seconds since the pipeline started", group: "progress" },
  { name: "total_updates", type: "INT64", unit: "updates", description: "TD3 critic updates since the start of training", group: "progress" },
]

const metrics = (record: TrainingRecord & { readonly elapsed: number }): MetricValues => {
  const { steps, learning } = record
  const values: Record<string, number | null> = {
    reward: finite(meanOf(steps.map((s) => s.reward))),
    episode_return: finite(meanOf(steps.flatMap((s) => (s.episodeReturn === null ? [] : [s.episodeReturn])))),
  }
  const first = steps[0]
  for (const name of Object.keys(first?.components ?? {})) values[`reward_${columnName(name)}`] = finite(meanOf(steps.map((s) => s.components[name] ?? Number.NaN)))
  for (const name of Object.keys(first?.metrics ?? {})) values[columnName(name)] = finite(meanOf(steps.map((s) => s.metrics[name] ?? Number.NaN)))
  record.actionNames.forEach((name, j) => (values[`action_${columnName(name)}`] = finite(meanOf(steps.map((s) => s.action[j]!)))))
  values.critic_loss = finite(learning?.criticLoss ?? null)
  values.actor_loss = finite(learning?.actorLoss ?? null)
  values.q1 = finite(learning?.q1 ?? null)
  values.q2 = finite(learning?.q2 ?? null)
  values.wall_time = record.elapsed
  values.total_updates = record.totalUpdates
  return values
}

const events = (record: TrainingRecord): MonitorEvent[] => [
  // The first cycle with updates: every update so far is this cycle's.
  ...(record.learning !== null && record.totalUpdates === record.learning.updates ? [{ kind: "learning-started", updates: record.learning.updates }] : []),
  ...record.steps.flatMap((s) =>
    s.terminated || s.truncated
      ? [{ kind: "episode-end", environment: s.environment, episode: s.episode, return: s.episodeReturn, ending: s.terminated ? "terminated" : "truncated", ...(s.reason === null ? {} : { reason: s.reason }) }]
      : [],
  ),
]

export const trainingMonitorView: MonitorView<TrainingRecord & { readonly elapsed: number }> = { columns, metrics, events, field: (record) => record.field() }
