/**
 * Where a sweep stands: per member, the state of its job in the queue
 * (waiting, active, retrying, completed, failed), the attempts started, the
 * cycles done out of the member's total (from its manifest and its newest
 * checkpoint, so a running member shows progress), the worker that last
 * took it, its run id and its last error; and a summary line.
 */
import { existsSync } from "node:fs"
import { readFile, readdir } from "node:fs/promises"
import { join } from "node:path"
import { Effect } from "effect"
import type { Json } from "@duckdb/node-api"
import { errorMessage } from "../../stages/stage.js"
import type { QueryResult } from "../results/query.js"
import { checkpointsDirectory } from "../run/checkpoints.js"
import type { Manifest } from "../run/manifest.js"
import { type JobRecord, memberJobs, openQueue } from "./jobs.js"
import type { QueueConnectionError, QueueTarget } from "./queue-connection.js"
import { type SweepRecord, memberDirectory } from "./sweep-directory.js"

export const memberStates = ["waiting", "active", "retrying", "completed", "failed", "missing"] as const
export type MemberState = (typeof memberStates)[number]

export interface MemberStatus {
  readonly member: number
  readonly state: MemberState
  readonly attempts: number
  readonly cyclesDone: number
  readonly cyclesTotal: number
  readonly worker: string | null
  readonly runId: string | null
  readonly lastError: string | null
}

/** A job's queue state as a member state: a job back in the queue after a failure or a dead worker is retrying. */
export const memberState = (job: JobRecord | null): MemberState => {
  if (job === null) return "missing"
  switch (job.state) {
    case "active":
    case "completed":
    case "failed":
      return job.state
    case "waiting":
    case "prioritized":
    case "delayed":
      return job.attemptsStarted > 0 ? "retrying" : "waiting"
    default:
      return "missing"
  }
}

interface MemberRunProgress {
  readonly runId: string
  readonly cycles: number
  readonly reason: string | null
}

/** The member's run (its only sub-folder with a manifest) and the cycles it has on disk; a damaged manifest is reported as the error. */
const runProgress = async (memberPath: string): Promise<MemberRunProgress | null> => {
  if (!existsSync(memberPath)) return null
  for (const entry of await readdir(memberPath, { withFileTypes: true })) {
    const path = join(memberPath, entry.name)
    if (!entry.isDirectory() || !existsSync(join(path, "manifest.json"))) continue
    let manifest: Manifest
    try {
      manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest
    } catch (error) {
      return { runId: entry.name, cycles: 0, reason: `cannot read ${join(path, "manifest.json")}: ${errorMessage(error)}` }
    }
    const checkpoints = (await readdir(checkpointsDirectory(path)).catch(() => [] as string[])).flatMap((name) => {
      const match = /^checkpoint-(\d+)\.json$/.exec(name)
      return match === null ? [] : [Number(match[1]) + 1]
    })
    return { runId: manifest.runId, cycles: Math.max(manifest.cyclesCompleted, ...checkpoints), reason: manifest.reason ?? null }
  }
  return null
}

const totalCycles = (config: unknown): number => {
  const cycles = (config as { run?: { cycles?: unknown } }).run?.cycles
  return typeof cycles === "number" ? cycles : 0
}

export const memberStatuses = (dataDir: string, sweep: SweepRecord, jobs: ReadonlyArray<JobRecord | null>): Effect.Effect<MemberStatus[]> =>
  Effect.promise(() =>
    Promise.all(
      sweep.members.map(async ({ member, config }, i) => {
        const job = jobs[i] ?? null
        const progress = await runProgress(memberDirectory(dataDir, sweep.sweepId, member))
        return {
          member,
          state: memberState(job),
          attempts: job?.attemptsStarted ?? 0,
          cyclesDone: progress?.cycles ?? 0,
          cyclesTotal: totalCycles(config),
          worker: job?.worker ?? null,
          runId: progress?.runId ?? null,
          lastError: job?.failedReason ?? progress?.reason ?? null,
        }
      }),
    ),
  )

export const isFinished = (status: MemberStatus): boolean => status.state === "completed" || status.state === "failed"

/** `Sweep <id> (simulate, 8 members): 5 completed, 2 active, 1 failed; cycles 12000/16000`. */
export const summaryLine = (sweep: SweepRecord, statuses: readonly MemberStatus[]): string => {
  const counts = memberStates
    .map((state) => [state, statuses.filter((s) => s.state === state).length] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
  const done = statuses.reduce((sum, s) => sum + s.cyclesDone, 0)
  const total = statuses.reduce((sum, s) => sum + s.cyclesTotal, 0)
  return `Sweep ${sweep.sweepId} (${sweep.pipeline}, ${statuses.length} members): ${counts.join(", ")}; cycles ${done}/${total}`
}

const column = (name: string, numeric = false) => ({ name, type: numeric ? "BIGINT" : "VARCHAR", numeric })

/** The per-member table, in the shape `formatResult` prints as a table, CSV or JSON. */
export const statusTable = (statuses: readonly MemberStatus[]): QueryResult => ({
  columns: [
    column("member", true),
    column("state"),
    column("attempts", true),
    column("cycles", true),
    column("total", true),
    column("worker"),
    column("run_id"),
    column("last_error"),
  ],
  rows: statuses.map((s): Json[] => [s.member, s.state, s.attempts, s.cyclesDone, s.cyclesTotal, s.worker, s.runId, s.lastError]),
})

/** Every member's status: its job from the queue, its progress from the shared data folder. */
export const sweepStatuses = (target: QueueTarget, dataDir: string, sweep: SweepRecord): Effect.Effect<MemberStatus[], QueueConnectionError> =>
  Effect.scoped(
    Effect.flatMap(openQueue(target), (queue) =>
      memberJobs(
        queue,
        target,
        sweep.sweepId,
        sweep.members.map((m) => m.member),
      ),
    ),
  ).pipe(Effect.flatMap((jobs) => memberStatuses(dataDir, sweep, jobs)))

/** Polls until every member has completed or failed, telling `onChange` the summary line whenever it changes. */
export const followSweep = (
  target: QueueTarget,
  dataDir: string,
  sweep: SweepRecord,
  onChange: (summary: string) => void,
  pollMs = 1_000,
): Effect.Effect<MemberStatus[], QueueConnectionError> =>
  Effect.gen(function* () {
    let shown = ""
    for (;;) {
      const statuses = yield* sweepStatuses(target, dataDir, sweep)
      const line = summaryLine(sweep, statuses)
      if (line !== shown) onChange(line)
      shown = line
      if (statuses.every(isFinished)) return statuses
      yield* Effect.sleep(pollMs)
    }
  })
