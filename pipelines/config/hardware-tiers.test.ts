import { mkdtemp, readFile, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Either } from "effect"
import { describe, expect, it } from "vitest"
import YAML from "yaml"
import type { Hardware } from "../../stages/compute/hardware.js"
import { configsDir } from "../cli/run-command.js"
import { pipelines } from "../registry.js"
import { type HardwareTiers, hardwareModes, loadHardwareTiers, selectTier, setArguments, tierCommands } from "./hardware-tiers.js"

const GiB = 2 ** 30
const shipped = join(configsDir, "hardware.yaml")

const load = (file: string) => Effect.runPromise(Effect.either(loadHardwareTiers({ file, configsDir, pipelines })))

/** A hardware.yaml holding `tiers`, written to a temporary folder. */
const tiersFile = async (tiers: unknown[]): Promise<string> => {
  const file = join(await mkdtemp(join(tmpdir(), "hhml-tiers-")), "hardware.yaml")
  await writeFile(file, YAML.stringify({ tiers }))
  return file
}

const emptySizes = { benchmark: {}, training: {}, production: {} }
const tier = (name: string, cores: number, ramGiB: number, gpuMemoryGiB: number, sizes: object = emptySizes) => ({
  name,
  description: `the ${name} tier`,
  minimum: { cores, ramGiB, gpuMemoryGiB },
  sizes,
})

const machine = (cores: number, ramGiB: number, gpuGiB: number | null): Hardware => ({
  cores,
  ramBytes: ramGiB * GiB,
  availableRamBytes: ramGiB * GiB,
  gpus: gpuGiB === null ? [] : [{ name: "GPU", totalBytes: gpuGiB * GiB, freeBytes: gpuGiB * GiB }],
  gpuDetail: "",
})

describe("configs/hardware.yaml", () => {
  it("loads: tiers smallest first, every size valid for its pipeline and fitting its tier", async () => {
    const loaded = await load(shipped)
    if (Either.isLeft(loaded)) throw new Error(loaded.left.message)
    const tiers = loaded.right.tiers
    expect(tiers.map((t) => t.name)).toEqual(["laptop", "workstation", "gpu", "datacenter-gpu"])
    for (const t of tiers) {
      for (const mode of hardwareModes) expect(Object.keys(t.sizes[mode]).sort(), `${t.name} ${mode}`).toEqual(["ensemble-pruning", "simulate", "tensor-networks", "train"])
    }
  })

  it("gives the laptop tier's training mode the shipped train config's sizes, so its ready command is the default run", async () => {
    const laptop = Either.getOrThrow(await load(shipped)).tiers[0]!
    const shippedTrain = YAML.parse(await readFile(join(configsDir, "train.yaml"), "utf8")) as Record<string, Record<string, unknown>>
    for (const [key, value] of Object.entries(laptop.sizes.training.train!)) {
      const [section, field] = key.split(".") as [string, string]
      expect(shippedTrain[section]?.[field] ?? (key === "agent.environments" ? 1 : undefined), key).toBe(value)
    }
  })

  it("maps machines to the tier a person would pick", async () => {
    const tiers = Either.getOrThrow(await load(shipped))
    const pick = (hardware: Hardware, gpuBackend = true) => selectTier(tiers, hardware, gpuBackend)?.name ?? null
    expect(pick(machine(2, 23.5, null))).toBe("laptop")
    expect(pick(machine(2, 2, null))).toBeNull()
    expect(pick(machine(16, 62.7, null))).toBe("workstation")
    // A 24 GB card in a workstation; the same card without tfjs-node-gpu does not count.
    expect(pick(machine(16, 62.7, 23.6))).toBe("gpu")
    expect(pick(machine(16, 62.7, 23.6), false)).toBe("workstation")
    // The H100 machine: 16 cores, 128 GB, an 80 GB GPU (79.6 GiB reported).
    expect(pick(machine(16, 125.7, 79.6))).toBe("datacenter-gpu")
    // Enough GPU but too few cores for the largest tier.
    expect(pick(machine(8, 125.7, 79.6))).toBe("gpu")
  })
})

