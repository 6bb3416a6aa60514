/**
 * The `td3Control` stage: trains a TD3 agent on the environments that flow
 * in, one record per cycle. A cycle is one step of every environment of the
 * batch (`agent.environments` of them, taken from the input stream): act
 * (uniformly random during the warm-up, then μ(s) plus Gaussian exploration
 * noise), step with autoreset, store the transitions, and run
 * `updatesPerStep` TD3 updates on minibatches from the replay buffer.
 *
 *   pipe(lattice(…), holographicDrive(…), vortexEnvironment(…), td3Control(config.agent, { prng, cycles }))
 *
 * Each record carries `checkpoint()`: everything needed to continue exactly
 * after that cycle (weights, optimiser moments, replay buffer, environment
 * states, observation windows, the Prng, counters). The stream emits one
 * record per pull, so a sink can take the checkpoint of the record it has
 * just written before the next cycle runs.
 */
import { Chunk, Effect, Stream } from "effect"
import type { Prng, PrngState } from "../prng.js"
import type { FieldSnapshot } from "../simulation/frame.js"
import { integer, section } from "../parameters.js"
import { StageError, errorMessage } from "../stage.js"
import type { Environment } from "./environment.js"
import { observationHistory } from "./history.js"
import { ReplayBuffer, type ReplayBufferState } from "./replay-buffer.js"
import { type Td3Agent, type Td3State, type UpdateStats, td3, td3Fields } from "./td3.js"
import { type TransitionStep, type VectorEnvironment, type VectorEnvironmentState, vectorEnvironment } from "./vector-environment.js"
import type { Schema } from "effect"

export const agentSection = section(
  {
    ...td3Fields,
    environments: integer({ default: 1, min: 1, max: 1024, unit: "environments", description: "Environments stepped together each cycle (each adds one transition per cycle)" }),
    updatesPerStep: integer({ default: 1, min: 0, max: 1000, unit: "updates", description: "TD3 updates per cycle once the warm-up is over" }),
  },
  "The TD3 agent: networks, hyperparameters, replay buffer, exploration",
)

export type AgentConfig = Schema.Schema.Type<typeof agentSection>

/** One environment's step within a cycle. */
export interface EnvironmentStepRecord {
  readonly environment: number
  readonly episode: number
  readonly episodeStep: number
  /** The action sent to the environment. */
  readonly action: Float64Array
  readonly reward: number
  readonly components: Readonly<Record<string, number>>
  readonly metrics: Readonly<Record<string, number>>
  readonly terminated: boolean
  readonly truncated: boolean
  /** The episode's return when this step ended it, else null. */
  readonly episodeReturn: number | null
  readonly reason: string | null
}

/** The cycle's TD3 updates: losses and Q-values averaged over them, the actor loss over the actor updates. */
export interface LearningRecord {
  readonly updates: number
  readonly criticLoss: number
  readonly actorLoss: number | null
  readonly q1: number
  readonly q2: number
}

export interface TrainingRecord {
  readonly cycle: number
  readonly environmentName: string
  readonly actionNames: ReadonlyArray<string>
  /** Whether the actions were uniformly random (warm-up). */
  readonly warmup: boolean
  readonly steps: ReadonlyArray<EnvironmentStepRecord>
  /** Null when no update ran this cycle (warm-up). */
  readonly learning: LearningRecord | null
  /** Critic updates since the start of training. */
  readonly totalUpdates: number
  /** Everything needed to continue after this cycle; valid until the next record is pulled. */
  readonly checkpoint: () => TrainingState
  /**
   * Environment 0's field after this cycle (a copy, made when called; the
   * live monitor's heatmap): null for an environment without one (Pendulum),
   * and once the next cycle has run.
   */
  readonly field: () => FieldSnapshot | null
}

/** Bumped whenever TrainingState changes shape, so an old checkpoint is refused by name rather than misread. */
export const trainingStateVersion = 1

export interface TrainingState {
  readonly version: number
  /** The last cycle completed. */
  readonly cycle: number
  readonly agent: Td3State
  readonly buffer: ReplayBufferState
  readonly environments: VectorEnvironmentState
  readonly history: string
  readonly prng: PrngState
}

