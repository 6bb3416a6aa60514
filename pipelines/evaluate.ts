/**
 * `evaluate`: a trained agent (the newest checkpoint of a `train` run)
 * against a uniformly random policy and a fixed-parameter policy, each run
 * for one episode on every held-out seed (seeds training never draws). One
 * cycle is one held-out seed; `evaluation/` gets one row per (seed, policy),
 * and the run ends by printing the mean return of each policy.
 *
 * The fixed-parameter policy holds every control where the config set it
 * (HHmL: the action that keeps each control at its reset value) or applies
 * no torque (Pendulum); the best-fixed policy holds the action of a grid over
 * the action box that scored best on tuning seeds (never held-out ones).
 */
import { existsSync, readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { Effect, Schema, Stream, pipe } from "effect"
import { withElapsed } from "../operators/elapsed.js"
import { parquetDataset } from "../sinks/parquet-dataset.js"
import { contramapSink, deferredSink } from "../sinks/sink.js"
import { integer, section, ExpectationAnnotationId } from "../stages/parameters.js"
import { Prng, type PrngState } from "../stages/prng.js"
import { type TrainingState, trainingStateVersion } from "../stages/rl/control.js"
import type { Environment } from "../stages/rl/environment.js"
import { controlByName, normalise, type ControlName } from "../stages/rl/envs/vortex-control/index.js"
import { type EpisodeResult, type Policy, actionGrid, bestFixedPolicy, fixedPolicy, randomPolicy, runEpisode, trainedPolicy } from "../stages/rl/policies.js"
import { type EvaluationRow, evaluationTable } from "../stages/rl/tables.js"
import { td3 } from "../stages/rl/td3.js"
import { heldOutSeed } from "../stages/rl/vector-environment.js"
import { StageError, errorMessage } from "../stages/stage.js"
import { computeSection, runSection } from "./config/common.js"
import { ConfigError } from "./config/config-error.js"
import { loadConfig } from "./config/load-config.js"
import type { Pipeline } from "./pipeline.js"
import { inMemoryDuckDB, sqlString } from "./results/duckdb.js"
import { formatResult } from "./results/format.js"
import { runQuery } from "./results/query.js"
import { readRunManifest } from "./results/run-manifest.js"
import { loadLatestCheckpoint } from "./run/checkpoints.js"
import { type TaskConfig, type TrainConfig, asConfigError, environments, openPool, train } from "./train.js"

const fromExpectation = '"latest" or the id of a train run in the results folder'

/** The most grid actions the best fixed policy is chosen from: each costs `tuningSeeds` episodes. */
const maxGridActions = 1024

export const evaluationSection = section(
  {
    from: Schema.optionalWith(
      Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9._-]+$/)).annotations({
        documentation: "The train run whose newest checkpoint is evaluated: its id, or latest (the newest train run with a checkpoint)",
        [ExpectationAnnotationId]: fromExpectation,
        message: (issue) => ({ message: `Expected ${fromExpectation}, actual ${JSON.stringify(issue.actual)}`, override: true }),
      }),
      { default: () => "latest", exact: true },
    ),
    firstSeed: integer({ default: 0, min: 0, max: 2 ** 29, unit: "seeds", description: "Index of the first held-out seed (cycle c uses held-out seed firstSeed + c)" }),
    fixedGrid: integer({
      default: 5,
      min: 2,
      max: 101,
      unit: "points",
      description: `Values per action dimension of the grid the best fixed action is chosen from, the ends of each range included (at most ${maxGridActions} actions in all)`,
    }),
    tuningSeeds: integer({
      default: 3,
      min: 1,
      max: 1000,
      unit: "seeds",
      description: "Seeds 0, 1, ... (never held-out ones) on which each grid action is scored; the best is then evaluated with the other policies",
    }),
  },
  "Which trained agent to evaluate, and on which held-out seeds",
)

export const evaluateConfig = Schema.Struct({
  run: runSection,
  compute: computeSection,
  evaluation: evaluationSection,
})

export type EvaluateConfig = Schema.Schema.Type<typeof evaluateConfig>

/** One cycle: every policy's episode on one held-out seed. */
interface EvaluationRecord {
  readonly cycle: number
  readonly seed: number
  readonly episodes: ReadonlyArray<{ readonly policy: string; readonly episode: EpisodeResult }>
  readonly checkpoint: () => { readonly prng: PrngState }
}

interface TrainedRun {
  readonly id: string
  readonly config: TrainConfig
  readonly state: TrainingState
}

