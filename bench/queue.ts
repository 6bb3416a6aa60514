/**
 * The sweep job queue on a private redis-server: jobs/s of trivial jobs (an
 * in-process BullMQ worker whose jobs do nothing: the queue's own overhead
 * per job, enqueue to completion), and the wall time of a real sweep (small
 * simulate members) run by one and by two `hhml worker` processes, so the
 * speed-up column shows how a sweep scales with workers on this machine;
 * next to it, the same split of a plain CPU-bound loop over 1 and 2 processes,
 * the best the machine allows at that moment (other jobs may hold its cores).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Queue, Worker } from "bullmq"
import { Effect } from "effect"
import { configsDir } from "../pipelines/cli/run-command.js"
import { projectRoot } from "../pipelines/project.js"
import { simulate as simulatePipeline } from "../pipelines/simulate.js"
import { findProgram, startLocalRedis } from "../pipelines/sweep/local-redis.js"
import { type QueueTarget, queueTarget, redisOptions } from "../pipelines/sweep/queue-connection.js"
import { planSweep, queueSweep } from "../pipelines/sweep/submit.js"
import { followSweep } from "../pipelines/sweep/sweep-status.js"
import { type BenchContext, type Benchmark, measure, type Result } from "./harness.js"

const sizes = {
  full: { concurrency: [1, 8], members: 4, cycles: 2000, nu: 48, nv: 12, loop: 1e9 },
  quick: { concurrency: [1], members: 2, cycles: 100, nu: 16, nv: 4, loop: 1e7 },
} as const

type Size = (typeof sizes)["full" | "quick"]

/** Trivial jobs through an in-process worker: each timed operation is one job, enqueued in bulk per batch. */
const trivialJobs = async (target: QueueTarget, concurrency: number, context: BenchContext): Promise<Result> => {
  const name = `bench-trivial-${concurrency}`
  const queue = new Queue(name, { connection: redisOptions(target) })
  let completed = 0
  let wanted = 0
  let done: () => void = () => undefined
  const worker = new Worker(name, async () => null, { connection: redisOptions(target), concurrency, removeOnComplete: { count: 0 } })
  worker.on("completed", () => {
    completed++
    if (completed === wanted) done()
  })
  await worker.waitUntilReady()
  context.log(`queue: trivial jobs, worker concurrency ${concurrency}`)
  try {
    const timing = await measure(async (jobs) => {
      completed = 0
      wanted = jobs
      const finished = new Promise<void>((resolve) => (done = resolve))
      await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: "trivial", data: { i }, opts: { removeOnComplete: true } })))
      await finished
    }, context.settings)
    return { case: "trivial jobs (queue overhead)", sizes: { concurrency }, kernel: "js", backend: null, threads: 1, unit: "job", itemsPerOp: 1, timing }
  } finally {
    await worker.close()
    await queue.obliterate({ force: true })
    await queue.close()
  }
}

const startWorker = (target: QueueTarget, dataDir: string): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "pipelines", "cli", "main.ts"), "worker", "--queue", target.display, "--queue-name", target.queueName, "--data-dir", dataDir], {
      cwd: projectRoot,
      stdio: ["ignore", "ignore", "pipe"],
    })
    let output = ""
    child.stderr?.on("data", (data: Buffer) => {
      output += data.toString()
      if (output.includes("waiting for sweep members")) resolve(child)
    })
    child.once("exit", (code) => reject(new Error(`hhml worker exited with status ${code}:\n${output}`)))
  })

const stopWorker = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once("close", () => resolve())
    child.kill("SIGTERM")
  })

const sweepTimeoutMs = 300_000

