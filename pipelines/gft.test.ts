/**
 * The `gft` pipeline end to end, in-process, into a temporary data directory:
 * the shipped config runs, writes its metrics and events tables with per-spin
 * columns, and a run resumed after losing its newest checkpoint ends with
 * exactly the rows of an uninterrupted run.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { configsDir } from "./cli/run-command.js"
import { loadConfig } from "./config/load-config.js"
import { gft } from "./gft.js"
import { checkpointsDirectory } from "./run/checkpoints.js"
import { executePipeline } from "./run/execute.js"
import type { Manifest } from "./run/manifest.js"

const directories: string[] = []
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))))

const dataDir = async () => {
  const directory = await mkdtemp(join(tmpdir(), "hhml-gft-"))
  directories.push(directory)
  return join(directory, "results")
}

const configFile = join(configsDir, "gft.yaml")

const runGft = async (resultsDir: string, overrides: readonly string[], file = configFile, resume?: { path: string; manifest: Manifest }) => {
  const config = await Effect.runPromise(loadConfig(gft.schema, { file, overrides }))
  const run = await Effect.runPromise(
    executePipeline(gft, config, { resultsDir, configFile: file, command: ["test", "gft"], ...(resume === undefined ? {} : { resume }) }),
  )
  return run.path
}

const manifestOf = async (path: string) => JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest

/** A dataset's rows ordered by cycle (and clock), without the wall-clock column. */
const rows = async (runPath: string, dataset: string) => {
  const connection = await (await DuckDBInstance.create(":memory:")).connect()
  try {
    const result = await connection.runAndReadAll(
      `SELECT * ${dataset === "metrics" ? "EXCLUDE (wall_time)" : ""} FROM read_parquet('${join(runPath, dataset)}/*.parquet') ORDER BY cycle, chi`,
    )
    return result.getRowObjectsJson()
  } finally {
    connection.closeSync()
  }
}

describe("gft pipeline", () => {
  it("runs configs/gft.yaml: one metrics row per record with per-spin columns, and the bounce in gft-events", async () => {
    const path = await runGft(await dataDir(), [])
    expect(await manifestOf(path)).toMatchObject({ pipeline: "gft", status: "completed", cyclesCompleted: 600 })
    const metrics = await rows(path, "metrics")
    expect(metrics.map((row) => Number(row.cycle))).toEqual(Array.from({ length: 600 }, (_, i) => i))
    expect(Object.keys(metrics[0]!)).toEqual(
      expect.arrayContaining(["chi", "volume", "volume_rate", "hubble", "hubble_squared", "friedmann_quantum", "e_j1_2", "q_j1_2", "rho_j1", "e_j1", "q_j1"]),
    )
    expect(Number(metrics[599]!.chi)).toBeCloseTo(3, 12)
    for (const column of ["q_j1_2", "q_j1"]) expect(new Set(metrics.map((row) => Number(row[column]).toFixed(9))).size).toBe(1)
    const events = await rows(path, "gft-events")
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ kind: "bounce" })
    const chi = Number(events[0]!.chi)
    expect(chi).toBeGreaterThan(0)
    expect(chi).toBeLessThan(0.25)
    // The event row belongs to the record whose steps contain its clock.
    const record = metrics[Number(events[0]!.cycle)]!
    expect(Number(record.chi) - chi).toBeGreaterThanOrEqual(0)
    expect(Number(record.chi) - chi).toBeLessThan(0.01)
    // Before the bounce V contracts, after it expands; V'/3V → ±2m/3 = ±2/3 at the ends.
    expect(Number(metrics[0]!.hubble)).toBeCloseTo(-2 / 3, 2)
    expect(Number(metrics[599]!.hubble)).toBeCloseTo(2 / 3, 2)
  })

  it("resumes after losing its newest checkpoint with every record and event exactly once, equal to an uninterrupted run", async () => {
    // chiStart = -1 puts the bounce (χ ≈ 0.16) in record ~115: inside the rows the resume must recompute.
    const settings = ["condensate.chiStart=-1", "run.checkpointEvery=50"]
    const reference = await runGft(await dataDir(), [...settings, "run.cycles=300"])
    const expected = { metrics: await rows(reference, "metrics"), events: await rows(reference, "gft-events") }
    expect(expected.events.map((row) => Number(row.cycle))).toEqual([expect.any(Number)])
    expect(Number(expected.events[0]!.cycle)).toBeGreaterThan(99)
    expect(Number(expected.events[0]!.cycle)).toBeLessThan(130)

    const resultsDir = await dataDir()
    const path = await runGft(resultsDir, [...settings, "run.cycles=130"])
    // As if killed after writing records up to 129 but before their checkpoint: the newest is then at 99.
    const checkpoints = (await readdir(checkpointsDirectory(path))).sort()
    expect(checkpoints).toEqual(["checkpoint-000000099.json", "checkpoint-000000129.json"])
    await rm(join(checkpointsDirectory(path), checkpoints[1]!))
    await runGft(resultsDir, ["run.cycles=300"], join(path, "config.yaml"), { path, manifest: await manifestOf(path) })

    expect(await manifestOf(path)).toMatchObject({ status: "completed", cyclesCompleted: 300, resumes: [{ fromCycle: 99 }] })
    expect({ metrics: await rows(path, "metrics"), events: await rows(path, "gft-events") }).toEqual(expected)
  })
})
