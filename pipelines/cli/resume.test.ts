/**
 * Crash safety and exact resumption, with the real command: a run killed with
 * SIGKILL at random moments and resumed each time ends with exactly the rows
 * an uninterrupted run writes, every cycle once.
 */
import { existsSync } from "node:fs"
import { mkdtemp, readFile, readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { tableFromIPC } from "apache-arrow"
import { describe, expect, it } from "vitest"
import { Prng } from "../../stages/prng.js"
import type { Manifest } from "../run/manifest.js"
import { hhml, startHhml } from "./testing.js"

const cycles = 600
const settings = ["--set", `run.cycles=${cycles}`, "--set", "run.checkpointEvery=10", "--set", "snapshots.every=5"]

const onlyRun = async (dataDir: string) => {
  const [id] = await readdir(join(dataDir, "results"))
  return { id: id!, path: join(dataDir, "results", id!) }
}

/** Every table of a run, rows ordered, without wall-clock columns (they differ between runs). */
const tables = async (runPath: string) => {
  const connection = await (await DuckDBInstance.create(":memory:")).connect()
  // A run killed early may have a dataset folder with no part in it yet.
  const hasParts = async (dataset: string) =>
    existsSync(join(runPath, dataset)) && (await readdir(join(runPath, dataset))).some((file) => file.endsWith(".parquet"))
  const read = async (dataset: string, order: string) =>
    (await hasParts(dataset))
      ? (
          await connection.runAndReadAll(
            `SELECT ${dataset === "metrics" ? "* EXCLUDE (wall_time)" : "*"} FROM read_parquet('${runPath}/${dataset}/*.parquet') ORDER BY ${order}`,
          )
        ).getRowObjectsJson()
      : []
  const snapshots: Record<string, number[]> = {}
  for (const part of existsSync(join(runPath, "field-snapshots")) ? await readdir(join(runPath, "field-snapshots")) : []) {
    for (const batch of tableFromIPC(await readFile(join(runPath, "field-snapshots", part))).batches) {
      snapshots[String(batch.getChild("cycle")!.get(0))] = Array.from(batch.getChild("re")!.toArray() as Float64Array)
    }
  }
  return {
    snapshots,
    metrics: await read("metrics", "cycle"),
    events: await read("vortex-events", "cycle, kind, id"),
    worldlines: await read("worldlines", "died, id"),
  }
}

describe("hhml run --resume after SIGKILL", () => {
  it("ends with exactly the rows of an uninterrupted run, every cycle once", async () => {
    const reference = await mkdtemp(join(tmpdir(), "hhml-reference-"))
    expect((await hhml("run", "simulate", ...settings, "--data-dir", reference)).code).toBe(0)
    const expected = await tables((await onlyRun(reference)).path)
    expect(expected.metrics.map((row) => Number(row.cycle))).toEqual(Array.from({ length: cycles }, (_, i) => i))
    expect(Object.keys(expected.snapshots)).toHaveLength(cycles / 5)

    const crashed = await mkdtemp(join(tmpdir(), "hhml-crashed-"))
    // Kill points drawn from a seeded generator: reproducible, yet spread over startup, mid-run and near a checkpoint.
    const prng = Prng.seeded(20261124)
    let running = startHhml(["run", "simulate", ...settings, "--data-dir", crashed])
    let finished = false
    for (let attempt = 0; attempt < 3 && !finished; attempt++) {
      // Never kill before the run directory exists: that is a run that never started, not a crash to resume.
      while (!existsSync(join(crashed, "results")) || (await readdir(join(crashed, "results"))).length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await new Promise((resolve) => setTimeout(resolve, prng.between(0, 1200)))
      running.child.kill("SIGKILL")
      const killed = await running.exited
      finished = killed.code === 0 // it completed before the kill landed
      if (finished) break
      expect(killed.signal).toBe("SIGKILL")
      const { id, path } = await onlyRun(crashed)
      const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest
      // A killed run never gets to say it finished.
      expect(manifest.status).toBe("running")
      // Every visible part is complete and readable.
      await tables(path)
      running = startHhml(["run", "simulate", "--resume", id, "--data-dir", crashed])
    }
    if (!finished) expect((await running.exited).code).toBe(0)
    const { path } = await onlyRun(crashed)
    const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest
    expect(manifest).toMatchObject({ status: "completed", cyclesCompleted: cycles })
    expect(manifest.resumes?.length).toBeGreaterThan(0)
    expect(await tables(path)).toEqual(expected)
  }, 120_000)

  it("rejects an unknown run id with exit 2, naming it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hhml-resume-"))
    const result = await hhml("run", "simulate", "--resume", "no-such-run", "--data-dir", dataDir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown run id "no-such-run"')
  })
})
