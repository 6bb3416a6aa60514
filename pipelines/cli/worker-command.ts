/**
 * `hhml worker`: run queued sweep members until stopped. SIGINT or SIGTERM
 * interrupts the running members (sinks flushed, manifests "interrupted"),
 * puts their jobs back in the queue for another worker and exits 130 or 143;
 * a second signal exits at once. Every log line goes to stderr with the time,
 * and none carries the queue password.
 */
import { type Command, Option } from "commander"
import { Effect, Either } from "effect"
import { signalExitCode } from "../run/interrupt.js"
import { probeQueue, queueTarget, redact } from "../sweep/queue-connection.js"
import { defaultWorkerTimings, startSweepWorker } from "../sweep/sweep-worker.js"
import { type CommandHelpers, type QueueCommandOptions, integerArgument, queueOptions } from "./sweep-command.js"

export interface WorkerCommandOptions extends QueueCommandOptions {
  readonly queue: string
  readonly dataDir: string
  readonly concurrency: number
  readonly lockMs: number
  readonly stalledIntervalMs: number
  readonly maxStalls: number
}

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`)

/** Resolves to the exit status once the worker has stopped. */
export const workerCommand = async (options: WorkerCommandOptions, argv: readonly string[]): Promise<number> => {
  const checked = await Effect.runPromise(Effect.either(Effect.tap(queueTarget(options), probeQueue)))
  if (Either.isLeft(checked)) {
    process.stderr.write(`hhml: ${checked.left.message}\n`)
    return checked.left.usage ? 2 : 1
  }
  const target = checked.right
  const worker = startSweepWorker({
    target,
    dataDir: options.dataDir,
    concurrency: options.concurrency,
    lockMs: options.lockMs,
    stalledIntervalMs: options.stalledIntervalMs,
    maxStalls: options.maxStalls,
    command: argv.map((arg) => redact(target, arg)),
    log,
  })
  void worker.ready.then(
    () =>
      log(
        `worker ${worker.name}: queue ${target.queueName} on ${target.display}, data folder ${options.dataDir}, ` +
          `concurrency ${options.concurrency}; waiting for sweep members (Ctrl-C to stop)`,
      ),
    (error: unknown) => log(`worker ${worker.name}: cannot connect: ${redact(target, String(error))}`),
  )
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    let received: NodeJS.Signals | null = null
    const onSignal = (signal: NodeJS.Signals) => {
      if (received !== null) process.exit(signalExitCode(signal))
      received = signal
      resolve(signal)
    }
    process.on("SIGINT", onSignal)
    process.on("SIGTERM", onSignal)
  })
  log(`worker ${worker.name}: ${signal}: stopping; running members go back to the queue`)
  await worker.shutdown()
  log(`worker ${worker.name}: stopped`)
  return signalExitCode(signal)
}

/** `hhml worker`. */
export const registerWorkerCommand = (program: Command, { dataDirOption }: Pick<CommandHelpers, "dataDirOption">): void => {
  const worker = program
    .command("worker")
    .description("run queued sweep members until stopped; SIGINT/SIGTERM put running members back in the queue; docs/deployment/workers.md")
    .addOption(dataDirOption())
    .option("--concurrency <k>", "members run at once by this worker", integerArgument(1), 1)
    .option("--lock-ms <ms>", "a job's lock lasts this long unless renewed; a dead worker's job is taken over after it", integerArgument(500), defaultWorkerTimings.lockMs)
    .option("--stalled-interval-ms <ms>", "how often to look for jobs of dead workers", integerArgument(100), defaultWorkerTimings.stalledIntervalMs)
    .option("--max-stalls <n>", "times a job is taken over from a dead worker before it is failed", integerArgument(1), defaultWorkerTimings.maxStalls)
  queueOptions(worker, new Option("-q, --queue <url>", "Redis URL redis://[user@]host[:port][/db], or rediss://... for TLS").makeOptionMandatory()).action(
    async (options: WorkerCommandOptions) => {
      process.exitCode = await workerCommand(options, process.argv.slice(1))
    },
  )
}
