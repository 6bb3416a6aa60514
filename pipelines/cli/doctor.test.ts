import { availableParallelism } from "node:os"
import { describe, expect, it } from "vitest"
import { type DoctorReport, doctorReport, formatDoctorReport } from "./doctor.js"

const GiB = 2 ** 30

describe("hhml doctor", () => {
  it("without backends: the machine, its tier and the tier's sizes as commands", async () => {
    const report = await doctorReport({ backends: false })
    expect(report.backends).toEqual([])
    expect(report.chosenBackend).toEqual({ error: "not probed (--no-backends)" })
    expect(report.hardware.cores).toBe(availableParallelism())
    if ("error" in report.tier) throw new Error(report.tier.error)
    const tier = report.tier.tier
    // Every machine that runs this suite has at least the laptop tier's 1 core and 3 GiB.
    expect(tier).not.toBeNull()
    const text = formatDoctorReport(report)
    expect(text).toContain(`hardware tier: ${tier!.name} (`)
    for (const { mode, command } of tier!.commands) expect(text).toContain(`  ${mode.padEnd(10)}  ${command}`)
    expect(text).toMatch(/\n {2}benchmark {3}hhml run simulate --set lattice\.nu=\d+/)
  })

  const base = (over: Partial<DoctorReport>): DoctorReport => ({
    hhml: "0.1.0",
    node: "v20.19.0",
    platform: "linux x64",
    cpu: { model: "cpu", cores: 16 },
    memory: { totalBytes: 128 * GiB, freeBytes: 100 * GiB },
    hardware: { cores: 16, ramBytes: 128 * GiB, availableRamBytes: 100 * GiB, gpus: [], gpuDetail: "nvidia-smi not found" },
    backends: [],
    chosenBackend: { error: "not probed (--no-backends)" },
    tier: { file: "configs/hardware.yaml", tier: null, smallest: null, gpuCounted: true },
    programs: [],
    ...over,
  })

  it("shows GPUs, a container's memory limit, a GPU the backends cannot use, and a machine below every tier", () => {
    const smallest = { name: "laptop", description: "small", minimum: { cores: 1, ramGiB: 3, gpuMemoryGiB: 0 }, sizes: { benchmark: {}, training: {}, production: {} } }
    const text = formatDoctorReport(
      base({
        hardware: {
          cores: 16,
          ramBytes: 2 * GiB,
          availableRamBytes: 1 * GiB,
          gpus: [{ name: "NVIDIA H100 80GB HBM3", totalBytes: 79.6 * GiB, freeBytes: 79 * GiB }],
          gpuDetail: "nvidia-smi: 1 GPU",
        },
        tier: { file: "configs/hardware.yaml", tier: null, smallest, gpuCounted: false },
      }),
    )
    expect(text).toContain("memory    128.0 GiB total, 100.0 GiB free, container limit 2.0 GiB")
    expect(text).toContain("gpu 0     NVIDIA H100 80GB HBM3, 79.6 GiB total, 79.0 GiB free")
    expect(text).toContain(
      "hardware tier: none, this machine is below every tier in configs/hardware.yaml; the smallest, laptop, needs 1 core, 3 GiB RAM, no GPU (GPU not counted: the tensorflow-gpu backend does not load)",
    )
  })

  it("reports an invalid hardware.yaml with its problems", () => {
    const text = formatDoctorReport(base({ tier: { error: "Invalid config (2 problems):\n  a\n  b" } }))
    expect(text).toContain("hardware tier: configs/hardware.yaml is invalid\n  Invalid config (2 problems):\n    a\n    b")
  })
})
