/**
 * The benchmark harness: timing (a calibrated batch of operations, warm-up,
 * median of repeats), the machine description, the printed table and the
 * JSON record. Benchmarks only describe cases; everything they report goes
 * through here, so every result file has the same shape.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { availableParallelism, cpus, release, totalmem, type } from "node:os"
import { join } from "node:path"
import * as tf from "@tensorflow/tfjs"
import type { BackendProbe } from "../stages/compute/backend.js"
import { createWorkerPool, type WorkerPool } from "../stages/compute/parallel.js"

export interface MeasureSettings {
  /** Untimed batches before the timed ones (JIT, caches, lazily built tables). */
  readonly warmup: number
  /** Timed batches; the reported time is their median. */
  readonly repeats: number
  /** A batch runs enough operations to take about this long. */
  readonly targetMs: number
}

export const defaultSettings: MeasureSettings = { warmup: 1, repeats: 7, targetMs: 100 }
export const quickSettings: MeasureSettings = { warmup: 1, repeats: 3, targetMs: 5 }

/** Runs `iterations` operations back to back; may end with a download so that asynchronous backends are timed to completion. */
export type Runner = (iterations: number) => void | Promise<void>

export interface Timing {
  /** Operations per timed batch. */
  readonly iterations: number
  /** Milliseconds per operation, one per timed batch. */
  readonly samplesMs: readonly number[]
  readonly medianMs: number
  readonly minMs: number
  readonly maxMs: number
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const timeBatch = async (run: Runner, iterations: number): Promise<number> => {
  const start = performance.now()
  await run(iterations)
  return (performance.now() - start) / iterations
}

/** Operations per batch so that one batch takes about targetMs, from the time of one. */
const batchSize = (perOpMs: number, targetMs: number): number => Math.max(1, Math.ceil(targetMs / Math.max(perOpMs, 1e-4)))

export const measure = async (run: Runner, settings: MeasureSettings): Promise<Timing> => {
  let iterations = batchSize(await timeBatch(run, 1), settings.targetMs)
  // The batch size is recalibrated after each warm-up: the first single operation includes compilation.
  for (let w = 0; w < settings.warmup; w++) iterations = batchSize(await timeBatch(run, iterations), settings.targetMs)
  const samplesMs: number[] = []
  for (let r = 0; r < settings.repeats; r++) samplesMs.push(await timeBatch(run, iterations))
  return { iterations, samplesMs, medianMs: median(samplesMs), minMs: Math.min(...samplesMs), maxMs: Math.max(...samplesMs) }
}

/** One measured case of a benchmark. */
export interface Result {
  /** What is measured, e.g. "rk4 cgle" or "G = K C". */
  readonly case: string
  readonly sizes: Readonly<Record<string, number>>
  readonly kernel: "js" | "tfjs"
  /** The tfjs backend, null for js kernels. */
  readonly backend: string | null
  /** Threads a js kernel runs on (1: serial), null for tfjs. */
  readonly threads: number | null
  /** What one rate item is: "step", "call", "cycle". */
  readonly unit: string
  /** Items per timed operation (e.g. the cycles of one pipeline run). */
  readonly itemsPerOp: number
  readonly timing: Timing
}

export interface BenchContext {
  readonly quick: boolean
  readonly settings: MeasureSettings
  /** The tfjs backends this machine can run, best first. */
  readonly backends: readonly BackendProbe["name"][]
  /** Progress notes, to stderr so that stdout holds only the tables. */
  readonly log: (line: string) => void
}

export interface Benchmark {
  readonly name: string
  readonly description: string
  readonly run: (context: BenchContext) => Promise<readonly Result[]>
}

/** Runs `body` with a worker pool on every available core and closes the pool afterwards. */
export const withPool = async <T>(body: (pool: WorkerPool) => Promise<T>): Promise<T> => {
  const pool = await createWorkerPool()
  try {
    return await body(pool)
  } finally {
    await pool.close()
  }
}

export interface Machine {
  readonly node: string
  readonly v8: string
  readonly platform: string
  readonly arch: string
  readonly os: string
  readonly cpu: string
  /** Available parallelism: the threads a pool gets by default. */
  readonly cores: number
  readonly logicalCpus: number
  readonly memoryBytes: number
  readonly tfjs: string
}

export const machine = (): Machine => ({
  node: process.version,
  v8: process.versions.v8,
  platform: process.platform,
  arch: process.arch,
  os: `${type()} ${release()}`,
  cpu: cpus()[0]?.model.trim() ?? "unknown",
  cores: availableParallelism(),
  logicalCpus: cpus().length,
  memoryBytes: totalmem(),
  tfjs: tf.version_core,
})

export const describeMachine = (m: Machine): string =>
  `${m.cpu}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${m.platform}-${m.arch}, Node ${m.node}, tfjs ${m.tfjs}`

const formatTime = (ms: number): string => {
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`
  if (ms < 1000) return `${ms.toPrecision(3)} ms`
  return `${(ms / 1000).toPrecision(3)} s`
}

const formatRate = (perSecond: number): string =>
  perSecond >= 100 ? Math.round(perSecond).toLocaleString("en-US") : perSecond.toPrecision(3)

const rate = (result: Result): number => (1000 * result.itemsPerOp) / result.timing.medianMs

/** The serial js result of the same case and sizes: the reference for speed-ups. */
const serialOf = (result: Result, all: readonly Result[]): Result | undefined =>
  all.find(
    (other) =>
      other.kernel === "js" && other.threads === 1 && other.case === result.case && JSON.stringify(other.sizes) === JSON.stringify(result.sizes),
  )

const speedup = (result: Result, all: readonly Result[]): number | null => {
  const serial = serialOf(result, all)
  return serial === undefined ? null : serial.timing.medianMs / result.timing.medianMs
}

const formatSizes = (sizes: Readonly<Record<string, number>>): string =>
  Object.entries(sizes)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ")

/** The results as an aligned text table, one row per case. */
export const formatTable = (results: readonly Result[]): string => {
  const header = ["case", "sizes", "kernel", "backend", "threads", "time/op", "rate", "min–max/op", "vs js serial"]
  const rows = results.map((r) => {
    const up = speedup(r, results)
    return [
      r.case,
      formatSizes(r.sizes),
      r.kernel,
      r.backend ?? "-",
      r.threads === null ? "-" : String(r.threads),
      formatTime(r.timing.medianMs),
      `${formatRate(rate(r))} ${r.unit}/s`,
      `${formatTime(r.timing.minMs)} – ${formatTime(r.timing.maxMs)}`,
      up === null ? "" : `${up.toFixed(2)}×`,
    ]
  })
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")
}

export interface Report {
  readonly benchmark: Benchmark
  readonly results: readonly Result[]
  readonly startedAt: Date
  readonly quick: boolean
  readonly settings: MeasureSettings
  readonly machine: Machine
  readonly backends: readonly BackendProbe[]
}

/** `<directory>/<name>-<timestamp>.json`; returns its path. */
export const writeReport = (directory: string, report: Report): string => {
  mkdirSync(directory, { recursive: true })
  const stamp = report.startedAt.toISOString().replace(/[:.]/g, "-")
  const path = join(directory, `${report.benchmark.name}-${stamp}.json`)
  const record = {
    benchmark: report.benchmark.name,
    description: report.benchmark.description,
    startedAt: report.startedAt.toISOString(),
    quick: report.quick,
    settings: report.settings,
    machine: report.machine,
    backends: report.backends,
    results: report.results.map((r) => ({
      case: r.case,
      sizes: r.sizes,
      kernel: r.kernel,
      backend: r.backend,
      threads: r.threads,
      unit: r.unit,
      itemsPerOp: r.itemsPerOp,
      msPerOp: { median: r.timing.medianMs, min: r.timing.minMs, max: r.timing.maxMs },
      itemsPerSecond: rate(r),
      speedupVsJsSerial: speedup(r, report.results),
      iterations: r.timing.iterations,
      samplesMs: r.timing.samplesMs,
    })),
  }
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`)
  return path
}
