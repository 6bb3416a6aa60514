/**
 * The td3Control stage on Pendulum with a small agent: one record per cycle,
 * warm-up then learning, exact continuation from a record's checkpoint, no
 * leaked tensors, and a clear error when the input holds too few
 * environments.
 */
import * as tf from "@tensorflow/tfjs"
import { Chunk, Effect, Schema, Stream } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../compute/backend.js"
import { Prng } from "../prng.js"
import { type TrainingRecord, type TrainingState, agentSection, td3Control } from "./control.js"
import { type Environment, box } from "./environment.js"
import { pendulum } from "./envs/pendulum.js"
import { trainingMetricsTable, trainingNames } from "./tables.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const agent = Schema.decodeUnknownSync(Schema.Struct({ agent: agentSection }))({
  agent: { hiddenUnits: 8, batchSize: 8, warmupSteps: 10, bufferSize: 50, environments: 2, history: 2 },
}).agent

interface TrainOptions {
  readonly seed?: number
  readonly start?: TrainingState
  readonly environments?: number
  /** Sees each record while it is the newest (its checkpoint is valid then). */
  readonly onRecord?: (record: TrainingRecord) => void
}

const train = (cycles: number, options: TrainOptions = {}) => {
  const prng = Prng.seeded(options.seed ?? 1)
  const envs = Stream.fromIterable(Array.from({ length: options.environments ?? 2 }, () => pendulum({ maxSteps: 7 })))
  const records = td3Control(agent, { prng, cycles, ...(options.start === undefined ? {} : { start: options.start }) })(envs)
  return Effect.runPromise(Stream.runCollect(Stream.tap(records, (r) => Effect.sync(() => options.onRecord?.(r))))).then(Chunk.toReadonlyArray)
}

/** What a record says, without its checkpoint function. */
const plain = ({ checkpoint: _, ...rest }: TrainingRecord) => JSON.parse(JSON.stringify(rest, (_key, value) => (value instanceof Float64Array ? Array.from(value) : value)))