export interface ControlOptions {
  /** The run's generator: initial weights, exploration, minibatches, smoothing noise, episode seeds. */
  readonly prng: Prng
  /** Cycles of the whole run (a resumed run continues up to it). */
  readonly cycles: number
  /** A checkpoint to continue from. */
  readonly start?: TrainingState
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length

const summarise = (stats: readonly UpdateStats[]): LearningRecord | null => {
  if (stats.length === 0) return null
  const actor = stats.flatMap((s) => (s.actorLoss === null ? [] : [s.actorLoss]))
  return {
    updates: stats.length,
    criticLoss: mean(stats.map((s) => s.criticLoss)),
    actorLoss: actor.length === 0 ? null : mean(actor),
    q1: mean(stats.map((s) => s.q1)),
    q2: mean(stats.map((s) => s.q2)),
  }
}

/** A NaN or infinite reward or observation would poison the replay buffer: stop at once, naming it. */
const checkFinite = (envs: VectorEnvironment, step: TransitionStep, i: number, cycle: number) => {
  const bad = [...step.observation, ...step.nextObservation].findIndex((x) => !Number.isFinite(x))
  if (!Number.isFinite(step.reward) || bad >= 0) {
    const what = bad < 0 ? `reward ${step.reward}` : `observation entry ${envs.observationNames[bad % step.observation.length] ?? bad % step.observation.length}`
    throw new RangeError(`environment ${i} (${envs.name}) returned a non-finite ${what} at cycle ${cycle}; an environment must end a failed episode with finite values (terminated, info.reason)`)
  }
}

interface Trainer {
  readonly cycle: (cycle: number) => TrainingRecord
  readonly dispose: () => void
}

const makeTrainer = (config: AgentConfig, environments: ReadonlyArray<Environment>, options: ControlOptions): Trainer => {
  const { prng } = options
  const envs: VectorEnvironment = vectorEnvironment(environments, prng)
  const { low, high } = envs.actionSpace
  const observationSize = envs.observationSpace.low.length
  const actionSize = low.length
  const n = envs.size
  const agent: Td3Agent = td3(config, { observationSize, actionSpace: envs.actionSpace }, prng)
  const history = observationHistory(n, observationSize, config.history)
  const shape = { capacity: config.bufferSize, observationSize: history.columns, actionSize }
  let buffer: ReplayBuffer
  let completed = -1
  try {
    if (options.start === undefined) {
      buffer = new ReplayBuffer(shape)
      envs.reset().forEach((observation, i) => history.start(i, observation))
    } else {
      if (options.start.version !== trainingStateVersion) {
        throw new RangeError(`the checkpoint holds training state version ${options.start.version}; this version of HHmL reads version ${trainingStateVersion}`)
      }
      buffer = ReplayBuffer.fromState(options.start.buffer)
      if (JSON.stringify(buffer.shape) !== JSON.stringify(shape)) {
        throw new RangeError(`the checkpoint's replay buffer ${JSON.stringify(buffer.shape)} does not fit this agent and environment ${JSON.stringify(shape)}`)
      }
      agent.load(options.start.agent)
      envs.load(options.start.environments)
      history.load(options.start.history)
      prng.load(options.start.prng)
      completed = options.start.cycle
    }
  } catch (error) {
    agent.dispose()
    envs.dispose()
    throw error
  }

  const randomActions = () => envs.observations().map(() => Float64Array.from(low, (l, j) => prng.between(l, high[j]!)))

  /** μ(s) plus N(0, (σ · half-range)²) noise, clipped to the box. */
  const exploringActions = () => {
    const mu = agent.act(history.windows(), n)
    return envs.observations().map((_, i) =>
      Float64Array.from({ length: actionSize }, (_, j) => {
        const noisy = mu[i * actionSize + j]! + prng.normal() * config.explorationNoise * ((high[j]! - low[j]!) / 2)
        return Math.min(high[j]!, Math.max(low[j]!, noisy))
      }),
    )
  }

  const state = (): TrainingState => ({
    version: trainingStateVersion,
    cycle: completed,
    agent: agent.state(),
    buffer: buffer.state(),
    environments: envs.state(),
    history: history.state(),
    prng: prng.state(),
  })

  return {
    cycle: (cycle) => {
      if (cycle !== completed + 1) throw new Error(`td3Control: cycle ${cycle} requested after cycle ${completed}`)
      const warmup = cycle * n < config.warmupSteps
      const actions = warmup ? randomActions() : exploringActions()
      const steps = envs.step(actions).map((step, i): EnvironmentStepRecord => {
        checkFinite(envs, step, i, cycle)
        const ended = step.terminated || step.truncated
        buffer.add(history.window(i), actions[i]!, step.reward, history.following(i, step.observation), step.terminated)
        if (ended) history.start(i, step.nextObservation)
        else history.push(i, step.observation)
        return {
          environment: i,
          episode: step.episode,
          episodeStep: step.episodeStep,
          action: actions[i]!,
          reward: step.reward,
          components: step.info.components ?? {},
          metrics: step.info.metrics ?? {},
          terminated: step.terminated,
          truncated: step.truncated,
          episodeReturn: step.episodeReturn,
          reason: step.info.reason ?? null,
        }
      })
      const stats = warmup ? [] : Array.from({ length: config.updatesPerStep }, () => agent.update(buffer.sample(prng, config.batchSize)))
      completed = cycle
      return {
        cycle,
        environmentName: envs.name,
        actionNames: envs.actionNames,
        warmup,
        steps,
        learning: summarise(stats),
        totalUpdates: agent.updates(),
        checkpoint: () => {
          if (completed !== cycle) throw new Error(`td3Control: the checkpoint of cycle ${cycle} was asked for after cycle ${completed} ran`)
          return state()
        },
        field: () => (completed === cycle ? envs.render(0) : null),
      }
    },
    dispose: () => {
      agent.dispose()
      envs.dispose()
    },
  }
}

const stageError = (cause: unknown) => new StageError({ stage: "td3Control", message: errorMessage(cause), cause })

export const td3Control =
  (config: AgentConfig, options: ControlOptions) =>
  <E, R>(input: Stream.Stream<Environment, E, R>): Stream.Stream<TrainingRecord, E | StageError, R> => {
    if (!Number.isSafeInteger(options.cycles) || options.cycles < 1) throw new RangeError(`td3Control: cycles must be an integer >= 1, got ${options.cycles}`)
    const first = options.start === undefined ? 0 : options.start.cycle + 1
    const trainer = Effect.acquireRelease(
      Effect.flatMap(Stream.runCollect(Stream.take(input, config.environments)), (chunk) =>
        Effect.try({
          try: () => {
            const environments = Chunk.toReadonlyArray(chunk)
            if (environments.length < config.environments) {
              environments.forEach((env) => env.dispose())
              throw new RangeError(`expected ${config.environments} environments (agent.environments), the input stream held ${environments.length}`)
            }
            return makeTrainer(config, environments, options)
          },
          catch: stageError,
        }),
      ),
      (t) => Effect.sync(() => t.dispose()),
    )
    return Stream.unwrapScoped(
      Effect.map(trainer, (t) => Stream.mapEffect(Stream.range(first, options.cycles - 1, 1), (cycle) => Effect.try({ try: () => t.cycle(cycle), catch: stageError }))),
    )
  }
