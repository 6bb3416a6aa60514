import { Effect, Schema, Stream } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../compute/backend.js"
import { Prng } from "../prng.js"
import type { FieldSnapshot } from "../simulation/frame.js"
import { plaquetteCharges } from "../simulation/vortices/charges.js"
import { type EnvironmentStepRecord, type TrainingRecord, agentSection, td3Control } from "./control.js"
import type { Environment } from "./environment.js"
import { pendulum } from "./envs/pendulum.js"
import { testEnvironment } from "./envs/vortex-control/testing.js"
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
  field: () => null,
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

describe("the training monitor view's field", () => {
  beforeAll(async () => {
    await initBackend("cpu")
  })

  const agent = Schema.decodeUnknownSync(Schema.Struct({ agent: agentSection }))({ agent: { hiddenUnits: 8, batchSize: 4, warmupSteps: 2, bufferSize: 20, environments: 1 } }).agent

  interface Seen {
    readonly record: TrainingRecord
    /** What the view drew while the record was the newest, and environment 0's field at that moment. */
    readonly snapshot: FieldSnapshot | null
    readonly current: { readonly re: Float64Array; readonly im: Float64Array } | null
    /** The previous record's field at that moment. */
    readonly previous: FieldSnapshot | null | undefined
  }

  /** Trains for `cycles` on `environment`, taking the view's field of each record while it is the newest. */
  const train = (environment: Environment, cycles: number, current: () => Seen["current"]) => {
    const seen: Seen[] = []
    const records = td3Control(agent, { prng: Prng.seeded(3), cycles })(Stream.make(environment))
    return Effect.runPromise(
      Stream.runDrain(Stream.tap(records, (record) => Effect.sync(() => seen.push({ record, snapshot: trainingMonitorView.field!({ ...record, elapsed: 0 }), current: current(), previous: seen.at(-1)?.record.field() })))),
    ).then(() => seen)
  }

  it("draws environment 0's field of the HHmL task on its lattice, with the charges of that field, while the record is the newest", async () => {
    const environment = await testEnvironment()
    const seen = await train(environment, 8, () => environment.field())
    expect(seen).toHaveLength(8)
    for (const { snapshot, current } of seen) {
      expect(snapshot).not.toBeNull()
      const { lattice, field, charges } = snapshot!
      // The 24 × 8 Möbius band of the test task.
      expect(lattice.nodeCount).toBe(24 * 8)
      expect(field.re).toHaveLength(lattice.nodeCount)
      expect(field.im).toHaveLength(lattice.nodeCount)
      expect([...field.re, ...field.im].every(Number.isFinite)).toBe(true)
      expect(field).toEqual(current)
      expect(charges).toEqual(plaquetteCharges(lattice, field, { kernel: "js" }))
    }
    // A copy: the next cycles did not change what was drawn.
    expect(seen[0]!.snapshot!.field).toEqual(seen[0]!.current)
    expect(seen[0]!.snapshot!.field).not.toEqual(seen[7]!.snapshot!.field)
    // Once a later cycle has run (or the run has ended and released the environment), a record has no field to give.
    expect(seen.map(({ previous }) => previous)).toEqual([undefined, ...Array(7).fill(null)])
    expect(seen.map(({ record }) => record.field())).toEqual(Array(8).fill(null))
  })

  it("draws nothing for Pendulum", async () => {
    const seen = await train(pendulum({ maxSteps: 5 }), 3, () => null)
    expect(seen.map(({ snapshot }) => snapshot)).toEqual([null, null, null])
  })
})
