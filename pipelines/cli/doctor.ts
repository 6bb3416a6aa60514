/**
 * `hhml doctor`: what this machine offers HHmL (Node, cores, memory, GPUs, the
 * tfjs backends and the one `auto` would choose, optional system programs) and
 * the hardware tier it falls in (configs/hardware.yaml) with that tier's sizes
 * as ready `hhml run` commands.
 */
import { accessSync, constants } from "node:fs"
import { cpus, freemem, totalmem } from "node:os"
import { delimiter, join } from "node:path"
import { Effect, Either } from "effect"
import { type BackendProbe, type ChosenBackend, initBackend, probeBackends } from "../../stages/compute/backend.js"
import { type Hardware, detectHardware } from "../../stages/compute/hardware.js"
import { errorMessage } from "../../stages/stage.js"
import { type HardwareMode, type HardwareTier, describeMinimum, loadHardwareTiers, selectTier, tierCommands } from "../config/hardware-tiers.js"
import { formatBytes } from "../memory-estimate.js"
import { hhmlVersion } from "../project.js"
import { pipelines } from "../registry.js"
import { configsDir } from "./run-command.js"

/** System programs some features use, and what for. */
export const optionalPrograms: ReadonlyArray<{ readonly name: string; readonly purpose: string }> = [
  { name: "chromium", purpose: "dashboard browser test, PDF reports without LaTeX" },
  { name: "pdflatex", purpose: "PDF whitepapers" },
  { name: "pdftoppm", purpose: "rendering report pages to PNG" },
  { name: "redis-server", purpose: "distributed sweeps (job queue)" },
  { name: "docker", purpose: "container images" },
  { name: "nvidia-smi", purpose: "CUDA GPUs" },
]

