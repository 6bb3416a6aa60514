import { mkdtemp, readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { Chunk, Effect } from "effect"
import { describe, expect, it } from "vitest"
import { type TableSchema, parquetDataset } from "./parquet-dataset.js"

interface Row {
  readonly cycle: number
  readonly x: number
  readonly label: string
  readonly flag: boolean
  readonly maybe: number | null
}

const table: TableSchema<Row> = {
  name: "test_rows",
  version: 3,
  cycleColumn: "cycle",
  columns: [
    { name: "cycle", type: "INT64", description: "cycle", value: (r) => r.cycle },
    { name: "x", type: "DOUBLE", unit: "m", description: "a value", value: (r) => r.x },
    { name: "label", type: "UTF8", description: "text with 'quotes'", value: (r) => r.label },
    { name: "flag", type: "BOOLEAN", description: "a flag", value: (r) => r.flag },
    { name: "maybe", type: "INT32", optional: true, description: "sometimes null", value: (r) => r.maybe },
  ],
}

const rows = (from: number, to: number): Row[] =>
  Array.from({ length: to - from }, (_, k) => {
    const cycle = from + k
    return { cycle, x: cycle / 3, label: `row '${cycle}'`, flag: cycle % 2 === 0, maybe: cycle % 3 === 0 ? null : cycle }
  })

const query = async (sql: string) => {
  const connection = await (await DuckDBInstance.create(":memory:")).connect()
  return (await connection.runAndReadAll(sql)).getRowObjectsJson()
}

describe("parquetDataset", () => {
  it("writes rolling, complete parts with every value, type and null intact", async () => {
    const directory = await mkdtemp(join(tmpdir(), "hhml-parquet-"))
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(parquetDataset(table, { directory, rowsPerPart: 40, metadata: { "hhml.run_id": "r1" } }), (sink) =>
          Effect.forEach([rows(0, 25), rows(25, 100)], (chunk) => sink.write(Chunk.fromIterable(chunk)), { discard: true }),
        ),
      ),
    )
    expect(await readdir(directory)).toEqual(["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"])
    const read = await query(`SELECT * FROM read_parquet('${directory}/*.parquet') ORDER BY cycle`)
    expect(read).toEqual(
      rows(0, 100).map((r) => ({ ...r, cycle: String(r.cycle) })),
    )
  })

  it("describes itself: table, schema version, units, run metadata and each part's cycle range", async () => {
    const directory = await mkdtemp(join(tmpdir(), "hhml-parquet-"))
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(parquetDataset(table, { directory, rowsPerPart: 10, metadata: { "hhml.run_id": "r1" } }), (sink) =>
          sink.write(Chunk.fromIterable(rows(5, 20))),
        ),
      ),
    )
    const kv = await query(
      `SELECT file_name, decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${directory}/*.parquet')`,
    )
    const of = (file: string, key: string) => kv.find((e) => String(e.file_name).endsWith(file) && e.key === key)?.value
    expect(of("part-00000.parquet", "hhml.table")).toBe("test_rows")
    expect(of("part-00000.parquet", "hhml.schema_version")).toBe("3")
    expect(of("part-00000.parquet", "hhml.run_id")).toBe("r1")
    expect([of("part-00000.parquet", "hhml.cycle_min"), of("part-00000.parquet", "hhml.cycle_max")]).toEqual(["5", "14"])
    expect([of("part-00001.parquet", "hhml.cycle_min"), of("part-00001.parquet", "hhml.cycle_max")]).toEqual(["15", "19"])
    const columns = JSON.parse(String(of("part-00001.parquet", "hhml.columns"))) as { name: string; unit: string | null }[]
    expect(columns.find((c) => c.name === "x")?.unit).toBe("m")
  })

  it("flushes buffered rows into a part on demand, and continues numbering after existing parts", async () => {
    const directory = await mkdtemp(join(tmpdir(), "hhml-parquet-"))
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const sink = yield* parquetDataset(table, { directory })
          yield* sink.write(Chunk.fromIterable(rows(0, 3)))
          expect(yield* Effect.promise(() => readdir(directory))).toEqual([])
          yield* sink.flush ?? Effect.die("the Parquet sink must flush")
          expect(yield* Effect.promise(() => readdir(directory))).toEqual(["part-00000.parquet"])
        }),
      ),
    )
    await Effect.runPromise(
      Effect.scoped(Effect.flatMap(parquetDataset(table, { directory }), (sink) => sink.write(Chunk.fromIterable(rows(3, 6))))),
    )
    expect(await readdir(directory)).toEqual(["part-00000.parquet", "part-00001.parquet"])
    expect(await query(`SELECT count(*)::INT AS n FROM read_parquet('${directory}/*.parquet')`)).toEqual([{ n: 6 }])
  })
})