describe("loadHardwareTiers", () => {
  const issuesOf = async (tiers: unknown[]) => {
    const loaded = await load(await tiersFile(tiers))
    if (Either.isRight(loaded)) throw new Error("expected the file to be refused")
    return loaded.left.issues.map((issue) => `${issue.path}: ${issue.message}`)
  }

  it("refuses tiers out of order, twice the same name and unknown keys", async () => {
    expect(await issuesOf([tier("big", 8, 32, 0), tier("small", 2, 4, 0), tier("small", 16, 64, 0)])).toEqual([
      'tiers.2.name: Expected a name no other tier has, actual "small" again',
      "tiers.1.minimum.cores: Expected at least the previous tier's (big) 8, actual 2",
      "tiers.1.minimum.ramGiB: Expected at least the previous tier's (big) 32, actual 4",
    ])
    const extra = await issuesOf([{ ...tier("a", 1, 1, 0), minimum: { cores: 1, ramGiB: 1, gpuMemoryGiB: 0, disk: 5 } }])
    expect(extra.join("\n")).toContain("tiers.0.minimum.disk: Expected no such key")
    expect(await issuesOf([tier("a", 0, -1, 0)])).toEqual([
      "tiers.0.minimum.cores: Expected an integer >= 1, actual 0",
      "tiers.0.minimum.ramGiB: Expected a finite number >= 0, actual -1",
    ])
  })

  it("refuses an unknown pipeline and a size its pipeline's schema refuses, naming the key", async () => {
    const sizes = { ...emptySizes, training: { simulat: { "lattice.nu": 10 }, simulate: { "lattice.nu": 2, "lattice.colour": "red" } } }
    const issues = await issuesOf([tier("a", 1, 4, 0, sizes)])
    expect(issues[0]).toBe(`tiers.0.sizes.training.simulat: Expected a pipeline (${pipelines.map((p) => p.name).join(", ")}), actual "simulat"`)
    expect(issues).toContain("tiers.0.sizes.training.simulate.lattice.nu: Expected an integer >= 3 (nodes), actual 2")
    expect(issues.some((issue) => issue.startsWith("tiers.0.sizes.training.simulate.lattice.colour: Expected no such key"))).toBe(true)
  })

  it("refuses a size whose memory estimate exceeds the tier's minimum machine", async () => {
    // 4096 × 4096 nodes with 32 sources: K alone is 16 M × 32 × 16 B = 8 GiB.
    const sizes = { ...emptySizes, production: { simulate: { "lattice.nu": 4096, "lattice.nv": 4096 } } }
    const issues = await issuesOf([tier("small", 1, 4, 0, sizes)])
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatch(/^tiers\.0\.sizes\.production\.simulate: Expected sizes that fit the tier's minimum machine, actual an estimated \d+\.\d GiB of RAM \(runtime 384 MiB included\), 4\.0 GiB available$/)
    // The same size fits a tier with enough memory.
    expect(Either.isRight(await load(await tiersFile([tier("big", 1, 64, 0, sizes)])))).toBe(true)
  })

  it("counts tfjs tensors against the GPU on GPU tiers and against RAM elsewhere", async () => {
    // 1024 branches of a 16384-node band on the tfjs kernel: about 11 GiB of tensors.
    const batch = { "lattice.nu": 256, "lattice.nv": 64, "ensemble.branches": 1024, "compute.kernel": "tfjs" }
    const sizes = { ...emptySizes, production: { "ensemble-pruning": batch } }
    expect(Either.isRight(await load(await tiersFile([tier("gpu", 8, 4, 14, sizes)])))).toBe(true)
    expect((await issuesOf([tier("gpu", 8, 4, 8, sizes)]))[0]).toMatch(/GiB of GPU memory, 8\.0 GiB free$/)
    expect((await issuesOf([tier("cpu", 8, 8, 0, sizes)]))[0]).toMatch(/GiB of RAM/)
  })

  it("counts a train run's networks against the GPU on GPU tiers whatever kernel steps the fields", async () => {
    // Networks of 2 × 2048 units (13 M trained parameters), js kernel: about 0.9 GiB of tensors at an update's peak.
    const wide = { "agent.hiddenUnits": 2048, "agent.bufferSize": 1000, "compute.kernel": "js" }
    const sizes = { ...emptySizes, production: { train: wide } }
    expect(Either.isRight(await load(await tiersFile([tier("gpu", 8, 4, 1, sizes)])))).toBe(true)
    expect((await issuesOf([tier("gpu", 8, 4, 0.5, sizes)]))[0]).toMatch(/^tiers\.0\.sizes\.production\.train: .* MiB of GPU memory, 512 MiB free$/)
    expect((await issuesOf([tier("cpu", 8, 1, 0, sizes)]))[0]).toMatch(/^tiers\.0\.sizes\.production\.train: .*GiB of RAM/)
  })
})

describe("tierCommands", () => {
  it("writes each size as the hhml run command that applies it", async () => {
    const tiers = Either.getOrThrow(await load(shipped)) as HardwareTiers
    const laptop = tiers.tiers[0]!
    const commands = tierCommands(laptop)
    expect(commands).toHaveLength(hardwareModes.reduce((n, mode) => n + Object.keys(laptop.sizes[mode]).length, 0))
    const text = await readFile(shipped, "utf8")
    const benchmarkSimulate = (YAML.parse(text) as { tiers: Array<{ sizes: { benchmark: { simulate: Record<string, number> } } }> }).tiers[0]!.sizes.benchmark.simulate
    expect(commands[0]).toEqual({
      mode: "benchmark",
      pipeline: "simulate",
      command: `hhml run simulate ${Object.entries(benchmarkSimulate)
        .map(([key, value]) => `--set ${key}=${value}`)
        .join(" ")}`,
    })
    expect(setArguments({ "compute.kernel": "tfjs", "run.cycles": 10, "x.flag": true })).toEqual(["compute.kernel=tfjs", "run.cycles=10", "x.flag=true"])
  })
})
