import { mkdir, mkdtemp, readdir, truncate, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Chunk, Effect, Either } from "effect"
import { type TableSchema, parquetDataset } from "../../sinks/parquet-dataset.js"
import { describe, expect, it } from "vitest"
import { newManifest } from "../run/manifest.js"
import { readCatalog, selectRuns } from "./catalog.js"
import { inMemoryDuckDB } from "./duckdb.js"
import { runQuery } from "./query.js"
import { openResults } from "./results-database.js"

/** The table `demo`; version 2 adds a column, to check views take the union of columns by name. */
const demoTable = (version: 1 | 2): TableSchema<number> => ({
  name: "demo",
  version,
  cycleColumn: "i",
  columns: [
    { name: "i", type: "INT64", description: "row", value: (i) => i },
    ...(version === 2 ? [{ name: "twice", type: "DOUBLE" as const, description: "2 i", value: (i: number) => 2 * i }] : []),
  ],
})

/** Rows 0..9 as parts of 4 + 4 + 2 rows. */
const writeParts = (directory: string, version: 1 | 2) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(parquetDataset(demoTable(version), { directory, rowsPerPart: 4 }), (sink) =>
        sink.write(Chunk.range(0, 9)),
      ),
    ),
  )

/** A completed run of 10 rows in 3 parts (4 + 4 + 2) in the folder `demo-rows`. */
const makeRun = async (resultsDir: string, seed: number, version: 1 | 2) => {
  const now = new Date(Date.UTC(2026, 0, 1, 0, 0, seed))
  const id = `demo-${seed}`
  const path = join(resultsDir, id)
  await mkdir(join(path, "demo-rows"), { recursive: true })
  const manifest = newManifest({ runId: id, pipeline: "demo", config: { seed }, seed, compute: { kernel: "js", backend: "cpu" }, command: ["test"], now })
  await writeFile(join(path, "manifest.json"), JSON.stringify({ ...manifest, status: "completed", endedAt: now.toISOString(), cyclesCompleted: 10 }))
  await writeParts(join(path, "demo-rows"), version)
  return { id, path }
}

const twoRuns = async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "hhml-catalog-"))
  const resultsDir = join(dataDir, "results")
  const first = await makeRun(resultsDir, 1, 1)
  const second = await makeRun(resultsDir, 2, 2)
  return { dataDir, first, second }
}

const catalogOf = (dataDir: string) => Effect.runPromise(Effect.scoped(Effect.flatMap(inMemoryDuckDB, (connection) => readCatalog(connection, dataDir))))

const query = (dataDir: string, sql: string, runs: readonly string[] = []) =>
  Effect.runPromise(
    Effect.scoped(Effect.flatMap(openResults({ dataDir, runs }), (database) => runQuery(database.connection, sql))),
  )

describe("results catalog", () => {
  it("finds runs and their datasets, naming tables by the parts' metadata", async () => {
    const { dataDir, first, second } = await twoRuns()
    const catalog = await catalogOf(dataDir)
    expect(catalog.warnings).toEqual([])
    expect(catalog.runs.map((run) => run.id)).toEqual([first.id, second.id])
    expect(catalog.runs[0]?.manifest).toMatchObject({ pipeline: "demo", status: "completed", seed: 1, cyclesCompleted: 10 })
    expect(catalog.runs[0]?.datasets).toEqual([
      { folder: "demo-rows", table: "demo", parts: [0, 1, 2].map((n) => join(first.path, "demo-rows", `part-0000${n}.parquet`)) },
    ])
  })

  it("views join every run's parts by column name, with run_id, and a runs view", async () => {
    const { dataDir, first, second } = await twoRuns()
    const rows = await query(dataDir, "SELECT run_id, count(*) AS n, sum(i) AS s, count(twice) AS t FROM demo GROUP BY run_id ORDER BY run_id")
    expect(rows.rows).toEqual([
      [first.id, 10, 45, 0],
      [second.id, 10, 45, 10],
    ])
    const runs = await query(dataDir, "SELECT run_id, pipeline, status, seed, cycles_completed, kernel, backend, ended_at IS NOT NULL FROM runs ORDER BY seed")
    expect(runs.rows).toEqual([
      [first.id, "demo", "completed", 1, 10, "js", "cpu", true],
      [second.id, "demo", "completed", 2, 10, "js", "cpu", true],
    ])
    const narrowed = await query(dataDir, "SELECT DISTINCT run_id FROM demo UNION ALL SELECT run_id FROM runs", [second.id])
    expect(narrowed.rows).toEqual([[second.id], [second.id]])
  })

  it("leaves out a truncated part and a damaged manifest with warnings naming the files; the rest stays usable", async () => {
    const { dataDir, first, second } = await twoRuns()
    const bad = join(first.path, "demo-rows", "part-00001.parquet")
    await truncate(bad, 100)
    await mkdir(join(dataDir, "results", "damaged"))
    await writeFile(join(dataDir, "results", "damaged", "manifest.json"), '{"runId": "damaged", "status": "exploded"}')
    await writeFile(join(first.path, "demo-rows", "part-00003.parquet.tmp"), "a part still being written")
    const catalog = await catalogOf(dataDir)
    expect(catalog.runs.map((run) => run.id)).toEqual([first.id, second.id])
    expect(catalog.runs[0]?.datasets[0]?.parts).toEqual([0, 2].map((n) => join(first.path, "demo-rows", `part-0000${n}.parquet`)))
    expect(catalog.warnings.map((w) => w.file)).toEqual([join(dataDir, "results", "damaged", "manifest.json"), bad])
    expect(catalog.warnings[0]?.message).toMatch(/^skipping run damaged: .*manifest\.json: not a run manifest: pipeline: is missing; .*; status: Expected "running", "completed", "interrupted" or "failed", actual "exploded"; cyclesCompleted: is missing$/)
    expect(catalog.warnings[1]?.message).toBe(`skipping ${bad}: unreadable Parquet part (Invalid Input Error: No magic bytes found at end of file '${bad}')`)
    const rows = await query(dataDir, "SELECT run_id, count(*) FROM demo GROUP BY run_id ORDER BY run_id")
    expect(rows.rows).toEqual([
      [first.id, 6],
      [second.id, 10],
    ])
    expect(await readdir(join(first.path, "demo-rows"))).toContain("part-00001.parquet") // reported, never deleted
  })

  it("selects runs by id, failing on an unknown id (listing the known ones) and on an empty data folder", async () => {
    const { dataDir, first, second } = await twoRuns()
    const catalog = await catalogOf(dataDir)
    const unknown = await Effect.runPromise(Effect.either(selectRuns(catalog, [first.id, "nope"])))
    expect(Either.isLeft(unknown) && unknown.left).toMatchObject({
      _tag: "UnknownRunError",
      runId: "nope",
      message: `unknown run "nope" in ${join(dataDir, "results")}; known runs: ${first.id}, ${second.id}`,
    })
    const empty = await mkdtemp(join(tmpdir(), "hhml-empty-"))
    const none = await Effect.runPromise(Effect.either(selectRuns(await catalogOf(empty), [])))
    expect(Either.isLeft(none) && none.left).toMatchObject({ _tag: "NoRunsError", resultsDir: join(empty, "results") })
  })
})
