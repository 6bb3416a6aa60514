/**
 * `hhml doctor`: what this machine offers HHmL (Node, cores, memory, the tfjs
 * backends and the one `auto` would choose, optional system programs).
 */
import { accessSync, constants } from "node:fs"
import { cpus, freemem, totalmem } from "node:os"
import { delimiter, join } from "node:path"
import { type BackendProbe, type ChosenBackend, initBackend, probeBackends } from "../../stages/compute/backend.js"
import { errorMessage } from "../../stages/stage.js"
import { hhmlVersion } from "../project.js"

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

export interface DoctorReport {
  readonly hhml: string
  readonly node: string
  readonly platform: string
  readonly cpu: { readonly model: string; readonly cores: number }
  readonly memory: { readonly totalBytes: number; readonly freeBytes: number }
  readonly backends: readonly BackendProbe[]
  readonly chosenBackend: ChosenBackend | { readonly error: string }
  readonly programs: ReadonlyArray<{ readonly name: string; readonly purpose: string; readonly path: string | null }>
}

export const doctorReport = async (): Promise<DoctorReport> => {
  const backends = await probeBackends()
  const chosenBackend = await initBackend("auto").catch((error: unknown) => ({ error: errorMessage(error) }))
  return {
    hhml: hhmlVersion,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: { model: cpus()[0]?.model ?? "unknown", cores: cpus().length },
    memory: { totalBytes: totalmem(), freeBytes: freemem() },
    backends,
    chosenBackend,
    programs: optionalPrograms.map((program) => ({ ...program, path: findProgram(program.name) })),
  }
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`

export const formatDoctorReport = (report: DoctorReport): string => {
  const chosen = "error" in report.chosenBackend ? `none (${report.chosenBackend.error})` : report.chosenBackend.name
  const lines = [
    `hhml      ${report.hhml}`,
    `node      ${report.node} (${report.platform})`,
    `cpu       ${report.cpu.cores} cores, ${report.cpu.model}`,
    `memory    ${gib(report.memory.totalBytes)} total, ${gib(report.memory.freeBytes)} free`,
    "",
    "tfjs backends (for kernel: tfjs)",
    ...report.backends.map((b) => `  ${b.available ? "yes" : "no "}  ${b.name.padEnd(15)} ${b.package.padEnd(30)} ${b.detail}`),
    `  chosen by "auto": ${chosen}`,
    "",
    "optional programs",
    ...report.programs.map((p) => `  ${p.path ? "yes" : "no "}  ${p.name.padEnd(13)} ${(p.path ?? "not found").padEnd(28)} ${p.purpose}`),
  ]
  return lines.join("\n")
}