describe("td3Control", () => {
  it("emits one record per cycle: random actions during the warm-up, then learning", async () => {
    const records = await train(12)
    expect(records.map((r) => r.cycle)).toEqual(Array.from({ length: 12 }, (_, i) => i))
    for (const r of records) {
      // 2 environments: cycles 0..4 cover the 10 warm-up steps.
      expect(r.warmup).toBe(r.cycle < 5)
      expect(r.learning === null).toBe(r.cycle < 5)
      expect(r.totalUpdates).toBe(Math.max(0, r.cycle - 4))
      expect(r.actionNames).toEqual(["torque"])
      expect(r.steps.map((s) => s.environment)).toEqual([0, 1])
      for (const s of r.steps) {
        expect(Math.abs(s.action[0]!)).toBeLessThanOrEqual(2)
        expect(s.reward).toBeCloseTo(s.components.angle! + s.components.velocity! + s.components.effort!, 12)
        expect(s.episode).toBe(Math.floor(r.cycle / 7))
        expect(s.episodeStep).toBe(r.cycle % 7)
        expect(s.episodeReturn === null).toBe(r.cycle % 7 !== 6)
      }
    }
    // Actor updates every 2nd critic update.
    expect(records.filter((r) => r.learning?.actorLoss !== null && r.learning !== null).map((r) => r.totalUpdates)).toEqual([2, 4, 6])
  })

  it("continues exactly from a record's checkpoint: N cycles, checkpoint, N more equal 2N straight", async () => {
    const straight = await train(16)
    let state: TrainingState | null = null
    const first = await train(8, { onRecord: (r) => (state = r.cycle === 7 ? (JSON.parse(JSON.stringify(r.checkpoint())) as TrainingState) : state) })
    if (state === null) throw new Error("no checkpoint taken")
    expect((state as TrainingState).cycle).toBe(7)
    const rest = await train(16, { seed: 999, start: state })
    expect(rest.map((r) => r.cycle)).toEqual(Array.from({ length: 8 }, (_, i) => i + 8))
    expect([...first, ...rest].map(plain)).toEqual(straight.map(plain))
    await expect(train(16, { start: { ...(state as TrainingState), version: 0 } })).rejects.toThrow(/training state version 0; this version of HHmL reads version 1/)
  })

  it("refuses a checkpoint once a later cycle has run", async () => {
    let previous: TrainingRecord | null = null
    const refusals: string[] = []
    const refusal = (record: TrainingRecord) => {
      try {
        record.checkpoint()
        return "no error"
      } catch (error) {
        return (error as Error).message
      }
    }
    await train(3, {
      onRecord: (r) => {
        if (previous !== null) refusals.push(refusal(previous))
        previous = r
      },
    })
    expect(refusals).toEqual([0, 1].map((c) => `td3Control: the checkpoint of cycle ${c} was asked for after cycle ${c + 1} ran`))
  })

  it("trains an environment written as a plain object (docs/training.md), with a column per reward term and metric", async () => {
    let state = { x: 0, v: 0, steps: 0 }
    const setpoint: Environment = {
      name: "setpoint",
      observationSpace: box([-Infinity, -Infinity], [Infinity, Infinity]),
      actionSpace: box([-1], [1]),
      observationNames: ["x", "v"],
      actionNames: ["force"],
      reset: (seed) => {
        state = { x: Prng.seeded(seed).between(-1, 1), v: 0, steps: 0 }
        return { observation: Float64Array.of(state.x, state.v), info: {} }
      },
      step: (action) => {
        const v = state.v + 0.1 * action[0]!
        state = { x: state.x + 0.1 * v, v, steps: state.steps + 1 }
        const distance = -((state.x - 1) ** 2)
        return { observation: Float64Array.of(state.x, state.v), reward: distance, terminated: false, truncated: state.steps === 4, info: { components: { distance }, metrics: { x: state.x } } }
      },
      state: () => state,
      load: (saved) => {
        state = saved as typeof state
      },
      dispose: () => {},
    }
    const config = { ...agent, environments: 1 }
    const records = Chunk.toReadonlyArray(await Effect.runPromise(Stream.runCollect(td3Control(config, { prng: Prng.seeded(2), cycles: 20 })(Stream.make(setpoint)))))
    expect(records.filter((r) => r.steps[0]!.truncated)).toHaveLength(5)
    expect(records[19]!.totalUpdates).toBe(10)
    const columns = trainingMetricsTable(trainingNames(records[0]!)).columns.map((c) => c.name)
    expect(columns).toEqual(expect.arrayContaining(["reward_distance", "x", "action_force"]))
  })

  it("stops with a StageError naming the environment and the entry when a step is not finite", async () => {
    const broken = { ...pendulum({ maxSteps: 7 }) }
    const inner = pendulum({ maxSteps: 7 })
    Object.assign(broken, {
      reset: inner.reset,
      step: (action: Float64Array) => {
        const step = inner.step(action)
        return { ...step, observation: Float64Array.of(step.observation[0]!, Number.NaN, step.observation[2]!) }
      },
    })
    const records = td3Control({ ...agent, environments: 1 }, { prng: Prng.seeded(1), cycles: 3 })(Stream.make(broken))
    await expect(Effect.runPromise(Stream.runCollect(records))).rejects.toThrow(/environment 0 \(pendulum\) returned a non-finite observation entry sin_theta at cycle 0/)
  })

  it("leaves no tensor behind", async () => {
    const before = tf.memory().numTensors
    await train(10)
    expect(tf.memory().numTensors).toBe(before)
  })

  it("fails with a StageError when the input holds fewer environments than agent.environments", async () => {
    await expect(train(3, { environments: 1 })).rejects.toThrow(/expected 2 environments \(agent.environments\), the input stream held 1/)
  })
})
