/**
 * One run of a pipeline: initialise the compute backend, open the run
 * directory, seed the PRNG and run the pipeline's stages, all in one scope so
 * that every sink is closed and the manifest finalised however the run ends.
 */
import { Effect } from "effect"
import { initBackend } from "../../stages/compute/backend.js"
import { Prng } from "../../stages/prng.js"
import { errorMessage } from "../../stages/stage.js"
import { ConfigError } from "../config/config-error.js"
import type { Pipeline, PipelineConfig } from "../pipeline.js"
import { type Checkpoint, loadLatestCheckpoint } from "./checkpoints.js"
import type { Manifest } from "./manifest.js"
import { type RunDirectory, RunDirectoryError, openRunDirectory, reopenRunDirectory } from "./run-directory.js"
import { recordRun } from "./record.js"
import { truncateDatasets } from "./truncate.js"

/** An existing run to continue from its newest checkpoint. */
export interface ResumeTarget {
  readonly path: string
  readonly manifest: Manifest
}

export interface ExecuteOptions {
  readonly resultsDir: string
  /** The config file the config came from, for error messages. */
  readonly configFile: string
  readonly command: readonly string[]
  /** Called once the run directory exists, before any work. */
  readonly onStart?: (run: RunDirectory, resume: Checkpoint | null) => void
  readonly resume?: ResumeTarget
}

const prepareResume = (target: ResumeTarget) =>
  Effect.tryPromise({
    try: async () => {
      const checkpoint = await loadLatestCheckpoint(target.path)
      await truncateDatasets(target.path, checkpoint?.cycle ?? null)
      return checkpoint
    },
    catch: (error) => new RunDirectoryError({ path: target.path, message: `cannot resume from ${target.path}: ${errorMessage(error)}` }),
  })

export const executePipeline = <C extends PipelineConfig, I>(pipeline: Pipeline<C, I>, config: C, options: ExecuteOptions) =>
  Effect.scoped(
    Effect.gen(function* () {
      // Before the run directory: an unusable backend is a config error and must leave nothing on disk.
      const backend = yield* Effect.tryPromise({
        try: () => initBackend(config.compute.backend),
        catch: (error) =>
          new ConfigError({
            file: options.configFile,
            issues: [{ path: "compute.backend", message: `Expected an available backend, actual ${errorMessage(error)}` }],
          }),
      })
      const resume = options.resume === undefined ? null : yield* prepareResume(options.resume)
      const run =
        options.resume === undefined
          ? yield* openRunDirectory({
              resultsDir: options.resultsDir,
              pipeline: pipeline.name,
              config,
              seed: config.run.seed,
              compute: { kernel: config.compute.kernel, backend: backend.name },
              command: options.command,
            })
          : yield* reopenRunDirectory(options.resume.path, options.resume.manifest, config, resume?.cycle ?? -1)
      options.onStart?.(run, resume)
      const manifest = run.manifest()
      yield* pipeline.run({
        config,
        run,
        prng: Prng.seeded(config.run.seed),
        backend,
        metadata: {
          "hhml.run_id": run.id,
          "hhml.pipeline": pipeline.name,
          "hhml.config_hash": manifest.configHash,
          "hhml.seed": String(manifest.seed),
          "hhml.version": manifest.versions.hhml,
        },
        resume,
        record: recordRun(pipeline.name, run, config.run, resume),
      })
      return run
    }),
  )
