/**
 * The ensemble-pruning pipeline run in-process, as the CLI runs it: its config
 * file, its Parquet datasets, exact resumption from a checkpoint, and the
 * tfjs kernel without leaked tensors.
 */
import { readFile, readdir, rm } from "node:fs/promises"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as tf from "@tensorflow/tfjs"
import { DuckDBInstance } from "@duckdb/node-api"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { referenceCaveats } from "../stages/analysis/ensemble/analysis.js"
import { loadConfig } from "./config/load-config.js"
import { type EnsemblePruningConfig, ensemblePruning } from "./ensemble-pruning.js"
import { projectRoot } from "./project.js"
import { executePipeline } from "./run/execute.js"
import type { Manifest } from "./run/manifest.js"

const configFile = join(projectRoot, "configs", "ensemble-pruning.yaml")

const small = [
  "run.cycles=4",
  "run.checkpointEvery=2",
  "compute.backend=cpu",
  "lattice.nu=16",
  "lattice.nv=6",
  "ensemble.branches=6",
  "ensemble.warmupCycles=3",
  "ensemble.steps=4",
  "ensemble.radialBins=5",
]

const configWith = (...overrides: string[]) => Effect.runPromise(loadConfig(ensemblePruning.schema, { file: configFile, overrides: [...small, ...overrides] }))

const execute = async (config: EnsemblePruningConfig, resume?: { path: string; manifest: Manifest }) => {
  const dataDir = resume === undefined ? await mkdtemp(join(tmpdir(), "hhml-ensemble-")) : ""
  const run = await Effect.runPromise(
    executePipeline(ensemblePruning, config, {
      resultsDir: resume === undefined ? join(dataDir, "results") : "",
      configFile,
      command: ["test"],
      ...(resume === undefined ? {} : { resume }),
    }),
  )
  return run.path
}

/** Every table of a run, rows ordered, without the wall-clock column. */
const tables = async (runPath: string) => {
  const connection = await (await DuckDBInstance.create(":memory:")).connect()
  const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson()
  const result = {
    metrics: await read(`SELECT * EXCLUDE (wall_time) FROM read_parquet('${runPath}/metrics/*.parquet') ORDER BY cycle`),
    branches: await read(`SELECT * FROM read_parquet('${runPath}/branches/*.parquet') ORDER BY cycle, branch`),
    rotation: await read(`SELECT * FROM read_parquet('${runPath}/rotation-curve/*.parquet') ORDER BY cycle, bin`),
    darkFromBranches: await read(
      `SELECT cycle, sum(mass) FILTER (WHERE pruned) / sum(mass) AS dark FROM read_parquet('${runPath}/branches/*.parquet') GROUP BY cycle ORDER BY cycle`,
    ),
  }
  connection.closeSync()
  return result
}

const manifestOf = async (runPath: string) => JSON.parse(await readFile(join(runPath, "manifest.json"), "utf8")) as Manifest

describe("ensemble-pruning pipeline", () => {
  it("reads its config file: the ensemble section with its defaults", async () => {
    const config = await Effect.runPromise(loadConfig(ensemblePruning.schema, { file: configFile }))
    expect(config.ensemble).toMatchObject({ branches: 64, pruning: "threshold", threshold: 0.8, reference: 0.27 })
    expect(config.dynamics.model).toBe("cgle")
  })

  it("writes one metrics row per cycle, one branch row per branch and cycle, and the rotation curve", async () => {
    const config = await configWith("ensemble.pruning=target", "ensemble.reference=0.5", "ensemble.perturbation=0.5")
    const path = await execute(config)
    const { metrics, branches, rotation, darkFromBranches } = await tables(path)
    expect(metrics.map((row) => Number(row.cycle))).toEqual([0, 1, 2, 3])
    expect(branches).toHaveLength(4 * 6)
    expect(rotation).toHaveLength(4 * 5)
    metrics.forEach((row, k) => {
      expect(Number(row.step)).toBe(4 * (k + 1))
      expect(row.branches).toBe(6)
      expect(Number(row.survivors) + Number(row.pruned)).toBe(6)
      expect(Number(row.search_steps)).toBeGreaterThan(2)
      expect(row.reference_note).toBe(referenceCaveats.target)
      // The searched threshold prunes some branches and keeps others.
      expect(Number(row.dark_fraction)).toBeGreaterThan(0)
      expect(Number(row.dark_fraction)).toBeLessThan(1)
      expect(Number(row.dark_fraction)).toBeCloseTo(Number(darkFromBranches[k]!.dark), 12)
      expect(Number(row.reference_gap)).toBeCloseTo(Number(row.dark_fraction) - 0.5, 12)
      expect(Number(row.mass_entropy)).toBeLessThanOrEqual(Math.log(6) + 1e-12)
      const own = branches.filter((b) => Number(b.cycle) === k)
      for (const b of own) expect(b.pruned).toBe(Number(b.coherence) < Number(row.threshold))
    })
    const manifest = await manifestOf(path)
    expect(manifest).toMatchObject({ pipeline: "ensemble-pruning", status: "completed", cyclesCompleted: 4 })
  })

  it("resumes from a checkpoint with exactly the rows of an uninterrupted run", async () => {
    const config = await configWith("ensemble.perturbation=0.5")
    const path = await execute(config)
    const expected = await tables(path)
    const checkpoints = join(path, "checkpoints")
    const files = (await readdir(checkpoints)).sort()
    expect(files).toEqual(["checkpoint-000000001.json", "checkpoint-000000003.json"])
    // As if the run had been killed after cycle 2: the newest checkpoint is the one at cycle 1.
    await rm(join(checkpoints, files[1]!))
    await execute(config, { path, manifest: await manifestOf(path) })
    expect(await tables(path)).toEqual(expected)
    expect((await manifestOf(path)).resumes?.map((r) => r.fromCycle)).toEqual([1])
    expect(expected.metrics.every((row) => row.reference_note === referenceCaveats.threshold && row.search_steps === null)).toBe(true)
  })

  it("runs the branches as one batch on the tfjs kernel, agreeing with js and leaking no tensors", async () => {
    const [js, batched] = [await configWith(), await configWith("compute.kernel=tfjs")]
    const expected = await tables(await execute(js))
    const before = tf.memory().numTensors
    const found = await tables(await execute(batched))
    expect(tf.memory().numTensors).toBe(before)
    found.branches.forEach((row, k) => {
      expect(Math.abs(Number(row.coherence) - Number(expected.branches[k]!.coherence))).toBeLessThan(1e-4)
      expect(Math.abs(Number(row.mass) / Number(expected.branches[k]!.mass) - 1)).toBeLessThan(1e-4)
    })
  })
})