/** The absolute path of an executable on PATH, or null. */
export const findProgram = (name: string, path = process.env.PATH ?? ""): string | null => {
  for (const dir of path.split(delimiter)) {
    if (dir === "") continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return null
}

/** The tier this machine falls in, with its sizes as commands; null below the smallest tier. */
export interface TierReport {
  readonly file: string
  readonly tier: (HardwareTier & { readonly commands: ReturnType<typeof tierCommands> }) | null
  /** The smallest tier, for the message of a machine below it. */
  readonly smallest: HardwareTier | null
  /** Whether the GPU counted: the tensorflow-gpu backend loads (or backends were not probed). */
  readonly gpuCounted: boolean
}

export interface DoctorReport {
  readonly hhml: string
  readonly node: string
  readonly platform: string
  readonly cpu: { readonly model: string; readonly cores: number }
  readonly memory: { readonly totalBytes: number; readonly freeBytes: number }
  readonly hardware: Hardware
  /** Empty when backends were not probed (--no-backends). */
  readonly backends: readonly BackendProbe[]
  readonly chosenBackend: ChosenBackend | { readonly error: string }
  readonly tier: TierReport | { readonly error: string }
  readonly programs: ReadonlyArray<{ readonly name: string; readonly purpose: string; readonly path: string | null }>
}

export const hardwareTiersFile = join(configsDir, "hardware.yaml")

const tierReport = async (hardware: Hardware, gpuCounted: boolean): Promise<TierReport | { error: string }> => {
  const loaded = await Effect.runPromise(Effect.either(loadHardwareTiers({ file: hardwareTiersFile, configsDir, pipelines })))
  return Either.match(loaded, {
    onLeft: (error) => ({ error: error.message }),
    onRight: (tiers) => {
      const tier = selectTier(tiers, hardware, gpuCounted)
      return { file: hardwareTiersFile, tier: tier === null ? null : { ...tier, commands: tierCommands(tier) }, smallest: tiers.tiers[0] ?? null, gpuCounted }
    },
  })
}

export interface DoctorOptions {
  /** Load the tfjs backends (slow; on a GPU it initialises CUDA). */
  readonly backends: boolean
}

export const doctorReport = async (options: DoctorOptions = { backends: true }): Promise<DoctorReport> => {
  const backends = options.backends ? await probeBackends() : []
  const chosenBackend = options.backends
    ? await initBackend("auto").catch((error: unknown) => ({ error: errorMessage(error) }))
    : { error: "not probed (--no-backends)" }
  const hardware = await detectHardware()
  const gpuCounted = !options.backends || backends.some((b) => b.name === "tensorflow-gpu" && b.available)
  return {
    hhml: hhmlVersion,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: { model: cpus()[0]?.model ?? "unknown", cores: cpus().length },
    memory: { totalBytes: totalmem(), freeBytes: freemem() },
    hardware,
    backends,
    chosenBackend,
    tier: await tierReport(hardware, gpuCounted),
    programs: optionalPrograms.map((program) => ({ ...program, path: findProgram(program.name) })),
  }
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`

const gpuLines = (hardware: Hardware): string[] =>
  hardware.gpus.length === 0
    ? [`gpu       none (${hardware.gpuDetail})`]
    : hardware.gpus.map((gpu, i) => `gpu ${i}     ${gpu.name}, ${formatBytes(gpu.totalBytes)} total, ${formatBytes(gpu.freeBytes)} free`)

const modeWidth = Math.max(...(["benchmark", "training", "production"] satisfies HardwareMode[]).map((mode) => mode.length))

const tierLines = (report: DoctorReport["tier"], hardware: Hardware): string[] => {
  if ("error" in report) return ["hardware tier: configs/hardware.yaml is invalid", `  ${report.error.replaceAll("\n", "\n  ")}`]
  const gpuNote = report.gpuCounted || hardware.gpus.length === 0 ? "" : " (GPU not counted: the tensorflow-gpu backend does not load)"
  if (report.tier === null) {
    const needs = report.smallest === null ? "" : `; the smallest, ${report.smallest.name}, needs ${describeMinimum(report.smallest)}`
    return [`hardware tier: none, this machine is below every tier in ${report.file}${needs}${gpuNote}`]
  }
  const tier = report.tier
  return [
    `hardware tier: ${tier.name} (${tier.description}; needs ${describeMinimum(tier)})${gpuNote}`,
    "  its sizes, to run as they are or with more --set (docs/deployment/hardware.md):",
    ...tier.commands.map(({ mode, command }) => `  ${mode.padEnd(modeWidth)}  ${command}`),
  ]
}

const containerLimit = (report: DoctorReport): string =>
  report.hardware.ramBytes < report.memory.totalBytes ? `, container limit ${gib(report.hardware.ramBytes)}` : ""

export const formatDoctorReport = (report: DoctorReport): string => {
  const chosen = "error" in report.chosenBackend ? `none (${report.chosenBackend.error})` : report.chosenBackend.name
  const lines = [
    `hhml      ${report.hhml}`,
    `node      ${report.node} (${report.platform})`,
    `cpu       ${report.cpu.cores} cores, ${report.cpu.model}`,
    `memory    ${gib(report.memory.totalBytes)} total, ${gib(report.memory.freeBytes)} free${containerLimit(report)}`,
    ...gpuLines(report.hardware),
    "",
    "tfjs backends (for kernel: tfjs)",
    ...report.backends.map((b) => `  ${b.available ? "yes" : "no "}  ${b.name.padEnd(15)} ${b.package.padEnd(30)} ${b.detail}`),
    `  chosen by "auto": ${chosen}`,
    "",
    ...tierLines(report.tier, report.hardware),
    "",
    "optional programs",
    ...report.programs.map((p) => `  ${p.path ? "yes" : "no "}  ${p.name.padEnd(13)} ${(p.path ?? "not found").padEnd(28)} ${p.purpose}`),
  ]
  return lines.join("\n")
}

/** Runs `hhml doctor`; exit status 2 when configs/hardware.yaml is invalid. */
export const doctorCommand = async (options: DoctorOptions & { readonly json?: boolean }): Promise<number> => {
  const report = await doctorReport(options)
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report)}\n`)
  return "error" in report.tier ? 2 : 0
}
