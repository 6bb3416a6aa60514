/**
 * `hhml sweep <pipeline>`: expand a sweep (grid, random samples, seeds) into
 * members, validate every member's config with the pipeline's schema, then
 * create the sweep's folder on the shared data folder and queue one job per
 * member; `--wait` follows it to the end. `hhml sweep status <id>`: where
 * each member stands. Nothing is written or queued unless every member is
 * valid. Exit status: 0 done, 1 the queue or the file system failed (or, with
 * --wait, a member failed), 2 bad flags or config.
 */
import { type Command, InvalidArgumentError, Option } from "commander"
import { Effect, Either } from "effect"
import { ConfigError } from "../config/config-error.js"
import type { AnyPipeline } from "../pipeline.js"
import { findPipeline, pipelines } from "../registry.js"
import { type OutputFormat, defaultFormat, formatResult } from "../results/format.js"
import { type RetryPolicy, defaultRetryPolicy } from "../sweep/jobs.js"
import {
  type QueueFlags,
  QueueConnectionError,
  defaultQueueName,
  passwordVariable,
  probeQueue,
  queueTarget,
} from "../sweep/queue-connection.js"
import { SweepDirectoryError, readSweepRecord } from "../sweep/sweep-directory.js"
import { SweepSpecError, type SweepFlags, describeMember } from "../sweep/sweep-spec.js"
import { planSweep, queueSweep } from "../sweep/submit.js"
import { followSweep, statusTable, summaryLine, sweepStatuses } from "../sweep/sweep-status.js"
import { display, resolveConfigFile } from "./run-command.js"

export interface QueueCommandOptions {
  readonly queue?: string
  readonly queuePasswordFile?: string
  readonly queueCa?: string
  readonly queueName?: string
}

export interface SweepCommandOptions extends SweepFlags, QueueCommandOptions {
  readonly config?: string
  readonly set: readonly string[]
  readonly dataDir: string
  readonly attempts: number
  readonly backoffMs: number
  readonly dryRun?: boolean
  readonly wait?: boolean
}

type CommandError = ConfigError | SweepSpecError | QueueConnectionError | SweepDirectoryError

const exitStatus = (error: CommandError): number => {
  switch (error._tag) {
    case "ConfigError":
    case "SweepSpecError":
      return 2
    case "QueueConnectionError":
      return error.usage ? 2 : 1
    case "SweepDirectoryError":
      return 1
  }
}

const report = (error: CommandError): number => {
  process.stderr.write(error._tag === "ConfigError" ? `${error.message}\n` : `hhml: ${error.message}\n`)
  return exitStatus(error)
}

const run = async (program: Effect.Effect<number, CommandError>): Promise<number> =>
  Either.match(await Effect.runPromise(Effect.either(program)), { onLeft: report, onRight: (status) => status })

const queueFlags = (options: QueueCommandOptions, url: string): QueueFlags => ({
  queue: url,
  ...(options.queuePasswordFile === undefined ? {} : { queuePasswordFile: options.queuePasswordFile }),
  ...(options.queueCa === undefined ? {} : { queueCa: options.queueCa }),
  ...(options.queueName === undefined ? {} : { queueName: options.queueName }),
})

const dryRunListing = (file: string, pipeline: string, members: ReadonlyArray<Parameters<typeof describeMember>[0]>) =>
  `# ${pipeline} sweep from ${file}: ${members.length} member${members.length === 1 ? "" : "s"}\n` +
  members.map((m) => `${String(m.member).padStart(4)}  ${describeMember(m)}\n`).join("")

/** `hhml sweep <pipeline>`: resolves to the exit status. */
export const sweepCommand = (pipeline: AnyPipeline, options: SweepCommandOptions): Promise<number> => {
  const file = display(resolveConfigFile(pipeline.name, options.config))
  const policy: RetryPolicy = { attempts: options.attempts, backoffMs: options.backoffMs }
  return run(
    Effect.gen(function* () {
      const plan = yield* planSweep(pipeline, { file, overrides: options.set }, options)
      const members = plan.members
      if (options.dryRun) {
        process.stdout.write(dryRunListing(file, pipeline.name, members))
        return 0
      }
      if (options.queue === undefined) return yield* Effect.fail(new SweepSpecError({ message: "--queue redis://host:port is required (or --dry-run to list the members)" }))
      const target = yield* queueTarget(queueFlags(options, options.queue))
      yield* probeQueue(target)
      const { record, path } = yield* queueSweep(target, options.dataDir, plan, policy)
      process.stdout.write(
        `Sweep ${record.sweepId}: ${members.length} members of ${pipeline.name} queued on ${target.display} (queue ${target.queueName}), ${policy.attempts} attempts each\n` +
          `Directory: ${display(path)}\n` +
          `Start workers with: hhml worker --queue ${target.display} --data-dir <shared data folder>\n` +
          `Follow it with: hhml sweep status ${record.sweepId}\n`,
      )
      if (!options.wait) return 0
      const statuses = yield* followSweep(target, options.dataDir, record, (line) => process.stderr.write(`${line}\n`))
      process.stdout.write(`${summaryLine(record, statuses)}\n`)
      return statuses.every((s) => s.state === "completed") ? 0 : 1
    }),
  )
}

