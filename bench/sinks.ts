/**
 * The result sinks: rows per second into the Parquet dataset sink for a
 * 20-column metrics table, compared in the same run with DuckDB writing the
 * same rows from a table it already holds (COPY ... TO ... (FORMAT parquet));
 * and bytes per second of field snapshots into the Arrow IPC sink.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { Chunk, Effect } from "effect"
import { arrowIpcDataset } from "../sinks/arrow-ipc.js"
import { type Column, type TableSchema, parquetDataset } from "../sinks/parquet-dataset.js"
import { fieldSnapshotsTable } from "../stages/simulation/tables.js"
import type { Frame } from "../stages/simulation/frame.js"
import { type Benchmark, measure, type Result } from "./harness.js"

const sizes = { full: { rows: 1_000_000, nodes: 65_536, snapshots: 32 }, quick: { rows: 5_000, nodes: 1_024, snapshots: 4 } } as const

/** cycle plus 19 doubles: the shape of a metrics row. */
const metricsLike: TableSchema<number> = {
  name: "bench_metrics",
  version: 1,
  cycleColumn: "cycle",
  columns: [
    { name: "cycle", type: "INT64", description: "row", value: (i) => i },
    ...Array.from({ length: 19 }, (_, c): Column<number> => ({ name: `m${c}`, type: "DOUBLE", description: "value", value: (i) => Math.sin(i + c) })),
  ],
}

const bytesIn = (directory: string) => readdirSync(directory).reduce((sum, name) => sum + statSync(join(directory, name)).size, 0)

export const sinks: Benchmark = {
  name: "sinks",
  description: "Parquet sink rows/s on a 20-column table vs DuckDB COPY of the same rows; Arrow IPC field snapshot MiB/s",
  run: async (context) => {
    const size = context.quick ? sizes.quick : sizes.full
    // Whole-dataset writes take seconds: fewer repeats than the default.
    const settings = { ...context.settings, repeats: Math.min(context.settings.repeats, 3), warmup: 0 }
    const scratch = mkdtempSync(join(tmpdir(), "hhml-bench-sinks-"))
    try {
      const rows = Chunk.range(0, size.rows - 1)
      let run = 0
      context.log(`sinks: ${size.rows} rows into the Parquet sink`)
      const sink = await measure(async (times) => {
        for (let t = 0; t < times; t++) {
          const directory = join(scratch, `parquet-${run++}`)
          await Effect.runPromise(Effect.scoped(Effect.flatMap(parquetDataset(metricsLike, { directory }), (s) => s.write(rows))))
        }
      }, settings)

      context.log(`sinks: the same rows by DuckDB COPY`)
      const connection = await (await DuckDBInstance.create(":memory:")).connect()
      await connection.run(
        `CREATE TABLE rows AS SELECT i::BIGINT AS cycle, ${Array.from({ length: 19 }, (_, c) => `sin(i + ${c}) AS m${c}`).join(", ")} FROM range(${size.rows}) t(i)`,
      )
      const copy = await measure(async (times) => {
        for (let t = 0; t < times; t++) {
          await connection.run(`COPY rows TO '${join(scratch, `copy-${run++}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`)
        }
      }, settings)
      connection.closeSync()

      context.log(`sinks: ${size.snapshots} field snapshots of ${size.nodes} nodes into the Arrow IPC sink`)
      const field = { re: Float64Array.from({ length: size.nodes }, Math.sin), im: Float64Array.from({ length: size.nodes }, Math.cos) }
      const frames = Chunk.makeBy(size.snapshots, (cycle) => ({ cycle, field }) as unknown as Frame)
      let snapshotBytes = 0
      const snapshots = await measure(async (times) => {
        for (let t = 0; t < times; t++) {
          const directory = join(scratch, `arrow-${run++}`)
          await Effect.runPromise(Effect.scoped(Effect.flatMap(arrowIpcDataset(fieldSnapshotsTable, { directory }), (s) => s.write(frames))))
          snapshotBytes = bytesIn(directory)
        }
      }, settings)

      const rowSizes = { rows: size.rows, columns: metricsLike.columns.length }
      const results: Result[] = [
        { case: "parquet sink (DuckDB appender + COPY)", sizes: rowSizes, kernel: "js", backend: null, threads: 1, unit: "row", itemsPerOp: size.rows, timing: sink },
        { case: "DuckDB COPY of the same rows", sizes: rowSizes, kernel: "js", backend: null, threads: null, unit: "row", itemsPerOp: size.rows, timing: copy },
        {
          case: "arrow ipc field snapshots",
          sizes: { nodes: size.nodes, snapshots: size.snapshots, bytes: snapshotBytes },
          kernel: "js",
          backend: null,
          threads: 1,
          unit: "MiB",
          itemsPerOp: snapshotBytes / 2 ** 20,
          timing: snapshots,
        },
      ]
      context.log(`sinks: Parquet sink / DuckDB COPY time ratio ${(sink.medianMs / copy.medianMs).toFixed(2)} (target: within 3)`)
      return results
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  },
}
