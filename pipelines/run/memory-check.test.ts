import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { GiB, MiB, runtimeBytes } from "../memory-estimate.js"
import { projectRoot } from "../project.js"
import { checkpointTextLimit, memoryDemand, memoryRefusal, tensorPlace, wasmMemoryBytes } from "./memory-check.js"

const estimate = { hostBytes: 1 * GiB, tensorBytes: 2 * GiB, drivenBy: ["lattice.nu", "lattice.nv"] }

describe("tensorPlace", () => {
  it("puts tensors where the backend keeps them", () => {
    expect(tensorPlace("tensorflow-gpu")).toBe("gpu")
    expect(tensorPlace("tensorflow")).toBe("host")
    expect(tensorPlace("cpu")).toBe("host")
    expect(tensorPlace("wasm")).toBe("wasm")
  })
})

describe("memoryDemand", () => {
  it("adds the runtime to host memory, and the tensors to the memory that holds them", () => {
    expect(memoryDemand(estimate, "gpu")).toEqual({ hostBytes: runtimeBytes + 1 * GiB, gpuBytes: 2 * GiB, wasmBytes: 0 })
    expect(memoryDemand(estimate, "host")).toEqual({ hostBytes: runtimeBytes + 3 * GiB, gpuBytes: 0, wasmBytes: 0 })
    expect(memoryDemand(estimate, "wasm")).toEqual({ hostBytes: runtimeBytes + 3 * GiB, gpuBytes: 0, wasmBytes: 2 * GiB })
  })
})

describe("memoryRefusal", () => {
  it("lets a run that fits go", () => {
    expect(memoryRefusal(estimate, "gpu", { hostBytes: 2 * GiB, gpuBytes: 2 * GiB })).toBeNull()
    // No nvidia-smi to ask: the GPU is not checked.
    expect(memoryRefusal(estimate, "gpu", { hostBytes: 2 * GiB, gpuBytes: null })).toBeNull()
  })

  it("names the estimate, the limit and the keys that drive it", () => {
    expect(memoryRefusal(estimate, "host", { hostBytes: 2 * GiB, gpuBytes: null })).toBe(
      "Expected a config that fits in memory, actual an estimated 3.4 GiB of RAM (runtime 384 MiB included), 2.0 GiB available. " +
        "The estimate grows with lattice.nu, lattice.nv: lower them (hhml doctor shows sizes for this machine's tier)",
    )
    expect(memoryRefusal(estimate, "gpu", { hostBytes: 64 * GiB, gpuBytes: 1 * GiB })).toMatch(/actual an estimated 2\.0 GiB of GPU memory, 1\.0 GiB free\. /)
  })

  it("refuses wasm tensors beyond the 4 GiB a WebAssembly memory can have, whatever the RAM", () => {
    const big = { ...estimate, tensorBytes: wasmMemoryBytes + 1 * MiB }
    expect(memoryRefusal(big, "wasm", { hostBytes: 1024 * GiB, gpuBytes: null })).toMatch(
      /actual an estimated 4\.0 GiB of tensors in the wasm backend, whose memory stops at 4\.0 GiB\. /,
    )
    expect(memoryRefusal(big, "host", { hostBytes: 1024 * GiB, gpuBytes: null })).toBeNull()
  })

  it("refuses a checkpoint whose JSON text is longer than one string can be, whatever the RAM", () => {
    const limit = 536_870_888 // V8's string length limit in Node 20
    expect(checkpointTextLimit).toBe(limit)
    expect(memoryRefusal({ ...estimate, checkpointTextBytes: limit }, "host", { hostBytes: 1024 * GiB, gpuBytes: null })).toBeNull()
    expect(memoryRefusal({ ...estimate, checkpointTextBytes: 600 * MiB }, "host", { hostBytes: 1024 * GiB, gpuBytes: null })).toMatch(
      /^Expected a config that fits in memory, actual an estimated checkpoint of 600 MiB of JSON text, above the 512 MiB one JavaScript string holds\. The estimate grows with lattice\.nu/,
    )
  })
})

describe("hhml run with a config too large for this machine", () => {
  it("exits 2 with the estimate, the limit and the keys, writing nothing", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hhml-too-large-"))
    // 10^10 nodes: terabytes on any machine.
    const args = ["run", "simulate", "--set", "lattice.nu=100000", "--set", "lattice.nv=100000", "--data-dir", dataDir]
    const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "pipelines", "cli", "main.ts"), ...args], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    })
    let stderr = ""
    child.stderr.on("data", (data: Buffer) => (stderr += data.toString()))
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /^Invalid config: configs\/simulate\.yaml: lattice\.nu: Expected a config that fits in memory, actual an estimated \d+\.\d TiB of RAM \(runtime 384 MiB included\), \d+\.\d GiB available\. The estimate grows with lattice\.nu, lattice\.nv, drive\.sourceCount/,
    )
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(dataDir, "results"))).toBe(false)
  })
})
