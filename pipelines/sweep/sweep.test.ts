/**
 * Sweeps on a real job queue, as users run them: a private redis-server with
 * a password, `hhml sweep` and `hhml worker` as separate processes.
 *
 * - A worker killed with SIGKILL mid-member: another worker takes the job
 *   over and resumes the member from its newest checkpoint; the sweep's
 *   dataset ends with every cycle of every member exactly once.
 * - A poison member (a config the schema accepts that fails at run time) is
 *   failed after its attempts with its error recorded; a job that is not a
 *   member at all is failed at once; the other members complete.
 * - SIGTERM returns a running member to the queue without spending an
 *   attempt, and the next worker resumes it.
 * - A worker starved of CPU past its lock stops the member it lost, and the
 *   member still ends with every cycle once.
 * - A bad value fails `hhml sweep` with exit 2 before anything is queued.
 * - The password never appears in output, files or job payloads.
 */
import { existsSync } from "node:fs"
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { Queue } from "bullmq"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { display, resolveConfigFile } from "../cli/run-command.js"
import { type HhmlProcess, finished, startHhml } from "../cli/testing.js"
import { runQuery } from "../results/query.js"
import { openResults } from "../results/results-database.js"
import { checkpointsDirectory } from "../run/checkpoints.js"
import type { Manifest } from "../run/manifest.js"
import { simulate } from "../simulate.js"
import { type JobRecord, jobId, memberJobs, openQueue } from "./jobs.js"
import { type LocalRedis, findProgram, startLocalRedis } from "./local-redis.js"
import { type QueueTarget, passwordVariable, queueTarget, redisOptions } from "./queue-connection.js"
import { memberDirectory, sweepDirectory } from "./sweep-directory.js"
import { startSweepWorker } from "./sweep-worker.js"
import { planSweep, queueSweep } from "./submit.js"

const secret = "s3cret-Queue-Passw0rd"
const env = { [passwordVariable]: secret }
/**
 * Locks short enough that a killed worker's job is taken over in seconds, long enough that a worker
 * starved of CPU by a busy machine still renews its lock (every half of it).
 */
const lockMs = "8000"
/** A small lattice: about a millisecond per cycle. */
const small = ["--set", "lattice.nu=32", "--set", "lattice.nv=8", "--set", "snapshots.every=0", "--set", "run.checkpointEvery=100"]

/** Every command runs with the queue's password in its environment, as a user's shell would have it. */
const start = (args: readonly string[]): HhmlProcess => startHhml(args, { env })
const hhml = (...args: string[]) => finished(start(args))

