/**
 * The tensor-networks pipeline run in-process with executePipeline into a
 * temporary data directory, from its shipped config: the entropies dataset,
 * RT on the HaPPY code, the tfjs kernel, and resumption from a checkpoint.
 */
import { mkdtemp, readFile, readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { configsDir } from "./cli/run-command.js"
import { loadConfig } from "./config/load-config.js"
import type { Manifest } from "./run/manifest.js"
import { executePipeline } from "./run/execute.js"
import { tensorNetworks } from "./tensor-networks.js"

const file = join(configsDir, "tensor-networks.yaml")

const runOnce = async (overrides: readonly string[], resume?: { path: string }) => {
  const dataDir = await mkdtemp(join(tmpdir(), "hhml-tensor-networks-"))
  const config = await Effect.runPromise(loadConfig(tensorNetworks.schema, { file, overrides }))
  const target = resume === undefined ? undefined : { path: resume.path, manifest: JSON.parse(await readFile(join(resume.path, "manifest.json"), "utf8")) as Manifest }
  const run = await Effect.runPromise(
    executePipeline(tensorNetworks, config, {
      resultsDir: join(dataDir, "results"),
      configFile: file,
      command: ["test"],
      ...(target === undefined ? {} : { resume: target }),
    }),
  )
  return run.path
}

const rows = async (runPath: string) => {
  const connection = await (await DuckDBInstance.create(":memory:")).connect()
  const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${runPath}/entropies/*.parquet') ORDER BY cycle, region_size, region_start`)
  return reader.getRowObjectsJson() as Array<Record<string, string | number | boolean>>
}

describe("tensor-networks pipeline", () => {
  it("writes one row per (network, interval) from the shipped config, with S(A) ≤ min cut · ln χ and unit MERA states", async () => {
    const path = await runOnce(["run.cycles=3", "network.layers=2"])
    const table = await rows(path)
    // 8 sites, sizes 1..4, starts 0 and 4.
    expect(table).toHaveLength(3 * 4 * 2)
    expect([...new Set(table.map((r) => Number(r.cycle)))]).toEqual([0, 1, 2])
    for (const row of table) {
      expect(row.kind).toBe("mera")
      expect(Number(row.s_vn)).toBeLessThanOrEqual(Number(row.min_cut_nats) + 1e-9)
      expect(Number(row.min_cut_nats)).toBeCloseTo(Number(row.min_cut) * Math.LN2, 12)
      expect(Number(row.state_norm)).toBeCloseTo(1, 12)
    }
    const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest
    expect(manifest.status).toBe("completed")
    expect(manifest.cyclesCompleted).toBe(3)
  })

  it("finds RT saturated on the pentagon code wherever the greedy cuts coincide, alike on the js and tfjs kernels", async () => {
    const settings = ["run.cycles=2", "network.kind=happy", "network.layers=1", "network.regionMax=4", "network.regionStride=5"]
    const js = await rows(await runOnce(settings))
    const tfjs = await rows(await runOnce([...settings, "compute.kernel=tfjs", "compute.backend=cpu"]))
    expect(js).toHaveLength(2 * 4 * 4)
    expect(js.every((row) => Number(row.boundary_legs) === 20 && row.greedy_coincide === true && row.rt_saturated === true)).toBe(true)
    tfjs.forEach((row, i) => {
      expect(Number(row.s_vn)).toBeCloseTo(Number(js[i]!.s_vn), 5)
      expect(row.rt_saturated).toBe(js[i]!.rt_saturated)
    })
  })

  it("resumes from its newest checkpoint with exactly the rows of an uninterrupted run", async () => {
    const settings = ["network.kind=random", "network.graph=random", "network.boundaryLegs=6", "network.regionStride=2", "run.checkpointEvery=2"]
    const whole = await rows(await runOnce([...settings, "run.cycles=5"]))
    const first = await runOnce([...settings, "run.cycles=3"])
    expect(await readdir(join(first, "checkpoints"))).toEqual(["checkpoint-000000001.json", "checkpoint-000000002.json"])
    const resumed = await rows(await runOnce([...settings, "run.cycles=5"], { path: first }))
    expect(resumed).toEqual(whole)
  })
})