/** The newest train run with a checkpoint, or the named one; bad ids and runs without checkpoints are config errors. */
const findTrainedRun = (resultsDir: string, from: string, file: string): Effect.Effect<TrainedRun, ConfigError> =>
  Effect.gen(function* () {
    const invalid = (message: string) => new ConfigError({ file, issues: [{ path: "evaluation.from", message }] })
    const trainRuns = yield* Effect.forEach(existsSync(resultsDir) ? readdirSync(resultsDir) : [], (id) =>
      readRunManifest(join(resultsDir, id, "manifest.json")).pipe(
        Effect.map((manifest) => (manifest.pipeline === "train" && existsSync(join(resultsDir, id, "checkpoints")) ? [{ id, startedAt: manifest.startedAt }] : [])),
        Effect.orElseSucceed(() => []),
      ),
    ).pipe(Effect.map((lists) => lists.flat().sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0))))
    const known = trainRuns.map((r) => r.id)
    const id = from === "latest" ? known[known.length - 1] : known.includes(from) ? from : undefined
    if (id === undefined) {
      return yield* Effect.fail(
        invalid(`Expected ${fromExpectation} (train runs with a checkpoint: ${known.length === 0 ? "none" : known.join(", ")}), actual ${JSON.stringify(from)}`),
      )
    }
    const path = join(resultsDir, id)
    const config = yield* loadConfig(train.schema, { file: join(path, "config.yaml") })
    const checkpoint = yield* Effect.tryPromise({ try: () => loadLatestCheckpoint(path), catch: (error) => invalid(`cannot read the checkpoints of ${id}: ${errorMessage(error)}`) })
    if (checkpoint === null) return yield* Effect.fail(invalid(`Expected a train run with a checkpoint, actual ${id}, which has none`))
    return { id, config, state: checkpoint.state as TrainingState }
  })

/** The action that keeps every control where the config put it (HHmL), or no torque (Pendulum). */
const fixedAction = (task: TaskConfig, environment: Environment, seed: number): Float64Array => {
  if (task.task.environment === "pendulum") return new Float64Array(environment.actionNames.length)
  const settings = environment.reset(seed).info.metrics ?? {}
  return Float64Array.from(environment.actionNames, (name) => {
    const control = controlByName(name as ControlName)
    return control.mapping === "absolute" ? normalise(control, settings[name]!) : 0
  })
}

/**
 * The best action of the grid on the tuning seeds (deterministic: a resumed
 * evaluation chooses the same), announced with its score.
 */
const chooseBestFixed = (environment: Environment, evaluation: EvaluateConfig["evaluation"], history: number, file: string) =>
  Effect.gen(function* () {
    const dimensions = environment.actionSpace.low.length
    const actions = evaluation.fixedGrid ** dimensions
    if (actions > maxGridActions) {
      return yield* Effect.fail(
        new ConfigError({
          file,
          issues: [
            {
              path: "evaluation.fixedGrid",
              message: `Expected at most ${maxGridActions} grid actions, actual ${evaluation.fixedGrid}^${dimensions} = ${actions} for the ${dimensions} actions of the trained run: lower it`,
            },
          ],
        }),
      )
    }
    const seeds = Array.from({ length: evaluation.tuningSeeds }, (_, i) => i)
    yield* Effect.sync(() => process.stderr.write(`Choosing the best fixed action: ${actions} grid actions × ${seeds.length} tuning seeds\n`))
    const best = yield* Effect.try({
      try: () => bestFixedPolicy(environment, actionGrid(environment.actionSpace, evaluation.fixedGrid), { seeds, history }),
      catch: (cause) => new StageError({ stage: "evaluate", message: errorMessage(cause), cause }),
    })
    const chosen = environment.actionNames.map((name, j) => `${name} ${Number(best.action[j]!.toPrecision(6))}`).join(", ")
    yield* Effect.sync(() => process.stderr.write(`Best fixed action (in action units): ${chosen} (mean return ${best.meanReturn.toFixed(3)} on the tuning seeds)\n`))
    return best
  })

/** |vortex density - target| per step, for the HHmL task's table. */
const withDensityError = (environment: Environment): Environment => ({
  ...environment,
  reset: (seed) => environment.reset(seed),
  step: (action) => {
    const step = environment.step(action)
    const metrics = step.info.metrics ?? {}
    const error = Math.abs((metrics.vortexDensity ?? Number.NaN) - (metrics.targetDensity ?? Number.NaN))
    return { ...step, info: { ...step.info, metrics: { ...metrics, densityError: error } } }
  },
  state: () => environment.state(),
  load: (state) => environment.load(state),
  dispose: () => environment.dispose(),
})

