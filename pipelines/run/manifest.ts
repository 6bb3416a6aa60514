/**
 * The run manifest (`manifest.json`): what ran, with which config, seed,
 * software and hardware, when, and how it ended.
 */
import { createHash } from "node:crypto"
import { cpus, hostname, totalmem } from "node:os"
import { hhmlVersion, packageVersion, recordedPackages } from "../project.js"

export const manifestVersion = 1

export type RunStatus = "running" | "completed" | "interrupted" | "failed"

export interface ComputeInfo {
  /** Which op implementation ran: typed-array loops or TensorFlow.js. */
  readonly kernel: string
  /** The tfjs backend chosen (tensorflow-gpu, tensorflow, wasm, cpu). */
  readonly backend: string
}

export interface Manifest {
  readonly manifestVersion: number
  readonly runId: string
  readonly pipeline: string
  /** SHA-256 of the resolved config in canonical JSON (sorted keys). */
  readonly configHash: string
  readonly seed: number
  /** The command line that started the run. */
  readonly command: readonly string[]
  readonly versions: {
    readonly hhml: string
    readonly node: string
    readonly packages: Readonly<Record<string, string>>
  }
  readonly compute: ComputeInfo
  readonly host: {
    readonly hostname: string
    readonly platform: string
    readonly arch: string
    readonly cpuModel: string
    readonly cores: number
    readonly memoryBytes: number
  }
  readonly startedAt: string
  readonly endedAt: string | null
  readonly status: RunStatus
  readonly cyclesCompleted: number
  /** Why a run failed or was interrupted. */
  readonly reason?: string
  /** Each time the run was resumed: when, and from which checkpoint cycle (-1: from the start). */
  readonly resumes?: ReadonlyArray<{ readonly at: string; readonly fromCycle: number }>
}

/** JSON with object keys sorted, so equal configs hash equally whatever their key order. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )

export const configHash = (config: unknown): string => createHash("sha256").update(canonicalJson(config)).digest("hex")

export const newManifest = (fields: {
  readonly runId: string
  readonly pipeline: string
  readonly config: unknown
  readonly seed: number
  readonly compute: ComputeInfo
  readonly command: readonly string[]
  readonly now: Date
}): Manifest => ({
  manifestVersion,
  runId: fields.runId,
  pipeline: fields.pipeline,
  configHash: configHash(fields.config),
  seed: fields.seed,
  command: fields.command,
  versions: {
    hhml: hhmlVersion,
    node: process.version,
    packages: Object.fromEntries(recordedPackages.map((name) => [name, packageVersion(name)])),
  },
  compute: fields.compute,
  host: {
    hostname: hostname(),
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryBytes: totalmem(),
  },
  startedAt: fields.now.toISOString(),
  endedAt: null,
  status: "running",
  cyclesCompleted: 0,
})
