/**
 * `train`: a TD3 agent learns to control an environment, streaming one
 * metrics row per environment per cycle (reward and its components, the
 * environment's metrics, every action, losses, Q-values, wall time) into
 * `metrics/`, with checkpoints that resume bit for bit on the same backend.
 *
 *   hhml:     lattice → holographicDrive → vortexEnvironment → td3Control
 *   pendulum: pendulum environments → td3Control
 *
 * docs/training.md shows how to train, resume, evaluate and plug in an
 * environment of one's own; docs/theory/td3.md explains the agent.
 */
import { join } from "node:path"
import { Effect, Schema, Stream, pipe } from "effect"
import { withElapsed } from "../operators/elapsed.js"
import { parquetDataset } from "../sinks/parquet-dataset.js"
import { contramapSink, deferredSink } from "../sinks/sink.js"
import { createWorkerPool } from "../stages/compute/parallel.js"
import type { KernelName } from "../stages/compute/backend.js"
import type { WorkerPool } from "../stages/compute/parallel.js"
import { choice, section } from "../stages/parameters.js"
import type { Prng } from "../stages/prng.js"
import { type AgentConfig, type TrainingState, agentSection, td3Control } from "../stages/rl/control.js"
import type { Environment } from "../stages/rl/environment.js"
import { pendulum } from "../stages/rl/envs/pendulum.js"
import { EnvironmentConfigError, vortexControlSection, vortexEnvironment } from "../stages/rl/envs/vortex-control/index.js"
import { trainingMonitorView } from "../stages/rl/monitor-view.js"
import { trainingMetricsTable, trainingNames, trainingRows } from "../stages/rl/tables.js"
import { driveSection } from "../stages/simulation/drive/config.js"
import { holographicDrive } from "../stages/simulation/drive/stage.js"
import { dynamicsSection } from "../stages/simulation/dynamics/config.js"
import { latticeSection } from "../stages/simulation/lattice/config.js"
import { lattice } from "../stages/simulation/lattice/stage.js"
import { StageError, errorMessage } from "../stages/stage.js"
import { computeSection, runSection } from "./config/common.js"
import { ConfigError } from "./config/config-error.js"
import { trainMemory } from "./memory-estimate.js"
import type { Pipeline } from "./pipeline.js"

export const tasks = ["hhml", "pendulum"] as const

export const taskSection = section(
  {
    environment: choice({
      values: tasks,
      default: "hhml",
      description: "hhml: vortex-density control on the lattice below (the environment section); pendulum: the classic swing-up (Gymnasium Pendulum-v1), a sanity benchmark",
    }),
  },
  "What the agent learns",
)

export const trainConfig = Schema.Struct({
  run: runSection,
  compute: computeSection,
  task: taskSection,
  lattice: latticeSection,
  drive: driveSection,
  dynamics: dynamicsSection,
  environment: vortexControlSection,
  agent: agentSection,
})

export type TrainConfig = Schema.Schema.Type<typeof trainConfig>

/** What `environments` needs of a train config. */
export type TaskConfig = Pick<TrainConfig, "task" | "lattice" | "drive" | "dynamics" | "environment">

export interface EnvironmentOptions {
  readonly prng: Prng
  readonly kernel: KernelName
  readonly pool?: WorkerPool
  readonly count: number
}

/**
 * `count` environments of the configured task. The HHmL environments share
 * one lattice and drive (their source disorder is drawn from the run's Prng,
 * once, as in `simulate`).
 */
export const environments = (config: TaskConfig, options: EnvironmentOptions): Stream.Stream<Environment, StageError> =>
  config.task.environment === "pendulum"
    ? Stream.fromIterable(Array.from({ length: options.count }, () => pendulum()))
    : pipe(
        lattice(config.lattice),
        holographicDrive(config.drive, { prng: options.prng, kernel: options.kernel }),
        Stream.flatMap((driven) => Stream.fromIterable(Array.from({ length: options.count }, () => driven))),
        vortexEnvironment(config, { kernel: options.kernel, ...(options.pool === undefined ? {} : { pool: options.pool }) }),
      )

/** A worker pool for the js kernel's large-lattice paths (HHmL only), closed with the scope. */
export const openPool = (config: TaskConfig & Pick<TrainConfig, "compute">) =>
  config.task.environment === "hhml" && config.compute.kernel === "js"
    ? Effect.map(
        Effect.acquireRelease(
          Effect.tryPromise({ try: () => createWorkerPool(), catch: (cause) => new StageError({ stage: "train", message: errorMessage(cause), cause }) }),
          (pool) => Effect.promise(() => pool.close()),
        ),
        (pool) => ({ pool }),
      )
    : Effect.succeed({})

/** An environment config that does not fit the lattice or dynamics is a config error (exit status 2), naming the key. */
export const asConfigError =
  (file: string) =>
  <E>(error: E): Effect.Effect<never, E | ConfigError> =>
    error instanceof StageError && error.cause instanceof EnvironmentConfigError
      ? Effect.fail(new ConfigError({ file, issues: [{ path: error.cause.path, message: error.cause.message }] }))
      : Effect.fail(error)

export const train: Pipeline<TrainConfig, Schema.Schema.Encoded<typeof trainConfig>> = {
  name: "train",
  description: "train a TD3 agent (optional LSTM encoder) on the HHmL vortex-control task or on Pendulum; metrics per cycle, exact resume",
  schema: trainConfig,
  estimateMemory: trainMemory,
  run: ({ config, run, prng, metadata, resume, record }) =>
    Effect.gen(function* () {
      const agent: AgentConfig = config.agent
      const shared = yield* openPool(config)
      const start = resume === null ? undefined : (resume.state as TrainingState)
      const records = pipe(
        environments(config, { prng, kernel: config.compute.kernel, count: agent.environments, ...shared }),
        td3Control(agent, { prng, cycles: config.run.cycles, ...(start === undefined ? {} : { start }) }),
        withElapsed,
      )
      const metrics = deferredSink("training_metrics", (first: Parameters<typeof trainingRows>[0]) =>
        contramapSink(parquetDataset(trainingMetricsTable(trainingNames(first)), { directory: join(run.path, "metrics"), metadata }), trainingRows),
      )
      yield* record(records, [metrics], (r) => r.checkpoint(), trainingMonitorView).pipe(Effect.catchAll(asConfigError(join(run.path, "config.yaml"))))
    }),
}