/** Each policy's episodes, mean return and its spread (and, for HHmL, the mean |density - target|). */
const summaryQuery = (directory: string, hhml: boolean) => `
  SELECT policy, count(*) AS episodes, round(avg(episode_return), 3) AS mean_return, round(stddev_samp(episode_return), 3) AS sd_return,
         round(min(episode_return), 3) AS worst, round(max(episode_return), 3) AS best${hhml ? ", round(avg(mean_density_error), 4) AS mean_density_error" : ""}
  FROM read_parquet(${sqlString(join(directory, "*.parquet"))})
  GROUP BY policy ORDER BY mean_return DESC`

export const evaluate: Pipeline<EvaluateConfig, Schema.Schema.Encoded<typeof evaluateConfig>> = {
  name: "evaluate",
  description: "a trained agent against random, fixed-parameter and best fixed-parameter policies on held-out seeds: returns per episode, summary table",
  schema: evaluateConfig,
  run: ({ config, run, prng, metadata, resume, record }) =>
    Effect.gen(function* () {
      const file = join(run.path, "config.yaml")
      const trained = yield* findTrainedRun(dirname(run.path), config.evaluation.from, file)
      const task = trained.config
      const shared = yield* openPool({ ...task, compute: config.compute })
      // The drive's source disorder is drawn as the training run drew it: first, from its seed.
      const environment = yield* Stream.runHead(environments(task, { prng: Prng.seeded(task.run.seed), kernel: config.compute.kernel, count: 1, ...shared })).pipe(
        Effect.flatMap(Effect.orElseFail(() => new StageError({ stage: "evaluate", message: "the task built no environment" }))),
        Effect.catchAll(asConfigError(file)),
      )
      const measured = task.task.environment === "hhml" ? withDensityError(environment) : environment
      const agent = yield* Effect.acquireRelease(
        Effect.try({
          try: () => {
            if (trained.state.version !== trainingStateVersion) {
              throw new RangeError(`its checkpoint holds training state version ${trained.state.version}; this version of HHmL reads version ${trainingStateVersion}`)
            }
            const created = td3(task.agent, { observationSize: measured.observationSpace.low.length, actionSpace: measured.actionSpace }, Prng.seeded(task.run.seed))
            created.load(trained.state.agent)
            return created
          },
          catch: (cause) => new StageError({ stage: "evaluate", message: `cannot restore the agent of ${trained.id}: ${errorMessage(cause)}`, cause }),
        }),
        (created) =>
          Effect.sync(() => {
            created.dispose()
            measured.dispose()
          }),
      )
      if (resume !== null) prng.load((resume.state as { prng: PrngState }).prng)
      const bestFixed = yield* chooseBestFixed(measured, config.evaluation, task.agent.history, file)
      const policies: readonly Policy[] = [
        trainedPolicy(agent),
        randomPolicy(measured.actionSpace, prng),
        fixedPolicy(measured.actionSpace, fixedAction(task, measured, heldOutSeed(config.evaluation.firstSeed))),
        bestFixed.policy,
      ]
      const first = resume === null ? 0 : resume.cycle + 1
      const records = pipe(
        Stream.range(first, config.run.cycles - 1, 1),
        Stream.mapEffect((cycle) =>
          Effect.try({
            try: (): EvaluationRecord => {
              const seed = heldOutSeed(config.evaluation.firstSeed + cycle)
              const episodes = policies.map((policy) => ({ policy: policy.name, episode: runEpisode(measured, policy, { seed, history: task.agent.history }) }))
              return { cycle, seed, episodes, checkpoint: () => ({ prng: prng.state() }) }
            },
            catch: (cause) => new StageError({ stage: "evaluate", message: errorMessage(cause), cause }),
          }),
        ),
        withElapsed,
      )
      const directory = join(run.path, "evaluation")
      const rows = (r: EvaluationRecord): EvaluationRow[] => r.episodes.map(({ policy, episode }) => ({ cycle: r.cycle, seed: r.seed, policy, episode }))
      const table = deferredSink("evaluation", (r: EvaluationRecord) => {
        const episode = r.episodes[0]!.episode
        return contramapSink(parquetDataset(evaluationTable({ components: Object.keys(episode.components), metrics: Object.keys(episode.metrics) }), { directory, metadata }), rows)
      })
      yield* record(records, [table], (r) => r.checkpoint())
      const summary = yield* Effect.scoped(Effect.flatMap(inMemoryDuckDB, (connection) => runQuery(connection, summaryQuery(directory, task.task.environment === "hhml"))))
      yield* Effect.sync(() => process.stdout.write(`Evaluation of ${trained.id} (${task.task.environment}) on held-out seeds:\n${formatResult(summary, "table")}`))
    }),
}