const until = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 90_000) => {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const redisServer = findProgram("redis-server")
if (redisServer === null) console.warn("sweep.test.ts: skipping the job queue tests: redis-server is not installed (apt-get install redis-server)")

describe.skipIf(redisServer === null)("sweeps on a redis-server job queue", () => {
  let redis: LocalRedis
  let target: QueueTarget
  const workers: HhmlProcess[] = []
  const outputs: string[] = []
  const dataDirs: string[] = []
  const newDataDir = async (name: string) => {
    const dir = await mkdtemp(join(tmpdir(), `hhml-sweep-${name}-`))
    dataDirs.push(dir)
    return dir
  }

  beforeAll(async () => {
    redis = await startLocalRedis({ password: secret })
    target = Effect.runSync(queueTarget({ queue: redis.url }, env))
  })

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL")
    await redis?.stop()
  })

  const startWorker = async (dataDir: string, url = redis.url) => {
    const worker = start(["worker", "--queue", url, "--data-dir", dataDir, "--lock-ms", lockMs, "--stalled-interval-ms", "1000"])
    workers.push(worker)
    await until("a worker to connect", () => worker.output().includes("waiting for sweep members"))
    return worker
  }

  const stopWorker = async (worker: HhmlProcess) => {
    worker.child.kill("SIGTERM")
    const { code } = await worker.exited
    outputs.push(worker.output())
    return code
  }

  const sweep = async (dataDir: string, ...args: string[]) => {
    const result = await hhml("sweep", "simulate", ...small, "--queue", redis.url, "--data-dir", dataDir, ...args)
    outputs.push(result.output)
    const id = /^Sweep (\S+):/m.exec(result.output)?.[1]
    return { ...result, id: id ?? "" }
  }

  const jobsOf = (sweepId: string, members: readonly number[]): Promise<ReadonlyArray<JobRecord | null>> =>
    Effect.runPromise(Effect.scoped(Effect.flatMap(openQueue(target), (queue) => memberJobs(queue, target, sweepId, members))))

  const finished = async (sweepId: string, members: readonly number[]) =>
    (await jobsOf(sweepId, members)).every((job) => job !== null && (job.state === "completed" || job.state === "failed"))

  const manifestOf = async (dataDir: string, sweepId: string, member: number): Promise<Manifest> => {
    const path = memberDirectory(dataDir, sweepId, member)
    const [run] = await readdir(path)
    return JSON.parse(await readFile(join(path, run!, "manifest.json"), "utf8")) as Manifest
  }

  const checkpointsOf = async (dataDir: string, sweepId: string, member: number): Promise<number[]> => {
    const path = memberDirectory(dataDir, sweepId, member)
    const runs = existsSync(path) ? await readdir(path) : []
    const names = runs.length === 0 ? [] : await readdir(checkpointsDirectory(join(path, runs[0]!))).catch(() => [] as string[])
    return names.flatMap((name) => (/^checkpoint-(\d+)\.json$/.exec(name) === null ? [] : [Number(/\d+/.exec(name)![0])]))
  }

  /** Rows and distinct (member, cycle) pairs of a sweep's metrics, read as one Hive-partitioned Parquet dataset. */
  const metricsOf = async (dataDir: string, sweepId: string) => {
    const connection = await (await DuckDBInstance.create(":memory:")).connect()
    try {
      const glob = join(sweepDirectory(dataDir, sweepId), "*", "*", "metrics", "*.parquet")
      const reader = await connection.runAndReadAll(
        `SELECT count(*) AS n, count(DISTINCT (member, cycle)) AS pairs, count(DISTINCT member) AS members, min(cycle) AS first, max(cycle) AS last ` +
          `FROM read_parquet('${glob}', hive_partitioning = true)`,
      )
      return Object.fromEntries(Object.entries(reader.getRowObjectsJson()[0]!).map(([k, v]) => [k, Number(v)]))
    } finally {
      connection.closeSync()
    }
  }

  it("resumes a member whose worker was killed (SIGKILL) on another worker: every cycle of every member exactly once", async () => {
    const dataDir = await newDataDir("kill")
    const cycles = 3000
    const pair = [await startWorker(dataDir), await startWorker(dataDir)]
    const queued = await sweep(dataDir, "--seeds", "3", "--set", `run.cycles=${cycles}`)
    expect(queued.code, queued.output).toBe(0)
    const members = [0, 1, 2]

    // The first worker to start a member is killed once that member has a checkpoint on disk.
    let victim: { worker: HhmlProcess; member: number; checkpoint: number } | undefined
    await until("a member with a checkpoint", async () => {
      for (const worker of pair) {
        const started = /member (\d+) \(attempt 1\): starting run/.exec(worker.output())
        const checkpoints = started === null ? [] : await checkpointsOf(dataDir, queued.id, Number(started[1]))
        if (started !== null && checkpoints.length > 0) victim = { worker, member: Number(started[1]), checkpoint: Math.max(...checkpoints) }
      }
      return victim !== undefined
    })
    victim!.worker.child.kill("SIGKILL")
    expect((await victim!.worker.exited).signal).toBe("SIGKILL")
    outputs.push(victim!.worker.output())
    const survivor = pair.find((worker) => worker !== victim!.worker)!

    await until("every member to finish", () => finished(queued.id, members))
    const jobs = await jobsOf(queued.id, members)
    expect(jobs.map((job) => job?.state)).toEqual(["completed", "completed", "completed"])
    expect(jobs[victim!.member]!.attemptsStarted).toBeGreaterThanOrEqual(2)

    // The survivor resumed the killed member from a checkpoint, not from cycle 0.
    expect(survivor.output()).toMatch(new RegExp(`member ${victim!.member} \\(attempt \\d+\\): resuming run \\S+ after checkpoint cycle \\d+`))
    const resumed = await manifestOf(dataDir, queued.id, victim!.member)
    expect(resumed).toMatchObject({ status: "completed", cyclesCompleted: cycles })
    expect(resumed.resumes?.[0]?.fromCycle).toBeGreaterThanOrEqual(victim!.checkpoint)

    // One dataset, every cycle of every member once.
    expect(await metricsOf(dataDir, queued.id)).toEqual({ n: 3 * cycles, pairs: 3 * cycles, members: 3, first: 0, last: cycles - 1 })
    // `hhml query` sees the members as runs with their sweep and member.
    const viewed = await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(openResults({ dataDir }), (database) =>
          runQuery(
            database.connection,
            `SELECT (SELECT count(*) FROM metrics WHERE sweep_id = '${queued.id}'), (SELECT count(DISTINCT (member, cycle)) FROM metrics), ` +
              `(SELECT list(member ORDER BY member) FROM runs WHERE sweep_id = '${queued.id}' AND status = 'completed')`,
          ),
        ),
      ),
    )
    expect(viewed.rows).toEqual([[3 * cycles, 3 * cycles, members]])

    const status = await hhml("sweep", "status", queued.id, "--data-dir", dataDir, "--format", "json")
    outputs.push(status.output)
    expect(status.code, status.output).toBe(0)
    expect(status.output).toContain(`Sweep ${queued.id} (simulate, 3 members): 3 completed; cycles ${3 * cycles}/${3 * cycles}`)
    const rows = JSON.parse(status.output.slice(status.output.indexOf("["))) as Array<{ member: number; state: string; attempts: number; cycles: number }>
    expect(rows.map((row) => [row.member, row.state, row.cycles])).toEqual(members.map((m) => [m, "completed", cycles]))
    expect(rows[victim!.member]!.attempts).toBeGreaterThanOrEqual(2)

    expect(await stopWorker(survivor)).toBe(143)
  }, 180_000)

  it("fails a poison member after its attempts with its error, fails a non-member job at once, and completes the rest", async () => {
    const dataDir = await newDataDir("poison")
    const queue = new Queue(target.queueName, { connection: redisOptions(target) })
    await queue.add("simulate", { not: "a member" }, { jobId: "stray-job", attempts: 3 })
    await queue.close()
    // The password in the URL too: the worker's command line goes into every manifest, and must not carry it.
    const worker = await startWorker(dataDir, redis.url.replace("redis://", `redis://:${secret}@`))
    // A torus has no boundary: boundary sources are valid config but fail when the drive is built.
    const result = await sweep(dataDir, "--grid", "lattice.geometry=mobius,torus", "--set", "drive.sources=boundary", "--set", "run.cycles=300", "--attempts", "3", "--backoff-ms", "100", "--wait")
    expect(result.code, result.output).toBe(1)
    expect(result.output).toContain(`Sweep ${result.id} (simulate, 2 members): 1 completed, 1 failed; cycles 300/600`)

    const [good, poison] = await jobsOf(result.id, [0, 1])
    expect(good).toMatchObject({ state: "completed", attemptsMade: 1 })
    expect(poison).toMatchObject({ state: "failed", attemptsMade: 3 })
    expect(poison!.failedReason).toContain("the lattice has no boundary cycles")
    const manifest = await manifestOf(dataDir, result.id, 1)
    expect(manifest.status).toBe("failed")
    expect(manifest.reason).toContain("the lattice has no boundary cycles")
    expect(manifest.resumes).toHaveLength(2)
    expect(manifest.command).toContain(redis.url.replace("redis://", "redis://:***@"))

    const reader = new Queue(target.queueName, { connection: redisOptions(target) })
    const stray = await reader.getJob("stray-job")
    expect(await stray!.getState()).toBe("failed")
    expect(stray!.attemptsMade).toBe(1)
    expect(stray!.failedReason).toContain("job stray-job is not a sweep member")
    await reader.close()
    expect(await stopWorker(worker)).toBe(143)
  }, 120_000)

  it("returns a running member to the queue on SIGTERM without spending an attempt; the next worker resumes it", async () => {
    const dataDir = await newDataDir("term")
    const cycles = 4000
    const first = await startWorker(dataDir)
    const queued = await sweep(dataDir, "--set", `run.cycles=${cycles}`)
    expect(queued.code, queued.output).toBe(0)
    await until("a checkpoint", async () => (await checkpointsOf(dataDir, queued.id, 0)).length > 0)
    expect(await stopWorker(first)).toBe(143)
    expect(first.output()).toMatch(/member 0 \(attempt \d+\): interrupted by shutdown; returned to the queue/)
    expect(await manifestOf(dataDir, queued.id, 0)).toMatchObject({ status: "interrupted" })
    const [waiting] = await jobsOf(queued.id, [0])
    expect(waiting, first.output()).toMatchObject({ state: "waiting", attemptsMade: 0 })

    const second = await startWorker(dataDir)
    await until("the member to finish", () => finished(queued.id, [0]))
    expect(second.output()).toMatch(/member 0 \(attempt \d+\): resuming run \S+ after checkpoint cycle \d+/)
    // One finished attempt: the one the shutdown interrupted was not counted.
    expect((await jobsOf(queued.id, [0]))[0]).toMatchObject({ state: "completed", attemptsMade: 1 })
    expect(await metricsOf(dataDir, queued.id)).toEqual({ n: cycles, pairs: cycles, members: 1, first: 0, last: cycles - 1 })
    expect(await stopWorker(second)).toBe(143)
  }, 120_000)

  it("keeps every cycle exactly once when a worker is starved of CPU past its lock and the job comes back to it", async () => {
    const dataDir = await newDataDir("starved")
    const logs: string[] = []
    const worker = startSweepWorker({ target, dataDir, concurrency: 1, lockMs: 1000, stalledIntervalMs: 300, maxStalls: 10, command: ["vitest"], log: (line) => logs.push(line) })
    await worker.ready
    const cycles = 3000
    const overrides = [...small.filter((_, i) => i % 2 === 1), `run.cycles=${cycles}`]
    const plan = await Effect.runPromise(planSweep(simulate, { file: display(resolveConfigFile("simulate", undefined)), overrides }, { grid: [], sample: [] }))
    const { record } = await Effect.runPromise(queueSweep(target, dataDir, plan, { attempts: 3, backoffMs: 100 }))
    await until("a checkpoint", async () => (await checkpointsOf(dataDir, record.sweepId, 0)).length > 0)
    // This process runs the worker: block its event loop for longer than the lock lasts.
    const end = Date.now() + 2500
    while (Date.now() < end) Math.sqrt(end)
    await until("the member to finish", () => finished(record.sweepId, [0]))
    await worker.shutdown()
    outputs.push(logs.join("\n"))
    expect(logs.join("\n")).toMatch(/lost the job's lock|stalled/)
    expect((await jobsOf(record.sweepId, [0]))[0]?.state).toBe("completed")
    expect(await metricsOf(dataDir, record.sweepId)).toEqual({ n: cycles, pairs: cycles, members: 1, first: 0, last: cycles - 1 })
  }, 120_000)

  it("rejects a bad value with exit 2, naming member, key and flag, before anything is queued or written", async () => {
    const dataDir = await newDataDir("bad")
    const before = await Effect.runPromise(Effect.scoped(Effect.flatMap(openQueue(target), (queue) => Effect.promise(() => queue.count()))))
    const result = await sweep(dataDir, "--grid", "dynamics.dt=0.01,2")
    expect(result.code).toBe(2)
    expect(result.output).toContain("member 1 (dynamics.dt=2): dynamics.dt: Expected a finite number > 0 and <= 1 (time), actual 2 (from --grid dynamics.dt=0.01,2)")
    expect(existsSync(join(dataDir, "sweeps"))).toBe(false)
    const after = await Effect.runPromise(Effect.scoped(Effect.flatMap(openQueue(target), (queue) => Effect.promise(() => queue.count()))))
    expect(after).toBe(before)

    const passwordFile = join(dataDir, "password")
    await writeFile(passwordFile, "wrong-password\n")
    const wrong = await hhml("sweep", "simulate", "--queue", redis.url, "--queue-password-file", passwordFile, "--data-dir", dataDir)
    outputs.push(wrong.output)
    expect(wrong.code).toBe(1)
    expect(wrong.output).toContain(`cannot reach the job queue at ${redis.url}: WRONGPASS`)
    expect(wrong.output).not.toContain("wrong-password")
    expect(existsSync(join(dataDir, "sweeps"))).toBe(false)
  }, 60_000)

  it("never shows the password: not in any output, file of the sweeps, or job payload", async () => {
    expect(outputs.length).toBeGreaterThan(5)
    for (const output of outputs) expect(output).not.toContain(secret)
    const files = (await Promise.all(dataDirs.map((dir) => readdir(dir, { recursive: true })))).flatMap((names, i) =>
      names.filter((name) => /\.(json|yaml)$/.test(name)).map((name) => join(dataDirs[i]!, name)),
    )
    expect(files.filter((file) => file.endsWith("sweep.json")).length).toBeGreaterThanOrEqual(3)
    for (const file of files) expect(await readFile(file, "utf8"), file).not.toContain(secret)
    const queue = new Queue(target.queueName, { connection: redisOptions(target) })
    const jobs = await queue.getJobs(["completed", "failed", "waiting", "delayed", "active"])
    await queue.close()
    expect(jobs.length).toBeGreaterThan(0)
    for (const job of jobs) expect(JSON.stringify(job.data)).not.toContain(secret)
    const members = jobs.filter((job) => job.id !== "stray-job")
    expect(members.every((job) => Object.keys(job.data as object).sort().join() === "config,member,pipeline,sweepId")).toBe(true)
    expect(members.map((job) => job.id)).toContain(jobId((members[0]!.data as { sweepId: string }).sweepId, 0))
  })
})
