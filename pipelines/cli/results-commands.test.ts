/**
 * `hhml query` and `hhml runs` as a user runs them (real child processes),
 * over two short simulate runs.
 */
import { cp, mkdtemp, readFile, readdir, stat, truncate } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { inMemoryDuckDB } from "../results/duckdb.js"
import { formatResult } from "../results/format.js"
import { runQuery } from "../results/query.js"
import { fileExamples, viewExamples } from "../results/reference.js"
import { type ResultsDatabase, openResults } from "../results/results-database.js"
import type { Manifest } from "../run/manifest.js"
import { hhml } from "./testing.js"

const csvRows = (text: string) => text.trimEnd().split("\n").map((line) => line.split(","))

/** The same database `hhml query` opens, in this process. */
const withResults = <A>(runs: readonly string[], use: (database: ResultsDatabase) => Effect.Effect<A, unknown>, dir = dataDir) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(openResults({ dataDir: dir, runs }), use)))

const rowsOf = (sql: string, runs: readonly string[] = [], dir = dataDir) =>
  withResults(runs, (database) => Effect.map(runQuery(database.connection, sql), (result) => result.rows), dir)

let dataDir: string
/** In order of start, as the catalog lists them. */
let runIds: string[]

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hhml-results-"))
  const runs = await Promise.all(
    [1, 2].map((seed) => hhml("run", "simulate", "--set", "run.cycles=20", "--set", `run.seed=${seed}`, "--data-dir", dataDir)),
  )
  for (const run of runs) expect(run.code, run.stderr).toBe(0)
  const ids = await readdir(join(dataDir, "results"))
  const started = async (id: string) => (JSON.parse(await readFile(join(dataDir, "results", id, "manifest.json"), "utf8")) as Manifest).startedAt
  const starts = new Map(await Promise.all(ids.map(async (id) => [id, await started(id)] as const)))
  runIds = ids.sort((a, b) => (starts.get(a)! < starts.get(b)! ? -1 : starts.get(a)! > starts.get(b)! ? 1 : a < b ? -1 : 1))
  expect(runIds).toHaveLength(2)
})

describe("hhml query", () => {
  it("has --help", async () => {
    const commands = ["query", "runs"]
    const results = await Promise.all(commands.map((command) => hhml(command, "--help")))
    results.forEach((result, i) => {
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(new RegExp(`^Usage: hhml ${commands[i]}`))
      expect(result.stdout).toContain("--format <format>")
    })
  })

  it("queries every run at once, with run_id; CSV when stdout is not a terminal", async () => {
    const result = await hhml("query", "SELECT run_id, count(*) AS n, min(cycle) AS first, max(cycle) AS last FROM metrics GROUP BY run_id ORDER BY run_id", "--data-dir", dataDir)
    expect(result).toMatchObject({ code: 0, stderr: "" })
    expect(csvRows(result.stdout)).toEqual([["run_id", "n", "first", "last"], ...[...runIds].sort().map((id) => [id, "20", "0", "19"])])
  })

  it("prints JSON: an array of objects, 64-bit integers as numbers", async () => {
    const sql = "SELECT run_id, cycle, vortex_density FROM metrics WHERE cycle < 2 ORDER BY run_id, cycle"
    const json = await hhml("query", sql, "--data-dir", dataDir, "--format", "json")
    const rows = JSON.parse(json.stdout) as Array<{ run_id: string; cycle: number; vortex_density: number }>
    expect(rows.map((r) => [r.run_id, r.cycle])).toEqual([...runIds].sort().flatMap((id) => [[id, 0], [id, 1]]))
    expect(rows.every((r) => typeof r.vortex_density === "number")).toBe(true)
  })

  it("leaves out a truncated part with a warning naming it; everything else stays queryable", async () => {
    const copy = await mkdtemp(join(tmpdir(), "hhml-truncated-"))
    await cp(dataDir, copy, { recursive: true })
    const part = join(copy, "results", runIds[0]!, "metrics", "part-00000.parquet")
    await truncate(part, Math.floor((await stat(part)).size / 2))
    const result = await hhml("query", "SELECT run_id, count(*) AS n FROM metrics GROUP BY run_id", "--data-dir", copy)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`warning: skipping ${part}: unreadable Parquet part (`)
    expect(csvRows(result.stdout)).toEqual([["run_id", "n"], [runIds[1], "20"]])
    expect(await rowsOf("SELECT count(DISTINCT run_id) FROM vortex_events UNION ALL SELECT count(*) FROM runs", [], copy)).toEqual([[2], [2]])
  })

  it("rejects malformed SQL with exit status 2, DuckDB's message and the query", async () => {
    const result = await hhml("query", "SELEC * FROM metrics", "--data-dir", dataDir)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^Query failed: Parser Error: syntax error at or near "SELEC"/)
    expect(result.stderr).toContain("Query: SELEC * FROM metrics")
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it("rejects an unknown run id (listing the known ones) and an empty data folder with exit status 2", async () => {
    const empty = await mkdtemp(join(tmpdir(), "hhml-empty-"))
    const [unknown, none] = await Promise.all([
      hhml("query", "SELECT 1", "--data-dir", dataDir, "--run", "simulate-nope"),
      hhml("query", "SELECT 1", "--data-dir", empty),
    ])
    expect(unknown!.code).toBe(2)
    expect(unknown!.stderr).toBe(`unknown run "simulate-nope" in ${join(dataDir, "results")}; known runs: ${runIds.join(", ")}\n`)
    expect(none!.code).toBe(2)
    expect(none!.stderr).toMatch(new RegExp(`^No runs found in ${join(empty, "results")} \\(start one with "hhml run simulate"`))
  })

})

