/**
 * Compute backends: which TensorFlow.js backends this machine has, and the
 * choice of one for the `tfjs` kernels.
 *
 * Preference order for `auto`: native TensorFlow on CUDA (tfjs-node-gpu), native
 * TensorFlow on CPU (tfjs-node), WebAssembly, plain JavaScript. The native
 * packages download libtensorflow when installed, so they are optional; where
 * they are missing the wasm or cpu backend runs the same kernels.
 */
import * as tf from "@tensorflow/tfjs"

export const kernelNames = ["js", "tfjs"] as const
/** Which implementation of an op runs: typed-array loops, or TensorFlow.js tensors. */
export type KernelName = (typeof kernelNames)[number]

export const backendPreferences = ["auto", "tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const
export type BackendPreference = (typeof backendPreferences)[number]

export interface BackendProbe {
  readonly name: Exclude<BackendPreference, "auto">
  /** The npm package that provides it. */
  readonly package: string
  readonly available: boolean
  /** Why it is missing, or what it runs on. */
  readonly detail: string
}

interface Candidate {
  readonly name: BackendProbe["name"]
  readonly package: string
  /** The tfjs backend name the package registers. */
  readonly registers: string
  readonly load: () => Promise<unknown>
}

// Specifiers are held in variables so the optional packages are not resolved at build time.
const optionalImport = (specifier: string) => import(specifier)

const candidates: readonly Candidate[] = [
  {
    name: "tensorflow-gpu",
    package: "@tensorflow/tfjs-node-gpu",
    registers: "tensorflow",
    load: () => optionalImport("@tensorflow/tfjs-node-gpu"),
  },
  {
    name: "tensorflow",
    package: "@tensorflow/tfjs-node",
    registers: "tensorflow",
    load: () => optionalImport("@tensorflow/tfjs-node"),
  },
  {
    name: "wasm",
    package: "@tensorflow/tfjs-backend-wasm",
    registers: "wasm",
    load: () => import("@tensorflow/tfjs-backend-wasm"),
  },
  { name: "cpu", package: "@tensorflow/tfjs", registers: "cpu", load: async () => undefined },
]

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? ""

const probeOne = async (candidate: Candidate): Promise<BackendProbe> => {
  try {
    await candidate.load()
    return { name: candidate.name, package: candidate.package, available: true, detail: "loaded" }
  } catch (error) {
    const missing = (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND"
    return {
      name: candidate.name,
      package: candidate.package,
      available: false,
      detail: missing ? `not installed (npm install ${candidate.package})` : `failed to load: ${firstLine(error)}`,
    }
  }
}

/** Loads every candidate package it can and reports which are usable. */
export const probeBackends = async (): Promise<readonly BackendProbe[]> => {
  const probes: BackendProbe[] = []
  // Sequential: the two native packages register the same backend name, GPU first.
  for (const candidate of candidates) probes.push(await probeOne(candidate))
  return probes
}

export interface ChosenBackend {
  readonly name: BackendProbe["name"]
  readonly package: string
  /** The tfjs backend actually active after initialisation. */
  readonly tfjsBackend: string
}

/**
 * Initialises TensorFlow.js with the preferred backend (or the best available
 * for `auto`). Fails with a message naming the backend and why when an
 * explicitly requested backend cannot be used.
 */
export const initBackend = async (preference: BackendPreference): Promise<ChosenBackend> => {
  const wanted = preference === "auto" ? candidates : candidates.filter((c) => c.name === preference)
  const reasons: string[] = []
  for (const candidate of wanted) {
    const probe = await probeOne(candidate)
    if (!probe.available) {
      reasons.push(`${candidate.name}: ${probe.detail}`)
      continue
    }
    if (await tf.setBackend(candidate.registers)) {
      await tf.ready()
      return { name: candidate.name, package: candidate.package, tfjsBackend: tf.getBackend() }
    }
    reasons.push(`${candidate.name}: tf.setBackend("${candidate.registers}") returned false`)
  }
  throw new Error(`backend "${preference}" cannot be used (${reasons.join("; ")})`)
}
