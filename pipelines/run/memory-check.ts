/**
 * The memory check before a run starts: a pipeline's estimate for its config
 * against the memory where its arrays will live. Host memory holds the runtime
 * and the js arrays, and the tensors too unless they are on the GPU
 * (tensorflow-gpu); the wasm backend's tensors also live in one WebAssembly
 * memory of at most 4 GiB.
 */
import { constants } from "node:buffer"
import { Effect } from "effect"
import type { BackendProbe, ChosenBackend } from "../../stages/compute/backend.js"
import { type Hardware, detectHardware } from "../../stages/compute/hardware.js"
import { ConfigError } from "../config/config-error.js"
import { GiB, type MemoryEstimate, formatBytes, runtimeBytes } from "../memory-estimate.js"
import type { Pipeline, PipelineConfig } from "../pipeline.js"

/** The most memory a wasm32 module can grow to; the tfjs wasm backend's heap. */
export const wasmMemoryBytes = 4 * GiB

/**
 * Where the tensors of a run live, from the backend chosen. An estimate counts
 * tensors only where the run makes them (a tfjs kernel, a train run's
 * networks, whatever the field kernel), so the backend alone places them.
 */
export type TensorPlace = "host" | "wasm" | "gpu"

export const tensorPlace = (backend: BackendProbe["name"]): TensorPlace =>
  backend === "tensorflow-gpu" ? "gpu" : backend === "wasm" ? "wasm" : "host"

/** What a run asks of each memory. */
export interface MemoryDemand {
  readonly hostBytes: number
  readonly gpuBytes: number
  readonly wasmBytes: number
}

export const memoryDemand = (estimate: MemoryEstimate, place: TensorPlace): MemoryDemand => ({
  hostBytes: runtimeBytes + estimate.hostBytes + (place === "gpu" ? 0 : estimate.tensorBytes),
  gpuBytes: place === "gpu" ? estimate.tensorBytes : 0,
  wasmBytes: place === "wasm" ? estimate.tensorBytes : 0,
})

/** What each memory offers; a null GPU limit is a GPU HHmL cannot measure (no nvidia-smi), not checked. */
export interface MemoryLimits {
  readonly hostBytes: number
  readonly gpuBytes: number | null
}

/** The memory a run can have now: available RAM (within a container's limit) and the first GPU's free memory. */
export const availableMemory = (hardware: Hardware): MemoryLimits => ({
  hostBytes: hardware.availableRamBytes,
  gpuBytes: hardware.gpus[0]?.freeBytes ?? null,
})

/** Every memory the demand exceeds, in words; empty when the run fits. */
export const memoryShortfalls = (demand: MemoryDemand, limits: MemoryLimits): string[] => {
  const shortfalls: string[] = []
  if (demand.hostBytes > limits.hostBytes) {
    shortfalls.push(`${formatBytes(demand.hostBytes)} of RAM (runtime ${formatBytes(runtimeBytes)} included), ${formatBytes(limits.hostBytes)} available`)
  }
  if (demand.wasmBytes > wasmMemoryBytes) {
    shortfalls.push(`${formatBytes(demand.wasmBytes)} of tensors in the wasm backend, whose memory stops at ${formatBytes(wasmMemoryBytes)}`)
  }
  if (limits.gpuBytes !== null && demand.gpuBytes > limits.gpuBytes) {
    shortfalls.push(`${formatBytes(demand.gpuBytes)} of GPU memory, ${formatBytes(limits.gpuBytes)} free`)
  }
  return shortfalls
}

/** The longest string V8 makes (512 MiB in Node 20): a checkpoint's JSON text must fit in one. */
export const checkpointTextLimit = constants.MAX_STRING_LENGTH

/** The checkpoint that could not be written, in words; empty when it fits in a string. */
export const checkpointShortfalls = (estimate: MemoryEstimate): string[] =>
  estimate.checkpointTextBytes !== undefined && estimate.checkpointTextBytes > checkpointTextLimit
    ? [`checkpoint of ${formatBytes(estimate.checkpointTextBytes)} of JSON text, above the ${formatBytes(checkpointTextLimit)} one JavaScript string holds`]
    : []

/** The refusal message for a run that would not fit, or null when it fits. */
export const memoryRefusal = (estimate: MemoryEstimate, place: TensorPlace, limits: MemoryLimits): string | null => {
  const shortfalls = [...memoryShortfalls(memoryDemand(estimate, place), limits), ...checkpointShortfalls(estimate)]
  if (shortfalls.length === 0) return null
  return (
    `Expected a config that fits in memory, actual an estimated ${shortfalls.join("; and ")}. ` +
    `The estimate grows with ${estimate.drivenBy.join(", ")}: lower them (hhml doctor shows sizes for this machine's tier)`
  )
}

/**
 * The pipeline's estimate, or null where it has none or cannot size this
 * config (a bad combination of values, which the run itself reports).
 */
const estimateOrNull = <C extends PipelineConfig, I>(pipeline: Pipeline<C, I>, config: C): MemoryEstimate | null => {
  try {
    return pipeline.estimateMemory?.(config) ?? null
  } catch {
    return null
  }
}

/**
 * Refuses a run whose estimate does not fit this machine now: a ConfigError
 * (exit 2) on the key that drives the estimate most, before anything is written.
 */
export const checkMemory = <C extends PipelineConfig, I>(
  pipeline: Pipeline<C, I>,
  config: C,
  backend: ChosenBackend,
  file: string,
): Effect.Effect<void, ConfigError> =>
  Effect.gen(function* () {
    const estimate = estimateOrNull(pipeline, config)
    if (estimate === null) return
    const hardware = yield* Effect.promise(detectHardware)
    const refusal = memoryRefusal(estimate, tensorPlace(backend.name), availableMemory(hardware))
    if (refusal !== null) yield* Effect.fail(new ConfigError({ file, issues: [{ path: estimate.drivenBy[0] ?? "", message: refusal }] }))
  })