describe("the results database", () => {
  it("prints an aligned table: a header, a rule, numbers right-aligned, a row count", async () => {
    const result = await withResults([], (database) => runQuery(database.connection, "SELECT run_id, cycle, vortex_density FROM metrics WHERE cycle < 2 ORDER BY run_id, cycle"))
    const lines = formatResult(result, "table").trimEnd().split("\n")
    expect(lines[0]).toMatch(/^run_id {2,}cycle {2,}vortex_density$/)
    expect(lines[1]).toMatch(/^-{31} {2}-{5} {2}-+$/)
    expect(lines[2]).toMatch(/^simulate-\S+ {2} {4}0 {2} *0\.\d+$/)
    expect(lines.at(-1)).toBe("(4 rows)")
  })

  it("has a view per table, each starting with run_id, and a runs view", async () => {
    expect(await rowsOf("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name")).toEqual([["metrics"], ["runs"], ["vortex_events"], ["worldlines"]])
    for (const table of ["metrics", "vortex_events", "worldlines"]) {
      expect((await rowsOf(`SELECT column_name FROM (DESCRIBE ${table})`))[0], table).toEqual(["run_id"])
    }
    expect(await rowsOf("SELECT run_id, pipeline, status, cycles_completed, kernel FROM runs")).toEqual(
      runIds.map((id) => [id, "simulate", "completed", 20, "js"]),
    )
    expect(await rowsOf("SELECT seed FROM runs ORDER BY seed")).toEqual([[1], [2]])
  })

  it("narrows every view to the runs asked for", async () => {
    const sql = "SELECT DISTINCT run_id FROM metrics UNION ALL SELECT DISTINCT run_id FROM vortex_events UNION ALL SELECT run_id FROM runs"
    expect(await rowsOf(sql, [runIds[1]!])).toEqual([[runIds[1]], [runIds[1]], [runIds[1]]])
  })

  it("fails a query on an unknown table with DuckDB's message", async () => {
    const failure = await withResults([], (database) => Effect.flip(runQuery(database.connection, "SELECT * FROM nope")))
    expect(failure).toMatchObject({ _tag: "QueryError", query: "SELECT * FROM nope" })
    expect(failure.message).toMatch(/^Query failed: Catalog Error: Table with name nope does not exist/)
  })

  it("runs the queries docs/results.md shows", async () => {
    for (const example of viewExamples) expect((await rowsOf(example.sql)).length, example.title).toBeGreaterThan(0)
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const connection = yield* inMemoryDuckDB
          for (const example of fileExamples) {
            const result = yield* runQuery(connection, example.sql.replaceAll("'data/results/", `'${dataDir}/results/`))
            expect(result.rows.length, example.title).toBeGreaterThan(0)
          }
        }),
      ),
    )
  })
})

describe("hhml runs", () => {
  it("lists every run with pipeline, status, cycles, start and final metrics", async () => {
    const result = await hhml("runs", "--data-dir", dataDir)
    expect(result).toMatchObject({ code: 0, stderr: "" })
    const [header, ...rows] = csvRows(result.stdout)
    expect(header).toEqual(["run_id", "pipeline", "status", "cycles", "started_at", "vortex_density", "vortices"])
    expect(rows.map((row) => row.slice(0, 4))).toEqual(runIds.map((id) => [id, "simulate", "completed", "20"]))
    for (const row of rows) {
      expect(row[4]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00$/)
      expect(Number(row[5])).toBeGreaterThanOrEqual(0)
      expect(Number.isInteger(Number(row[6]))).toBe(true)
    }
    const last = await rowsOf(`SELECT vortex_density, vortices FROM metrics WHERE cycle = 19 AND run_id = '${runIds[0]}'`)
    expect(last[0]?.map(String)).toEqual(rows[0]!.slice(5))
  })
})
