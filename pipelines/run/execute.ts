/**
 * One run of a pipeline: initialise the compute backend, open the run
 * directory, seed the PRNG and run the pipeline's stages, all in one scope so
 * that every sink is closed and the manifest finalised however the run ends.
 */
import { Effect } from "effect"
import { publishMonitorAddress } from "../../sinks/monitor/address-file.js"
import { type MonitorSettings, type MonitorTap, openMonitor } from "../../sinks/monitor/tap.js"
import { initBackend } from "../../stages/compute/backend.js"
import { Prng } from "../../stages/prng.js"
import { errorMessage } from "../../stages/stage.js"
import { ConfigError } from "../config/config-error.js"
import type { Pipeline, PipelineConfig } from "../pipeline.js"
import { type Checkpoint, loadLatestCheckpoint } from "./checkpoints.js"
import type { Manifest } from "./manifest.js"
import { type RunDirectory, RunDirectoryError, openRunDirectory, reopenRunDirectory } from "./run-directory.js"
import { checkMemory } from "./memory-check.js"
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
  /** Called once the run directory exists, before any work; `monitor` is the live monitor's tap when there is one. */
  readonly onStart?: (run: RunDirectory, resume: Checkpoint | null, monitor: MonitorTap | null) => void
  readonly resume?: ResumeTarget
  /** Serve the run live (docs/monitoring.md): the tap starts before the run directory, so a port in use leaves nothing on disk. */
  readonly monitor?: MonitorSettings
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
      // Before the run directory too: a config too large for this machine is refused with its estimate.
      yield* checkMemory(pipeline, config, backend, options.configFile)
      const tap = options.monitor === undefined ? null : yield* openMonitor(options.monitor)
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
      if (tap !== null) {
        tap.attachRun({ manifest: () => ({ ...run.manifest() }), plannedCycles: config.run.cycles })
        yield* publishMonitorAddress(run.path, tap)
      }
      options.onStart?.(run, resume, tap)
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
        record: recordRun(pipeline.name, run, config.run, resume, tap),
      })
      return run
    }),
  )
