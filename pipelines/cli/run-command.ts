/**
 * `hhml run <pipeline>`: load and validate the config (before anything is
 * written), run the pipeline in a new run directory, report where the results
 * are. Exit status: 0 done, 1 failed, 2 bad config or usage, 130/143 stopped by
 * SIGINT/SIGTERM.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs"
import { join, relative } from "node:path"
import { Cause, Effect, Either, Option } from "effect"
import YAML from "yaml"
import { errorMessage } from "../../stages/stage.js"
import { ConfigError } from "../config/config-error.js"
import { loadConfig } from "../config/load-config.js"
import type { Pipeline, PipelineConfig } from "../pipeline.js"
import { projectRoot } from "../project.js"
import { type ResumeTarget, executePipeline } from "../run/execute.js"
import type { Manifest } from "../run/manifest.js"
import { runInterruptible, signalExitCode } from "../run/interrupt.js"
import type { RunDirectory } from "../run/run-directory.js"
import type { MonitorSettings } from "../../sinks/monitor/tap.js"
import { monitorBanner } from "./monitor-command.js"

export const configsDir = join(projectRoot, "configs")

/** `--config` takes a path, or the name of a file in configs/ (`simulate-torus`). */
export const resolveConfigFile = (pipeline: string, given: string | undefined): string => {
  if (given === undefined) return join(configsDir, `${pipeline}.yaml`)
  if (existsSync(given)) return given
  const named = join(configsDir, given.endsWith(".yaml") ? given : `${given}.yaml`)
  return existsSync(named) ? named : given
}

/** The config files shipped for a pipeline: `<name>.yaml` and `<name>-<variant>.yaml`. */
export const configsFor = (pipeline: string): string[] =>
  readdirSync(configsDir)
    .filter((file) => file === `${pipeline}.yaml` || (file.startsWith(`${pipeline}-`) && file.endsWith(".yaml")))
    .sort()

export interface RunCommandOptions {
  readonly config?: string
  readonly set: readonly string[]
  readonly dataDir: string
  /** Id of a run to continue from its newest checkpoint. */
  readonly resume?: string
  /** Serve the run live (`--monitor`). */
  readonly monitoring?: MonitorSettings
}

/** On resume the config is the run's own; only its length may change. */
const resumableKeys = ["run.cycles"]

/** Finds the run to resume; a bad id or a mismatched pipeline is a usage error (exit 2). */
const resumeTarget = (pipeline: string, options: RunCommandOptions & { resume: string }): { target: ResumeTarget } | { error: string } => {
  const resultsDir = join(options.dataDir, "results")
  const path = join(resultsDir, options.resume)
  if (!existsSync(join(path, "manifest.json"))) {
    const known = existsSync(resultsDir) ? readdirSync(resultsDir).sort() : []
    return { error: `unknown run id "${options.resume}" in ${display(resultsDir)}; known runs: ${known.length === 0 ? "none" : known.join(", ")}` }
  }
  if (options.config !== undefined) return { error: "--resume continues with the run's own config.yaml; --config cannot be given with it" }
  const other = options.set.find((o) => !resumableKeys.includes(o.slice(0, o.indexOf("=")).trim()))
  if (other !== undefined) return { error: `--resume accepts only --set ${resumableKeys.join(", ")}=..., got --set ${other}` }
  const manifest = JSON.parse(readFileSync(join(path, "manifest.json"), "utf8")) as Manifest
  if (manifest.pipeline !== pipeline) return { error: `run ${options.resume} is a ${manifest.pipeline} run, not ${pipeline}` }
  return { target: { path, manifest } }
}

/** A path relative to the working directory when it lies below it, else as given. */
export const display = (path: string) => {
  const rel = relative(process.cwd(), path)
  return rel.startsWith("..") ? path : rel
}

const describeContents = (path: string): string =>
  readdirSync(path, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? `${entry.name}/ (${readdirSync(join(path, entry.name)).length} files)` : entry.name))
    .sort()
    .join(", ")

/** Runs the command; resolves to the process exit status. */
export const runCommand = async <C extends PipelineConfig, I>(
  pipeline: Pipeline<C, I>,
  options: RunCommandOptions,
  command: readonly string[],
): Promise<number> => {
  const resuming = options.resume === undefined ? null : resumeTarget(pipeline.name, { ...options, resume: options.resume })
  if (resuming !== null && "error" in resuming) {
    process.stderr.write(`hhml: ${resuming.error}\n`)
    return 2
  }
  const file = resuming === null ? resolveConfigFile(pipeline.name, options.config) : join(resuming.target.path, "config.yaml")
  let run: RunDirectory | undefined
  const started = performance.now()
  const program = loadConfig(pipeline.schema, { file: display(file), overrides: options.set }).pipe(
    Effect.flatMap((config) =>
      executePipeline(pipeline, config, {
        resultsDir: join(options.dataDir, "results"),
        configFile: display(file),
        command,
        ...(resuming === null ? {} : { resume: resuming.target }),
        ...(options.monitoring === undefined ? {} : { monitor: options.monitoring }),
        onStart: (opened, checkpoint, tap) => {
          run = opened
          const m = opened.manifest()
          const from =
            resuming === null ? "" : checkpoint === null ? ", resumed from the start (no checkpoint yet)" : `, resumed after cycle ${checkpoint.cycle}`
          process.stderr.write(
            `Run ${m.runId}: pipeline ${m.pipeline}, seed ${m.seed}, kernel ${m.compute.kernel}, backend ${m.compute.backend}${from}\n` +
              `Writing to ${display(opened.path)}\n` +
              (tap === null ? "" : monitorBanner(tap.url, tap.host, m.runId)),
          )
        },
      }),
    ),
  )
  const outcome = await runInterruptible(program)
  switch (outcome._tag) {
    case "Completed": {
      const m = outcome.value.manifest()
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      process.stdout.write(
        `Completed run ${m.runId}: ${m.cyclesCompleted} cycles in ${seconds}s\n` +
          `Results: ${display(outcome.value.path)}\n  ${describeContents(outcome.value.path)}\n`,
      )
      return 0
    }
    case "Interrupted": {
      const where = run === undefined ? "" : `; results so far are in ${display(run.path)} (manifest status "interrupted")`
      const cycles = run === undefined ? "" : ` after ${run.manifest().cyclesCompleted} cycles`
      process.stderr.write(`Run interrupted by ${outcome.signal}${cycles}${where}\n`)
      return signalExitCode(outcome.signal)
    }
    case "Failed": {
      const error = Option.getOrElse(Cause.failureOption(outcome.cause), () => Cause.squash(outcome.cause))
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`)
        return 2
      }
      const where = run === undefined ? "" : ` (run ${run.id}; partial results in ${display(run.path)})`
      process.stderr.write(`Run failed${where}: ${errorMessage(error)}\n`)
      return 1
    }
  }
}

/** `hhml run --dry-run`: validates the config and prints it resolved, writing nothing. */
export const dryRun = async <C extends PipelineConfig, I>(pipeline: Pipeline<C, I>, options: RunCommandOptions): Promise<number> => {
  const file = resolveConfigFile(pipeline.name, options.config)
  const decoded = await Effect.runPromise(Effect.either(loadConfig(pipeline.schema, { file: display(file), overrides: options.set })))
  return Either.match(decoded, {
    onLeft: (error) => {
      process.stderr.write(`${error.message}\n`)
      return 2
    },
    onRight: (config) => {
      process.stdout.write(`# ${pipeline.name}, resolved from ${display(file)}\n${YAML.stringify(config)}`)
      return 0
    },
  })
}