/** One sweep of `size.members` simulate members, queued and waited for; resolves once every member completed. */
const runSweep = async (target: QueueTarget, dataDir: string, size: Size) => {
  const source = { file: join(configsDir, "simulate.yaml"), overrides: [`run.cycles=${size.cycles}`, `lattice.nu=${size.nu}`, `lattice.nv=${size.nv}`, "snapshots.every=0"] }
  await Effect.runPromise(
    Effect.gen(function* () {
      const plan = yield* planSweep(simulatePipeline, source, { grid: [], sample: [], seeds: size.members })
      const { record } = yield* queueSweep(target, dataDir, plan, { attempts: 1, backoffMs: 0 })
      const statuses = yield* followSweep(target, dataDir, record, () => undefined, 50).pipe(
        Effect.timeoutFail({ duration: sweepTimeoutMs, onTimeout: () => new Error(`sweep ${record.sweepId} did not finish within ${sweepTimeoutMs / 1000} s`) }),
      )
      if (!statuses.every((s) => s.state === "completed")) return yield* Effect.die(new Error(`a member of sweep ${record.sweepId} failed`))
    }),
  )
}

const sweepScaling = async (target: QueueTarget, workers: number, size: Size, context: BenchContext): Promise<Result> => {
  const dataDir = mkdtempSync(join(tmpdir(), "hhml-bench-queue-"))
  const children: ChildProcess[] = []
  try {
    for (let w = 0; w < workers; w++) children.push(await startWorker(target, dataDir))
    context.log(`queue: a sweep of ${size.members} members × ${size.cycles} cycles on ${workers} worker process${workers === 1 ? "" : "es"}`)
    // A sweep takes seconds: one untimed sweep sizes nothing, so skip warm-up and keep repeats few.
    const timing = await measure(
      async (sweeps) => {
        for (let s = 0; s < sweeps; s++) await runSweep(target, dataDir, size)
      },
      { ...context.settings, warmup: 0, repeats: Math.min(context.settings.repeats, 3) },
    )
    return {
      case: "simulate sweep on hhml worker processes",
      sizes: { members: size.members, cycles: size.cycles, nodes: size.nu * size.nv },
      kernel: "js",
      backend: null,
      // Worker processes: the speed-up column compares two workers with one.
      threads: workers,
      unit: "member",
      itemsPerOp: size.members,
      timing,
    }
  } finally {
    await Promise.all(children.map(stopWorker))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Runs `node -e script` to completion. */
const runNode = (script: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" })
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`node -e exited with status ${code}`))))
  })

/**
 * The reference for the sweep's speed-up: a fixed CPU-bound loop split over 1 or 2 processes, measured in
 * the same run. On an idle 2-core machine two processes take half the time; where other jobs hold a core,
 * the sweep cannot scale better than this.
 */
const splitLoop = async (processes: number, size: Size, context: BenchContext): Promise<Result> => {
  const share = Math.round(size.loop / processes)
  const script = `let x = 0; for (let i = 0; i < ${share}; i++) x += Math.sqrt(i); if (!(x > 0)) process.exit(1)`
  context.log(`queue: reference: ${size.loop} square roots split over ${processes} process${processes === 1 ? "" : "es"}`)
  const timing = await measure(
    async (times) => {
      for (let t = 0; t < times; t++) await Promise.all(Array.from({ length: processes }, () => runNode(script)))
    },
    { ...context.settings, warmup: 0, repeats: Math.min(context.settings.repeats, 3) },
  )
  return { case: "reference: CPU-bound loop split over processes", sizes: { squareRoots: size.loop }, kernel: "js", backend: null, threads: processes, unit: "loop", itemsPerOp: 1, timing }
}

export const queue: Benchmark = {
  name: "queue",
  description: "sweep job queue on a private redis-server: trivial jobs/s (queue overhead); a real sweep on 1 vs 2 hhml worker processes",
  run: async (context) => {
    if (findProgram("redis-server") === null) {
      context.log("queue: skipped: redis-server is not installed (apt-get install redis-server)")
      return []
    }
    const size = context.quick ? sizes.quick : sizes.full
    const redis = await startLocalRedis()
    try {
      const target = Effect.runSync(queueTarget({ queue: redis.url, queueName: "bench-sweeps" }, {}))
      const results: Result[] = []
      for (const concurrency of size.concurrency) results.push(await trivialJobs(target, concurrency, context))
      for (const workers of [1, 2]) results.push(await sweepScaling(target, workers, size, context))
      for (const processes of [1, 2]) results.push(await splitLoop(processes, size, context))
      return results
    } finally {
      await redis.stop()
    }
  },
}
