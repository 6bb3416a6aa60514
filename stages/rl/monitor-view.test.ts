import { describe, expect, it } from "vitest"
import type { EnvironmentStepRecord, TrainingRecord } from "./control.js"
import { trainingMonitorView } from "./monitor-view.js"

const step = (environment: number, reward: number, action: readonly number[], ended: { return: number; reason?: string } | null): EnvironmentStepRecord => ({
  environment,
  episode: 3,
  episodeStep: 7,
  action: Float64Array.from(action),
  reward,
  components: { density: reward - 1, effort: 1 },
  metrics: { vortexDensity: 0.125 * (environment + 1) },
  terminated: ended?.reason !== undefined,
  truncated: ended !== null && ended.reason === undefined,
  episodeReturn: ended?.return ?? null,
  reason: ended?.reason ?? null,
})

const record = (overrides: Partial<TrainingRecord>): TrainingRecord & { readonly elapsed: number } => ({
  cycle: 12,
  environmentName: "test",
  actionNames: ["driveAmplitude", "b"],
  warmup: false,
  steps: [step(0, 2, [0.5, -1], null), step(1, 4, [1.5, 3], { return: 40 }), step(2, 6, [1, 1], { return: 10, reason: "diverged" })],
  learning: { updates: 2, criticLoss: 0.5, actorLoss: -3, q1: 7, q2: 6.5 },
  totalUpdates: 20,
  checkpoint: () => {
    throw new Error("not needed")
  },
  elapsed: 1.25,
  ...overrides,
})

describe("the training monitor view", () => {
  it("charts the batch means of reward, components, metrics and actions, and the losses and Q-values, named as in the metrics table", () => {
    expect(trainingMonitorView.metrics(record({}))).toEqual({
      reward: 4,
      episode_return: 25,
      reward_density: 3,
      reward_effort: 1,
      vortex_density: 0.25,
      action_drive_amplitude: 1,
      action_b: 1,
      critic_loss: 0.5,
      actor_loss: -3,
      q1: 7,
      q2: 6.5,
      wall_time: 1.25,
      total_updates: 20,
    })
  })

  it("gives null for what a cycle did not have: no update, no episode ended", () => {
    const warmup = record({ learning: null, warmup: true, totalUpdates: 0, steps: [step(0, 1, [0, 0], null)] })
    expect(trainingMonitorView.metrics(warmup)).toMatchObject({ episode_return: null, critic_loss: null, actor_loss: null, q1: null, q2: null, total_updates: 0 })
  })

  it("reports the start of learning and each episode's end as events", () => {
    expect(trainingMonitorView.events!(record({}))).toEqual([
      { kind: "episode-end", environment: 1, episode: 3, return: 40, ending: "truncated" },
      { kind: "episode-end", environment: 2, episode: 3, return: 10, ending: "terminated", reason: "diverged" },
    ])
    const first = record({ totalUpdates: 2, steps: [step(0, 1, [0, 0], null)] })
    expect(trainingMonitorView.events!(first)).toEqual([{ kind: "learning-started", updates: 2 }])
  })
})
