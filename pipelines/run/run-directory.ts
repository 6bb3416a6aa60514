/**
 * A run's directory `data/results/<run-id>/`, holding `manifest.json` and the
 * resolved `config.yaml`, as a scoped resource: opening it writes the manifest
 * with status "running"; closing it records how the run ended (completed,
 * interrupted or failed), when, and how many cycles completed.
 */
import { mkdir } from "node:fs/promises"
import { join } from "node:path"
import { Cause, Data, Effect, Exit, type Scope } from "effect"
import YAML from "yaml"
import { errorMessage } from "../../stages/stage.js"
import { writeFileAtomic, writeJsonAtomic } from "../../sinks/atomic-file.js"
import { type ComputeInfo, type Manifest, configHash, newManifest } from "./manifest.js"

export class RunDirectoryError extends Data.TaggedError("RunDirectoryError")<{
  readonly path: string
  readonly message: string
}> {}

export interface RunDirectory {
  readonly id: string
  readonly path: string
  /** The manifest as last written. */
  readonly manifest: () => Manifest
  /** Counts a completed cycle (recorded in the manifest when the run ends). */
  readonly completeCycle: (cycle: number) => void
}

export interface RunOptions {
  /** Folder holding every run, normally `data/results`. */
  readonly resultsDir: string
  readonly pipeline: string
  readonly config: unknown
  readonly seed: number
  readonly compute: ComputeInfo
  readonly command: readonly string[]
}

export const timestamp = (date: Date) => date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15)

/** Creates `<resultsDir>/<pipeline>-<UTC time>-<config hash>[-n]` without ever reusing an existing folder. */
export const createUniqueDirectory = async (resultsDir: string, base: string): Promise<{ id: string; path: string }> => {
  await mkdir(resultsDir, { recursive: true })
  for (let attempt = 1; ; attempt++) {
    const id = attempt === 1 ? base : `${base}-${attempt}`
    const path = join(resultsDir, id)
    try {
      await mkdir(path)
      return { id, path }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
    }
  }
}

const endStatus = (exit: Exit.Exit<unknown, unknown>): Pick<Manifest, "status" | "reason"> => {
  if (Exit.isSuccess(exit)) return { status: "completed" }
  if (Cause.isInterruptedOnly(exit.cause)) return { status: "interrupted", reason: "interrupted by a signal" }
  const failure = Cause.squash(exit.cause)
  return { status: "failed", reason: errorMessage(failure) }
}

const attempt = <A>(path: string, run: () => Promise<A>) =>
  Effect.tryPromise({
    try: run,
    catch: (error) => new RunDirectoryError({ path, message: `cannot write run files in ${path}: ${errorMessage(error)}` }),
  })

/** The scoped lifetime shared by new and resumed runs: write the manifest, and record how the run ended. */
const managed = (path: string, initial: Manifest): Effect.Effect<RunDirectory, RunDirectoryError, Scope.Scope> => {
  const acquire = Effect.gen(function* () {
    let manifest = initial
    let cycles = initial.cyclesCompleted
    yield* attempt(path, () => writeJsonAtomic(join(path, "manifest.json"), manifest))
    const finish = (exit: Exit.Exit<unknown, unknown>) => {
      manifest = { ...manifest, ...endStatus(exit), endedAt: new Date().toISOString(), cyclesCompleted: cycles }
      return attempt(path, () => writeJsonAtomic(join(path, "manifest.json"), manifest))
    }
    const directory: RunDirectory = {
      id: initial.runId,
      path,
      manifest: () => manifest,
      completeCycle: (cycle) => {
        cycles = Math.max(cycles, cycle + 1)
      },
    }
    return { directory, finish }
  })
  return Effect.acquireRelease(acquire, ({ finish }, exit) => Effect.orDie(finish(exit))).pipe(
    Effect.map(({ directory }) => directory),
  )
}

export const openRunDirectory = (options: RunOptions): Effect.Effect<RunDirectory, RunDirectoryError, Scope.Scope> =>
  Effect.gen(function* () {
    const now = new Date()
    const draft = newManifest({ runId: "", now, ...options })
    const { id, path } = yield* attempt(options.resultsDir, () =>
      createUniqueDirectory(options.resultsDir, `${options.pipeline}-${timestamp(now)}-${draft.configHash.slice(0, 6)}`),
    )
    yield* attempt(path, () => writeFileAtomic(join(path, "config.yaml"), YAML.stringify(options.config)))
    return yield* managed(path, { ...draft, runId: id })
  })

/**
 * Reopens an existing run to continue it from the checkpoint at `fromCycle`
 * (-1: from the start): the manifest is "running" again and remembers the
 * resume; `config` (possibly with more cycles) replaces config.yaml.
 */
export const reopenRunDirectory = (
  path: string,
  previous: Manifest,
  config: unknown,
  fromCycle: number,
): Effect.Effect<RunDirectory, RunDirectoryError, Scope.Scope> =>
  Effect.gen(function* () {
    yield* attempt(path, () => writeFileAtomic(join(path, "config.yaml"), YAML.stringify(config)))
    const { reason, ...rest } = previous
    return yield* managed(path, {
      ...rest,
      configHash: configHash(config),
      status: "running",
      endedAt: null,
      cyclesCompleted: fromCycle + 1,
      resumes: [...(previous.resumes ?? []), { at: new Date().toISOString(), fromCycle }],
    })
  })
