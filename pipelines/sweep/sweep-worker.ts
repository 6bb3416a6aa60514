/**
 * A sweep worker: a BullMQ worker that runs queued sweep members, up to
 * `concurrency` at once, each as a run in the member's folder of the shared
 * data folder (`runMember`).
 *
 * - A failing member throws; BullMQ retries it with backoff up to the job's
 *   `attempts`, each retry resuming from the member's newest checkpoint. A
 *   payload that is not a valid member, or a config the pipeline rejects,
 *   fails at once (retrying cannot help).
 * - A worker killed mid-job stops renewing its lock; after `lockMs` another
 *   worker's stalled-job check puts the job back in the queue, up to
 *   `maxStalls` times, and the next worker resumes the member.
 * - A worker that loses a lock while alive (paused too long) stops that
 *   member at once, since another worker now owns it.
 * - `shutdown` (SIGINT/SIGTERM) interrupts the running members (their sinks
 *   flush, manifests say "interrupted") and puts their jobs back in the queue
 *   without spending an attempt.
 */
import { hostname } from "node:os"
import { Cause, Effect, Exit, Option, ParseResult, Schema } from "effect"
import { type Job, UnrecoverableError, WaitingError, Worker } from "bullmq"
import { errorMessage } from "../../stages/stage.js"
import { ConfigError } from "../config/config-error.js"
import { type MemberJob, memberJobSchema } from "./jobs.js"
import { MemberJobError, type MemberOutcome, runMember } from "./member-run.js"
import { type QueueTarget, redact, redisOptions } from "./queue-connection.js"

export interface SweepWorkerOptions {
  readonly target: QueueTarget
  /** The shared data folder holding `sweeps/`. */
  readonly dataDir: string
  /** Members run at once by this worker. */
  readonly concurrency: number
  /** How long a job's lock lasts without renewal (renewed every half of it). */
  readonly lockMs: number
  /** Milliseconds between this worker's checks for stalled jobs (of dead workers). */
  readonly stalledIntervalMs: number
  /** Times a job may be recovered from a dead worker before it is failed. */
  readonly maxStalls: number
  /** The worker's command line, credentials redacted, recorded in member manifests. */
  readonly command: readonly string[]
  readonly log: (line: string) => void
}

export const defaultWorkerTimings = { lockMs: 30_000, stalledIntervalMs: 15_000, maxStalls: 2 } as const

export interface SweepWorker {
  /** This worker's name in the queue (`host:pid`), shown by `hhml sweep status`. */
  readonly name: string
  /** Resolves once the worker is connected and waiting for jobs. */
  readonly ready: Promise<void>
  /** Interrupts running members, returns their jobs to the queue and disconnects. */
  readonly shutdown: () => Promise<void>
}

const shutdownReason = "worker shutting down"
const lockLostReason = "lock lost"

const describeJob = (payload: MemberJob, job: Job) => `sweep ${payload.sweepId} member ${payload.member} (attempt ${job.attemptsStarted})`

/** The error a finished-with-failure member hands BullMQ: unrecoverable where retrying cannot help. */
const failureFor = (target: QueueTarget, cause: Cause.Cause<unknown>): Error => {
  const error = Option.getOrElse(Cause.failureOption(cause), () => Cause.squash(cause))
  const message = redact(target, errorMessage(error))
  const final = error instanceof ConfigError || (error instanceof MemberJobError && !error.retryable)
  return final ? new UnrecoverableError(message) : new Error(message)
}

export const startSweepWorker = (options: SweepWorkerOptions): SweepWorker => {
  const { target, log } = options
  const name = `${hostname()}:${process.pid}`
  /** The attempt of each member running in this process, by sweep and member. */
  const running = new Map<string, Promise<unknown>>()
  const processor = async (job: Job<unknown>, token?: string, signal?: AbortSignal): Promise<MemberOutcome> => {
    const decoded = Schema.decodeUnknownEither(memberJobSchema)(job.data)
    if (decoded._tag === "Left") {
      throw new UnrecoverableError(`job ${job.id} is not a sweep member: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
    }
    const payload = decoded.right
    const label = describeJob(payload, job)
    // Puts the job back in the queue without spending an attempt. If this worker has lost the job's lock
    // meanwhile, the job is another worker's already (or a stall check will return it): nothing to do.
    const returnToQueue = async (why: string): Promise<never> => {
      try {
        if (token !== undefined) await job.moveToWait(token)
        log(`${label}: ${why}; returned to the queue`)
      } catch (error) {
        log(`${label}: ${why}; left to the stalled-job check (${redact(target, errorMessage(error))})`)
      }
      throw new WaitingError()
    }
    // A job this worker lost (its lock expired while the process was starved of CPU) can come back to it
    // while the old attempt is still stopping: two attempts must never write one member's run at once.
    const key = `${payload.sweepId}/${payload.member}`
    const previous = running.get(key)
    if (previous !== undefined) {
      await previous
      return returnToQueue("an earlier attempt was still stopping in this worker")
    }
    const attempt = Effect.runPromiseExit(
      runMember(payload, {
        dataDir: options.dataDir,
        command: options.command,
        onStart: (run, checkpoint, resuming) =>
          log(
            `${label}: ${resuming ? "resuming" : "starting"} run ${run.id}` +
              (resuming ? (checkpoint === null ? " from the start (no checkpoint yet)" : ` after checkpoint cycle ${checkpoint.cycle}`) : ""),
          ),
      }),
      signal === undefined ? {} : { signal },
    )
    running.set(key, attempt)
    const exit = await attempt.finally(() => running.delete(key))
    if (Exit.isSuccess(exit)) {
      log(`${label}: ${exit.value.alreadyComplete ? "had already completed" : "completed"} run ${exit.value.runId}, ${exit.value.cycles} cycles`)
      return exit.value
    }
    if (Cause.isInterruptedOnly(exit.cause) && signal?.aborted) {
      if (signal.reason === shutdownReason) return returnToQueue("interrupted by shutdown")
      log(`${label}: stopped: this worker lost the job's lock, so another worker owns it now`)
      throw new Error(`worker ${name} lost the lock of job ${job.id}`)
    }
    const failure = failureFor(target, exit.cause)
    log(`${label}: failed${failure instanceof UnrecoverableError ? " (not retried)" : ""}: ${failure.message}`)
    throw failure
  }
  const worker = new Worker<unknown, MemberOutcome>(target.queueName, processor, {
    connection: redisOptions(target),
    name,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalls,
    autorun: true,
  })
  worker.on("lockRenewalFailed", (ids: string[]) => ids.forEach((id) => worker.cancelJob(id, lockLostReason)))
  worker.on("stalled", (id: string) => log(`job ${id} stalled (its worker stopped renewing the lock); back in the queue`))
  worker.on("error", (error: Error) => log(`queue error: ${redact(target, errorMessage(error))}`))
  return {
    name,
    ready: worker.waitUntilReady().then(() => undefined),
    shutdown: async () => {
      worker.cancelAllJobs(shutdownReason)
      await worker.close()
    },
  }
}
