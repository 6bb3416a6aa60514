import { execFile } from "node:child_process"
import { chmod, mkdtemp, writeFile } from "node:fs/promises"
import { availableParallelism, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { detectHardware, memoryLimit, nvidiaSmiQuery, parseNvidiaSmi } from "./hardware.js"

const mib = 2 ** 20

describe("parseNvidiaSmi", () => {
  it("reads name, total and free memory (MiB) of each GPU", () => {
    const output = "NVIDIA H100 80GB HBM3, 81559, 80943\nNVIDIA A100-SXM4-40GB, 40960, 1024\n"
    expect(parseNvidiaSmi(output)).toEqual([
      { name: "NVIDIA H100 80GB HBM3", totalBytes: 81559 * mib, freeBytes: 80943 * mib },
      { name: "NVIDIA A100-SXM4-40GB", totalBytes: 40960 * mib, freeBytes: 1024 * mib },
    ])
  })

  it("keeps a comma in a name, reads no GPU from empty output and refuses a line it cannot read", () => {
    expect(parseNvidiaSmi("Tesla, the card, 16160, 16000\n")).toEqual([{ name: "Tesla, the card", totalBytes: 16160 * mib, freeBytes: 16000 * mib }])
    expect(parseNvidiaSmi("\n")).toEqual([])
    expect(() => parseNvidiaSmi("NVIDIA H100, [N/A], 12")).toThrow('nvidia-smi: expected "name, total MiB, free MiB", got "NVIDIA H100, [N/A], 12"')
  })
})

describe("memoryLimit", () => {
  it("is the container's limit where it is below the physical memory", () => {
    expect(memoryLimit(64 * 2 ** 30, 8 * 2 ** 30)).toBe(8 * 2 ** 30)
    expect(memoryLimit(64 * 2 ** 30, 0)).toBe(64 * 2 ** 30)
    expect(memoryLimit(64 * 2 ** 30, undefined)).toBe(64 * 2 ** 30)
    // cgroup v1 reports "no limit" as a huge number.
    expect(memoryLimit(64 * 2 ** 30, 2 ** 63)).toBe(64 * 2 ** 30)
  })
})

describe("detectHardware", () => {
  const withPath = async <A>(path: string, f: () => Promise<A>): Promise<A> => {
    const saved = process.env.PATH
    process.env.PATH = path
    try {
      return await f()
    } finally {
      process.env.PATH = saved
    }
  }

  it("reads cores and memory from the operating system, and no GPU without nvidia-smi", async () => {
    const empty = await mkdtemp(join(tmpdir(), "hhml-no-gpu-"))
    const hardware = await withPath(empty, detectHardware)
    expect(hardware.cores).toBe(availableParallelism())
    expect(hardware.ramBytes).toBeLessThanOrEqual(totalmem())
    expect(hardware.availableRamBytes).toBeGreaterThan(0)
    expect(hardware.gpus).toEqual([])
    expect(hardware.gpuDetail).toBe("nvidia-smi not found")
  })

  it("asks nvidia-smi for name, total and free memory, and reports it failing", async () => {
    const bin = await mkdtemp(join(tmpdir(), "hhml-gpu-"))
    const smi = join(bin, "nvidia-smi")
    // The stub answers only the exact query HHmL makes.
    await writeFile(smi, `#!/bin/sh\n[ "$*" = "${nvidiaSmiQuery.join(" ")}" ] || exit 9\necho "NVIDIA H200, 143771, 143000"\n`)
    await chmod(smi, 0o755)
    const hardware = await withPath(`${bin}:/usr/bin:/bin`, detectHardware)
    expect(hardware.gpus).toEqual([{ name: "NVIDIA H200", totalBytes: 143771 * mib, freeBytes: 143000 * mib }])
    expect(hardware.gpuDetail).toBe("nvidia-smi: 1 GPU")

    await writeFile(smi, "#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.' >&2\nexit 9\n")
    const failing = await withPath(`${bin}:/usr/bin:/bin`, detectHardware)
    expect(failing.gpus).toEqual([])
    expect(failing.gpuDetail).toMatch(/^nvidia-smi failed: /)
  })

  it.runIf(process.platform === "linux")("finds the GPUs nvidia-smi lists where there is one", async () => {
    const listed = await promisify(execFile)("nvidia-smi", ["--list-gpus"]).then(
      ({ stdout }) => stdout.split("\n").filter((line) => line.startsWith("GPU ")).length,
      () => 0,
    )
    expect((await detectHardware()).gpus.length).toBe(listed)
  })
})
