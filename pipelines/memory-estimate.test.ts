/**
 * The memory estimates against the lattices the configs build and against
 * the peak resident memory of real `hhml run` processes.
 */
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fc, it as property } from "@fast-check/vitest"
import { Effect, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { geometries } from "../stages/simulation/lattice/lattice.js"
import { type LatticeConfig, buildLattice, latticeSection } from "../stages/simulation/lattice/config.js"
import { loadConfig } from "./config/load-config.js"
import { configsDir } from "./cli/run-command.js"
import * as tf from "@tensorflow/tfjs"
import { Prng } from "../stages/prng.js"
import { pendulum } from "../stages/rl/envs/pendulum.js"
import { td3 } from "../stages/rl/td3.js"
import { GiB, MiB, formatBytes, latticeCounts, trainMemory, trainedParameters } from "./memory-estimate.js"
import type { AnyPipeline } from "./pipeline.js"
import { findPipeline } from "./registry.js"
import { projectRoot } from "./project.js"
import { memoryDemand, memoryRefusal } from "./run/memory-check.js"
import { type TrainConfig, train } from "./train.js"

const decodeLattice = Schema.decodeUnknownSync(Schema.Struct({ lattice: latticeSection }))

const latticeConfig = fc
  .record({
    geometry: fc.constantFrom(...geometries),
    nodes: fc.integer({ min: 4, max: 600 }),
    nu: fc.integer({ min: 3, max: 40 }),
    nv: fc.integer({ min: 3, max: 12 }),
    strips: fc.integer({ min: 1, max: 3 }),
    halfTwists: fc.integer({ min: -3, max: 3 }),
    turns: fc.double({ min: -8, max: 8, noNaN: true }),
  })
  .map((fields) => decodeLattice({ lattice: fields }).lattice)

describe("latticeCounts", () => {
  property.prop([latticeConfig], { numRuns: 60 })("equals the built lattice's nodes, edges and faces; bounds its neighbours", (config: LatticeConfig) => {
    const lattice = buildLattice(config)
    const counts = latticeCounts(config)
    expect({ nodes: counts.nodes, edges: counts.edges, faces: counts.faces }).toEqual({
      nodes: lattice.nodeCount,
      edges: lattice.edges.source.length,
      faces: lattice.faces.offsets.length - 1,
    })
    let neighbours = 0
    for (let i = 0; i < lattice.nodeCount; i++) neighbours = Math.max(neighbours, lattice.adjacency.rowStart[i + 1]! - lattice.adjacency.rowStart[i]!)
    expect(neighbours).toBeLessThanOrEqual(counts.maxNeighbours)
  })
})

describe("formatBytes", () => {
  it("writes MiB below a GiB, GiB below a TiB, TiB above", () => {
    expect([formatBytes(0), formatBytes(320 * MiB), formatBytes(1.5 * GiB), formatBytes(3 * 1024 * GiB)]).toEqual(["1 MiB", "320 MiB", "1.5 GiB", "3.0 TiB"])
  })
})

const trainConfig = (sets: readonly string[]): Promise<TrainConfig> =>
  Effect.runPromise(loadConfig(train.schema, { file: join(configsDir, "train.yaml"), overrides: sets }))

describe("trainMemory", () => {
  it("counts the parameters of the actor and both critics that td3 builds, with and without the LSTM encoder", async () => {
    for (const sets of [
      ["task.environment=pendulum", "agent.hiddenUnits=5", "agent.hiddenLayers=3", "agent.history=4"],
      ["task.environment=pendulum", "agent.hiddenUnits=4", "agent.hiddenLayers=2", "agent.encoder=lstm", "agent.history=5", "agent.lstmUnits=3"],
      ["agent.hiddenUnits=7", "agent.hiddenLayers=1", "agent.encoder=lstm", "agent.history=3", "agent.lstmUnits=2"],
    ]) {
      const config = await trainConfig(sets)
      const spaces = config.task.environment === "pendulum" ? pendulum() : { observationSpace: { low: new Float64Array(8 + 2) }, actionSpace: { low: new Float64Array(2), high: new Float64Array(2).fill(1) } }
      const agent = td3(config.agent, { observationSize: spaces.observationSpace.low.length, actionSpace: { low: Float64Array.from(spaces.actionSpace.low), high: Float64Array.from(spaces.actionSpace.high) } }, Prng.seeded(1))
      const size = (name: "actor" | "critic1" | "critic2") => agent.networks[name].variables.reduce((n, v) => n + v.size, 0)
      expect(trainedParameters(config), sets.join(" ")).toBe(size("actor") + size("critic1") + size("critic2"))
      agent.dispose()
    }
    expect(tf.memory().numTensors).toBe(0)
  })

  it("grows with the transitions the run can store, not with an unreachable capacity", async () => {
    const base = ["task.environment=pendulum", "agent.environments=2", "run.cycles=1000"]
    const host = async (sets: readonly string[]) => trainMemory(await trainConfig([...base, ...sets])).hostBytes
    // A pendulum transition: 3 + 3 observation entries, an action, a reward (float32) and a flag byte; held once and checkpointed as base64 four times.
    const perTransition = (4 * (2 * 3 + 1 + 1) + 1) * (1 + 4 * (4 / 3))
    expect((await host(["agent.bufferSize=1500"])) - (await host(["agent.bufferSize=500"]))).toBeCloseTo(1000 * perTransition, 3)
    // 1000 cycles of 2 environments store 2000 transitions at most.
    expect(await host(["agent.bufferSize=100000"])).toBe(await host(["agent.bufferSize=2000"]))
  })

  it("names the key that drives the estimate first, so a refusal points at it", async () => {
    const buffer = trainMemory(await trainConfig(["agent.bufferSize=100000000", "agent.history=64", "agent.environments=1024", "run.cycles=1000000"]))
    expect(buffer.drivenBy.slice(0, 2)).toEqual(["agent.bufferSize", "agent.history"])
    expect(memoryRefusal(buffer, "host", { hostBytes: 16 * GiB, gpuBytes: null })).toMatch(
      /^Expected a config that fits in memory, actual an estimated \d+\.\d TiB of RAM \(runtime 384 MiB included\), 16\.0 GiB available; and checkpoint of \d+\.\d [GT]iB of JSON text, above the 512 MiB one JavaScript string holds\. The estimate grows with agent\.bufferSize, agent\.history, /,
    )
    const networks = trainMemory(await trainConfig(["agent.hiddenUnits=4096", "agent.hiddenLayers=4"]))
    expect(networks.drivenBy[0]).toBe("agent.hiddenUnits")
    expect(memoryRefusal(networks, "gpu", { hostBytes: 64 * GiB, gpuBytes: 4 * GiB })).toMatch(
      /actual an estimated \d+\.\d GiB of GPU memory, 4\.0 GiB free; and checkpoint of \d+\.\d GiB of JSON text, above the 512 MiB one JavaScript string holds\. The estimate grows with agent\.hiddenUnits, /,
    )
    const fields = trainMemory(await trainConfig(["lattice.nu=1024", "lattice.nv=256", "agent.environments=64"]))
    expect(fields.drivenBy[0]).toBe("agent.environments")
  })
})

/** Runs `hhml run` and returns its peak resident memory (VmHWM: the process and its worker threads). */
const peakResidentBytes = async (args: readonly string[]): Promise<number> => {
  const dataDir = await mkdtemp(join(tmpdir(), "hhml-memory-"))
  const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "pipelines", "cli", "main.ts"), "run", ...args, "--data-dir", dataDir], {
    cwd: projectRoot,
    stdio: ["ignore", "ignore", "pipe"],
  })
  let stderr = ""
  child.stderr.on("data", (data: Buffer) => (stderr += data.toString()))
  let peak = 0
  const sample = () => {
    try {
      const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]
      if (kib !== undefined) peak = Math.max(peak, Number(kib) * 1024)
    } catch {
      // the process has just ended
    }
  }
  const timer = setInterval(sample, 20)
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
  clearInterval(timer)
  if (code !== 0) throw new Error(`hhml run ${args.join(" ")} exited ${code}: ${stderr}`)
  return peak
}

