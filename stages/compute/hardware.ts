/**
 * The machine a run gets: CPU cores, memory (within a container's limit) and
 * NVIDIA GPUs with their memory, as `nvidia-smi` reports them. No GPU, or no
 * `nvidia-smi`, is an empty GPU list, never an error.
 */
import { execFile } from "node:child_process"
import { availableParallelism, totalmem } from "node:os"
import { promisify } from "node:util"

const execFileAsync = promisify(execFile)

export interface Gpu {
  readonly name: string
  readonly totalBytes: number
  readonly freeBytes: number
}

export interface Hardware {
  readonly cores: number
  /** Physical memory, or the container's (cgroup) limit where that is lower. */
  readonly ramBytes: number
  /** Memory the process can still allocate now, within the container's limit. */
  readonly availableRamBytes: number
  /** NVIDIA GPUs in `nvidia-smi` order; CUDA's device 0 is the first. */
  readonly gpus: readonly Gpu[]
  /** How the GPUs were found: the program's answer or why there is none. */
  readonly gpuDetail: string
}

const mib = 2 ** 20

/** The arguments of the one `nvidia-smi` query HHmL makes: name, total and free memory in MiB. */
export const nvidiaSmiQuery = ["--query-gpu=name,memory.total,memory.free", "--format=csv,noheader,nounits"] as const

/**
 * Parses `nvidia-smi --query-gpu=name,memory.total,memory.free --format=csv,noheader,nounits`:
 * one GPU a line, `NVIDIA H100 80GB HBM3, 81559, 80943` (MiB). The two numbers
 * are taken from the end, so a comma in a name does no harm.
 */
export const parseNvidiaSmi = (output: string): Gpu[] =>
  output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const fields = line.split(",").map((field) => field.trim())
      const [total, free] = fields.slice(-2).map(Number)
      if (fields.length < 3 || !Number.isFinite(total) || !Number.isFinite(free)) {
        throw new Error(`nvidia-smi: expected "name, total MiB, free MiB", got ${JSON.stringify(line)}`)
      }
      return { name: fields.slice(0, -2).join(", "), totalBytes: total! * mib, freeBytes: free! * mib }
    })

const queryGpus = async (): Promise<{ gpus: Gpu[]; detail: string }> => {
  try {
    const { stdout } = await execFileAsync("nvidia-smi", [...nvidiaSmiQuery], { timeout: 10_000 })
    const gpus = parseNvidiaSmi(stdout)
    return { gpus, detail: `nvidia-smi: ${gpus.length} GPU${gpus.length === 1 ? "" : "s"}` }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === "ENOENT" ? "nvidia-smi not found" : `nvidia-smi failed: ${(error as Error).message.split("\n")[0]}`
    return { gpus: [], detail: reason }
  }
}

/** The container's memory limit, or the physical memory when there is none (or it is larger). */
export const memoryLimit = (physical: number, constrained: number | undefined): number =>
  constrained !== undefined && constrained > 0 && constrained < physical ? constrained : physical

export const detectHardware = async (): Promise<Hardware> => {
  const { gpus, detail } = await queryGpus()
  return {
    cores: availableParallelism(),
    ramBytes: memoryLimit(totalmem(), process.constrainedMemory()),
    availableRamBytes: process.availableMemory(),
    gpus,
    gpuDetail: detail,
  }
}
