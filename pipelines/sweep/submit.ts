/**
 * Submitting a sweep, in two steps: `planSweep` expands the flags into
 * members and validates every member's config (nothing touched yet); then
 * `queueSweep` writes the sweep's folder and queues one job per member, all
 * or nothing: if the jobs cannot be queued the folder is removed again.
 */
import { rm } from "node:fs/promises"
import { Effect } from "effect"
import type { ConfigError } from "../config/config-error.js"
import { loadConfig } from "../config/load-config.js"
import type { AnyPipeline } from "../pipeline.js"
import { type RetryPolicy, enqueueMembers, openQueue } from "./jobs.js"
import { type ResolvedMember, resolveMembers } from "./members.js"
import type { QueueConnectionError, QueueTarget } from "./queue-connection.js"
import { type SweepDirectoryError, type SweepRecord, createSweepDirectory } from "./sweep-directory.js"
import { SweepSpecError, type SweepFlags, type SweepSpec, expandMembers, overrideOf, sweepSpec } from "./sweep-spec.js"

export interface SweepPlan {
  readonly pipeline: AnyPipeline
  /** The base config file, as shown to the user. */
  readonly file: string
  /** `--set` overrides of the base config. */
  readonly overrides: readonly string[]
  readonly flags: SweepFlags
  readonly spec: SweepSpec
  readonly members: readonly ResolvedMember[]
}

export const planSweep = (
  pipeline: AnyPipeline,
  source: { readonly file: string; readonly overrides: readonly string[] },
  flags: SweepFlags,
): Effect.Effect<SweepPlan, ConfigError | SweepSpecError> =>
  Effect.gen(function* () {
    // The base config alone first: a bad --set is one message, not one per member.
    const base = yield* loadConfig(pipeline.schema, source)
    const baseSeed = (base as { run: { seed: number } }).run.seed
    const spec = yield* Effect.try({
      try: () => sweepSpec(flags, baseSeed),
      catch: (error) => (error instanceof SweepSpecError ? error : new SweepSpecError({ message: String(error) })),
    })
    const members = yield* resolveMembers(pipeline, source, expandMembers(spec, baseSeed))
    return { pipeline, ...source, flags, spec, members }
  })

export const queueSweep = (
  target: QueueTarget,
  dataDir: string,
  plan: SweepPlan,
  policy: RetryPolicy,
): Effect.Effect<{ readonly record: SweepRecord; readonly path: string }, QueueConnectionError | SweepDirectoryError> =>
  Effect.gen(function* () {
    const created = yield* createSweepDirectory(dataDir, {
      pipeline: plan.pipeline.name,
      configFile: plan.file,
      overrides: plan.overrides,
      spec: { grid: plan.flags.grid, sample: plan.flags.sample, samples: plan.spec.samples, sampleSeed: plan.spec.sampleSeed, seeds: plan.spec.seeds },
      queue: { url: target.display, name: target.queueName },
      attempts: policy.attempts,
      members: plan.members.map((m) => ({ member: m.member, overrides: m.assignments.map(overrideOf), config: m.config })),
    })
    yield* Effect.scoped(Effect.flatMap(openQueue(target), (queue) => enqueueMembers(queue, target, created.record, policy))).pipe(
      Effect.tapError(() => Effect.promise(() => rm(created.path, { recursive: true, force: true }))),
    )
    return created
  })