const estimatedHostBytes = async (pipeline: AnyPipeline, sets: readonly string[]) => {
  const config = await Effect.runPromise(loadConfig(pipeline.schema, { file: join(configsDir, `${pipeline.name}.yaml`), overrides: sets }))
  return memoryDemand(pipeline.estimateMemory!(config), "host").hostBytes
}

/** A 48-node band stepped once per action: train runs whose environments cost next to nothing. */
const tinyEnvironment = ["lattice.nu=12", "lattice.nv=4", "environment.stepsPerAction=1", "environment.warmupSteps=0"]

describe.runIf(process.platform === "linux")("the estimate against a real run's peak resident memory", () => {
  // Sizes where the arrays outweigh the runtime (about 320 MiB), so the comparison tests them.
  const cases: Array<[string, string[]]> = [
    // 262,144 nodes and 64 sources: K alone is 256 MiB.
    ["simulate", ["lattice.nu=1024", "lattice.nv=256", "drive.sourceCount=64", "run.cycles=2", "snapshots.every=0"]],
    // 256 branches of a 16,384-node band, stepped one by one on the js kernel.
    ["ensemble-pruning", ["lattice.nu=256", "lattice.nv=64", "ensemble.branches=256", "ensemble.warmupCycles=1", "run.cycles=2"]],
    // A replay buffer of 3,840 windows of 256 observations (79 MB), filled by random actions, and its checkpoint.
    ["train", [...tinyEnvironment, "agent.environments=64", "agent.history=256", "agent.bufferSize=3840", "agent.warmupSteps=1000000", "run.cycles=60"]],
    // Networks of 3 × 1536 units (14 M trained parameters), four updates, and their checkpoint.
    ["train", [...tinyEnvironment, "agent.hiddenUnits=1536", "agent.hiddenLayers=3", "agent.batchSize=32", "agent.warmupSteps=2", "run.cycles=6"]],
    // 16 environments on a 16,384-node band, each with its field and transfer matrix.
    ["train", ["lattice.nu=256", "lattice.nv=64", "environment.stepsPerAction=1", "environment.warmupSteps=0", "agent.environments=16", "agent.bufferSize=1000", "run.cycles=2"]],
  ]
  for (const [name, sets] of cases) {
    it(`${name} ${sets.join(" ")}: within a factor of 1.5 either way`, async () => {
      const pipeline = findPipeline(name)!
      const estimate = await estimatedHostBytes(pipeline, sets)
      const measured = await peakResidentBytes([name, ...sets.flatMap((set) => ["--set", set])])
      expect(measured).toBeGreaterThan(0)
      const ratio = estimate / measured
      expect(ratio, `estimate ${formatBytes(estimate)}, measured ${formatBytes(measured)}`).toBeGreaterThan(1 / 1.5)
      expect(ratio, `estimate ${formatBytes(estimate)}, measured ${formatBytes(measured)}`).toBeLessThan(1.5)
    })
  }
})