export interface SweepStatusOptions extends QueueCommandOptions {
  readonly dataDir: string
  readonly format?: OutputFormat
}

/** `hhml sweep status <id>`: resolves to the exit status. */
export const sweepStatusCommand = (sweepId: string, options: SweepStatusOptions): Promise<number> =>
  run(
    Effect.gen(function* () {
      // An unknown or damaged sweep is bad input: exit 2.
      const sweep = yield* readSweepRecord(options.dataDir, sweepId).pipe(Effect.mapError((error) => new SweepSpecError({ message: error.message })))
      const target = yield* queueTarget(queueFlags({ ...options, queueName: options.queueName ?? sweep.queue.name }, options.queue ?? sweep.queue.url))
      yield* probeQueue(target)
      const statuses = yield* sweepStatuses(target, options.dataDir, sweep)
      process.stdout.write(`${summaryLine(sweep, statuses)}\n`)
      process.stdout.write(formatResult(statusTable(statuses), options.format ?? defaultFormat(process.stdout.isTTY)))
      return 0
    }),
  )

/** An option argument that must be an integer >= min (commander reports the flag and the value). */
export const integerArgument =
  (min: number) =>
  (value: string): number => {
    const n = Number(value)
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`)
    return n
  }

/** The queue flags every queue command takes; the URL and password file may also come from the environment. */
export const queueOptions = (command: Command, url: Option): Command =>
  command
    .addOption(url.env("HHML_QUEUE"))
    .addOption(
      new Option("--queue-password-file <file>", `file holding the Redis password (else $${passwordVariable}, else the URL's)`).env(
        "HHML_QUEUE_PASSWORD_FILE",
      ),
    )
    .option("--queue-ca <file>", "PEM certificate authority to trust for a rediss:// (TLS) queue")
    .option("--queue-name <name>", `queue name (default ${defaultQueueName})`)

export interface CommandHelpers {
  readonly collect: (value: string, previous: string[]) => string[]
  readonly dataDirOption: () => Option
  readonly formatOption: () => Option
  readonly usageError: (message: string) => never
}

const queueUrlHelp = "Redis URL redis://[user@]host[:port][/db], or rediss://... for TLS"

/** `hhml sweep <pipeline>` and `hhml sweep status <sweep-id>`. */
export const registerSweepCommands = (program: Command, { collect, dataDirOption, formatOption, usageError }: CommandHelpers): void => {
  const sweep = program
    .command("sweep")
    .description("queue a sweep (grid, random samples, seeds) as one job per member for `hhml worker`s; docs/deployment/workers.md")
    .argument("<pipeline>", `one of: ${pipelines.map((p) => p.name).join(", ")}`)
    .option("-c, --config <file>", "base YAML config: a path or a name in configs/ (default: configs/<pipeline>.yaml)")
    .option("-s, --set <key=value>", "override one key of the base config (repeatable)", collect, [])
    .option("-g, --grid <key=v1,v2,...>", "sweep a key over values (repeatable; members: every combination)", collect, [])
    .option("--sample <key=dist(...)>", "draw a key at random: uniform(a,b), log-uniform(a,b), integer(a,b) or choice(v1,v2,...) (repeatable)", collect, [])
    .option("--samples <n>", "random draws of the --sample keys", integerArgument(1))
    .option("--sample-seed <n>", "seed of the random draws (default: the base config's run.seed)", integerArgument(0))
    .option("--seeds <n>", "members per combination, with run.seed = base seed + 0, 1, ..., n-1", integerArgument(1))
    .option("--attempts <n>", "attempts per member before it is failed for good", integerArgument(1), defaultRetryPolicy.attempts)
    .option("--backoff-ms <ms>", "delay before a failed member's first retry, doubled for each further one", integerArgument(0), defaultRetryPolicy.backoffMs)
    .addOption(dataDirOption())
    .option("--dry-run", "validate every member and list them; queue nothing, write nothing")
    .option("--wait", "follow the sweep until every member has completed or failed (exit 1 if one failed)")
    // `status` has options of the same names: this command's are read only before it.
    .enablePositionalOptions()
  queueOptions(sweep, new Option("-q, --queue <url>", queueUrlHelp)).action(async (name: string, options: SweepCommandOptions) => {
    const pipeline = findPipeline(name) ?? usageError(`unknown pipeline "${name}"; available: ${pipelines.map((p) => p.name).join(", ")}`)
    process.exitCode = await sweepCommand(pipeline, options)
  })
  const status = sweep
    .command("status")
    .description("show each member's state, attempts, cycles done, worker and last error, and a summary line")
    .argument("<sweep-id>", "the id `hhml sweep` printed (a folder in <data-dir>/sweeps/)")
    .addOption(dataDirOption())
    .addOption(formatOption())
  queueOptions(status, new Option("-q, --queue <url>", `${queueUrlHelp} (default: the URL the sweep was queued on)`)).action(
    async (sweepId: string, options: SweepStatusOptions) => {
      process.exitCode = await sweepStatusCommand(sweepId, options)
    },
  )
}
