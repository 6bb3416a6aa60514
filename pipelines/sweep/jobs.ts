/**
 * Sweep members as BullMQ jobs. A job's payload is only what a worker needs
 * to run the member: the sweep id, the member number, the pipeline and the
 * resolved config; never a credential (each worker brings its own) and never
 * a path (each machine mounts the shared data folder where it likes). A
 * failed attempt is retried with exponential backoff up to `attempts` times;
 * a worker that dies mid-job loses its lock and BullMQ hands the job to
 * another worker.
 */
import { Effect, type Scope, Schema } from "effect"
import { type Job, Queue } from "bullmq"
import { errorMessage } from "../../stages/stage.js"
import { type QueueTarget, QueueConnectionError, redact, redisOptions } from "./queue-connection.js"
import { type SweepRecord, sweepIdPattern } from "./sweep-directory.js"

export const memberJobSchema = Schema.Struct({
  sweepId: Schema.String.pipe(Schema.pattern(sweepIdPattern)),
  member: Schema.Int.pipe(Schema.nonNegative()),
  pipeline: Schema.String,
  config: Schema.Unknown,
})

export type MemberJob = Schema.Schema.Type<typeof memberJobSchema>

export interface RetryPolicy {
  /** Attempts in all, the first included; a member still failing then is failed for good. */
  readonly attempts: number
  /** Delay before the first retry; doubled for each further one. */
  readonly backoffMs: number
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 3, backoffMs: 5_000 }

export const jobId = (sweepId: string, member: number): string => `${sweepId}.${String(member).padStart(3, "0")}`

/** The sweep's queue as a scoped resource (closed with its scope). */
export const openQueue = (target: QueueTarget): Effect.Effect<Queue<MemberJob>, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const queue = new Queue<MemberJob>(target.queueName, { connection: redisOptions(target) })
      // Failures surface as rejected commands, each reported where it happens; the event would be a duplicate.
      queue.on("error", () => undefined)
      return queue
    }),
    (queue) => Effect.promise(() => queue.close()),
  )

const queueFailure = (target: QueueTarget, what: string) => (error: unknown) =>
  new QueueConnectionError({ message: redact(target, `${what} on ${target.display}: ${errorMessage(error)}`), usage: false })

/** Queues one job per member, all in one transaction. */
export const enqueueMembers = (
  queue: Queue<MemberJob>,
  target: QueueTarget,
  sweep: SweepRecord,
  policy: RetryPolicy,
): Effect.Effect<readonly Job<MemberJob>[], QueueConnectionError> =>
  Effect.tryPromise({
    try: () =>
      queue.addBulk(
        sweep.members.map(({ member, config }) => ({
          name: sweep.pipeline,
          data: { sweepId: sweep.sweepId, member, pipeline: sweep.pipeline, config },
          opts: {
            jobId: jobId(sweep.sweepId, member),
            attempts: policy.attempts,
            backoff: { type: "exponential", delay: policy.backoffMs },
            // Kept in Redis for `hhml sweep status`.
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      ),
    catch: queueFailure(target, "cannot queue the sweep's jobs"),
  })

export interface JobRecord {
  readonly state: string
  /** Times a worker started the job (stalled restarts included). */
  readonly attemptsStarted: number
  /** Failed attempts. */
  readonly attemptsMade: number
  readonly failedReason: string | null
  readonly worker: string | null
}

/** The job of each member (null where Redis has none), read in one round of requests. */
export const memberJobs = (
  queue: Queue<MemberJob>,
  target: QueueTarget,
  sweepId: string,
  members: readonly number[],
): Effect.Effect<ReadonlyArray<JobRecord | null>, QueueConnectionError> =>
  Effect.tryPromise({
    try: () =>
      Promise.all(
        members.map(async (member) => {
          const job = await queue.getJob(jobId(sweepId, member))
          if (job === undefined) return null
          return {
            state: await job.getState(),
            attemptsStarted: job.attemptsStarted,
            attemptsMade: job.attemptsMade,
            failedReason: job.failedReason === undefined || job.failedReason === "" ? null : redact(target, job.failedReason),
            worker: job.processedBy ?? null,
          }
        }),
      ),
    catch: queueFailure(target, "cannot read the sweep's jobs"),
  })
