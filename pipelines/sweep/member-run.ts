/**
 * Running one sweep member as a run. The member's folder holds at most one
 * run directory: the first attempt creates it, and every later attempt (a
 * retry after a failure, or after the worker running it was killed) resumes
 * it from its newest checkpoint with the same code as `hhml run --resume`:
 * the parts beyond the checkpoint are removed and the cycles after it run
 * again, so the member's datasets end with every cycle exactly once.
 */
import { existsSync } from "node:fs"
import { readFile, readdir, rm } from "node:fs/promises"
import { join } from "node:path"
import { Data, Effect } from "effect"
import { errorMessage } from "../../stages/stage.js"
import { decodeConfig } from "../config/load-config.js"
import { findPipeline, pipelines } from "../registry.js"
import type { Checkpoint } from "../run/checkpoints.js"
import { type ResumeTarget, executePipeline } from "../run/execute.js"
import type { Manifest } from "../run/manifest.js"
import type { RunDirectory } from "../run/run-directory.js"
import type { MemberJob } from "./jobs.js"
import { memberDirectory, readSweepRecord } from "./sweep-directory.js"

export class MemberJobError extends Data.TaggedError("MemberJobError")<{
  readonly message: string
  /** Whether another attempt (perhaps on another worker) could succeed. */
  readonly retryable: boolean
}> {}

export interface MemberOutcome {
  readonly runId: string
  readonly path: string
  readonly cycles: number
  /** The member had completed before this attempt (its worker died before the queue heard of it). */
  readonly alreadyComplete: boolean
}

export interface MemberRunOptions {
  /** The shared data folder holding `sweeps/`. */
  readonly dataDir: string
  /** The worker's command line, credentials redacted, for the manifest. */
  readonly command: readonly string[]
  /** Told once the run directory is open: the checkpoint resumed from, or null for a fresh start. */
  readonly onStart?: (run: RunDirectory, resumedFrom: Checkpoint | null, resuming: boolean) => void
}

const fatal = (message: string) => new MemberJobError({ message, retryable: false })

/**
 * The member's run from an earlier attempt, if any. A folder without a
 * manifest is an attempt killed while creating its run directory, before any
 * result was written: it is removed.
 */
const previousRun = (memberPath: string): Effect.Effect<ResumeTarget | null, MemberJobError> =>
  Effect.tryPromise({
    try: async () => {
      if (!existsSync(memberPath)) return []
      const runs: ResumeTarget[] = []
      for (const entry of await readdir(memberPath, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue
        const path = join(memberPath, entry.name)
        if (!existsSync(join(path, "manifest.json"))) await rm(path, { recursive: true, force: true })
        else runs.push({ path, manifest: JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest })
      }
      return runs
    },
    catch: (error) => new MemberJobError({ message: `cannot read ${memberPath}: ${errorMessage(error)}`, retryable: true }),
  }).pipe(
    Effect.flatMap((runs) =>
      runs.length > 1
        ? Effect.fail(fatal(`${memberPath} holds ${runs.length} runs (${runs.map((r) => r.manifest.runId).join(", ")}); a member has one`))
        : Effect.succeed(runs[0] ?? null),
    ),
  )

export const runMember = (job: MemberJob, options: MemberRunOptions) =>
  Effect.gen(function* () {
    const where = `sweep ${job.sweepId} member ${job.member}`
    const pipeline = findPipeline(job.pipeline)
    if (pipeline === undefined) {
      return yield* Effect.fail(fatal(`${where}: unknown pipeline "${job.pipeline}"; this worker has ${pipelines.map((p) => p.name).join(", ")}`))
    }
    const config = yield* decodeConfig(pipeline.schema, where, job.config)
    // A worker whose --data-dir is not the shared folder cannot see the sweep: another worker may.
    yield* readSweepRecord(options.dataDir, job.sweepId).pipe(Effect.mapError((error) => new MemberJobError({ message: error.message, retryable: true })))
    const memberPath = memberDirectory(options.dataDir, job.sweepId, job.member)
    const previous = yield* previousRun(memberPath)
    if (previous !== null && previous.manifest.status === "completed" && previous.manifest.cyclesCompleted >= config.run.cycles) {
      const outcome: MemberOutcome = { runId: previous.manifest.runId, path: previous.path, cycles: previous.manifest.cyclesCompleted, alreadyComplete: true }
      return outcome
    }
    const run = yield* executePipeline(pipeline, config, {
      resultsDir: memberPath,
      configFile: where,
      command: options.command,
      ...(previous === null ? {} : { resume: previous }),
      onStart: (opened, checkpoint) => options.onStart?.(opened, checkpoint, previous !== null),
    })
    const outcome: MemberOutcome = { runId: run.id, path: run.path, cycles: run.manifest().cyclesCompleted, alreadyComplete: false }
    return outcome
  })
