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
import { GiB, MiB, formatBytes, latticeCounts } from "./memory-estimate.js"
import type { AnyPipeline } from "./pipeline.js"
import { findPipeline } from "./registry.js"
import { projectRoot } from "./project.js"
import { memoryDemand } from "./run/memory-check.js"

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
  return memoryDemand(pipeline.estimateMemory!(config), "none").hostBytes
}

describe.runIf(process.platform === "linux")("the estimate against a real run's peak resident memory", () => {
  // Sizes where the arrays outweigh the runtime (about 320 MiB), so the comparison tests them.
  const cases: Array<[string, string[]]> = [
    // 262,144 nodes and 64 sources: K alone is 256 MiB.
    ["simulate", ["lattice.nu=1024", "lattice.nv=256", "drive.sourceCount=64", "run.cycles=2", "snapshots.every=0"]],
    // 256 branches of a 16,384-node band, stepped one by one on the js kernel.
    ["ensemble-pruning", ["lattice.nu=256", "lattice.nv=64", "ensemble.branches=256", "ensemble.warmupCycles=1", "run.cycles=2"]],
  ]
  for (const [name, sets] of cases) {
    it(`${name}: within a factor of 1.5 either way`, async () => {
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
