/**
 * One run as the whitepaper reads it, through the results layer: its
 * manifest (the catalog's fields plus command, versions and host), its
 * resolved config, and its tables as DuckDB views (`hhml query --run <id>`
 * sees the same), each with the column types, units and meanings its Parquet
 * parts carry.
 */
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import type { Json } from "@duckdb/node-api"
import { Data, Effect, Schema, type Scope } from "effect"
import YAML from "yaml"
import type { NoRunsError, ResultsDirError, UnknownRunError } from "../../pipelines/results/catalog.js"
import { type DuckDBError, sqlString, sqlStringList } from "../../pipelines/results/duckdb.js"
import { type QueryError, type QueryResult, runQuery } from "../../pipelines/results/query.js"
import { openResults } from "../../pipelines/results/results-database.js"
import { type ManifestError, type RunManifest, readManifestWith } from "../../pipelines/results/run-manifest.js"
import { configHash } from "../../pipelines/run/manifest.js"
import { errorMessage } from "../stage.js"

export class ReportError extends Data.TaggedError("ReportError")<{
  readonly message: string
}> {}

/** The manifest fields beyond the catalog's; absent in manifests written before they existed. */
const manifestDetailsSchema = Schema.Struct({
  command: Schema.optional(Schema.Array(Schema.String)),
  versions: Schema.optional(
    Schema.Struct({ hhml: Schema.String, node: Schema.String, packages: Schema.Record({ key: Schema.String, value: Schema.String }) }),
  ),
  host: Schema.optional(
    Schema.Struct({
      hostname: Schema.String,
      platform: Schema.String,
      arch: Schema.String,
      cpuModel: Schema.String,
      cores: Schema.Number,
      memoryBytes: Schema.Number,
    }),
  ),
  resumes: Schema.optional(Schema.Array(Schema.Struct({ at: Schema.String, fromCycle: Schema.Number }))),
})

export type ManifestDetails = Schema.Schema.Type<typeof manifestDetailsSchema>

export interface ColumnInfo {
  readonly name: string
  /** DuckDB's type, e.g. `DOUBLE`, `BIGINT`, `VARCHAR`. */
  readonly type: string
  readonly numeric: boolean
  readonly unit: string | null
  readonly description: string | null
}

export interface RunTable {
  /** The view's name, e.g. `metrics`, `vortex_events`. */
  readonly table: string
  /** The dataset's folder in the run directory. */
  readonly folder: string
  readonly parts: number
  /** The column holding the cycle a row belongs to (from the parts' metadata), if any. */
  readonly cycleColumn: string | null
  /** The columns the run recorded (the view's own additions, such as `run_id`, left out). */
  readonly columns: readonly ColumnInfo[]
}

export interface RunData {
  readonly id: string
  readonly path: string
  readonly manifest: RunManifest
  readonly details: ManifestDetails
  /** The resolved config as read from config.yaml. */
  readonly config: unknown
  /** SHA-256 of config.yaml's content in canonical JSON, as the manifest's configHash is computed. */
  readonly configFileHash: string
  readonly tables: readonly RunTable[]
  /** Parts or runs the catalog left out (unreadable files), as it reported them. */
  readonly warnings: readonly string[]
  readonly query: (sql: string) => Effect.Effect<QueryResult, QueryError>
}

export type RunDataError = DuckDBError | ResultsDirError | NoRunsError | UnknownRunError | ManifestError | QueryError | ReportError

/** A query result's rows as objects keyed by column name. */
export const rowObjects = (result: QueryResult): Array<Record<string, Json>> =>
  result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column.name, row[i] ?? null])))

const columnMetadata = Schema.parseJson(
  Schema.Array(Schema.Struct({ name: Schema.String, description: Schema.String, unit: Schema.NullOr(Schema.String) })),
)

/** The `hhml.columns` and `hhml.cycle_column` metadata of a dataset's first part. */
const partMetadata = (query: RunData["query"], part: string) =>
  Effect.map(
    query(
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${sqlString(part)}) ` +
        `WHERE decode(key) IN ('hhml.columns', 'hhml.cycle_column')`,
    ),
    (result) => {
      const values = new Map(rowObjects(result).map((row) => [String(row.key), String(row.value)]))
      const columns = values.has("hhml.columns") ? Schema.decodeUnknownOption(columnMetadata)(values.get("hhml.columns")) : null
      return {
        cycleColumn: values.get("hhml.cycle_column") ?? null,
        columns: new Map((columns?._tag === "Some" ? columns.value : []).map((c) => [c.name, c] as const)),
      }
    },
  )

const readConfig = (path: string) =>
  Effect.tryPromise({
    try: async () => YAML.parse(await readFile(join(path, "config.yaml"), "utf8")) as unknown,
    catch: (error) => new ReportError({ message: `cannot read ${join(path, "config.yaml")}: ${errorMessage(error)}` }),
  })

/** Opens one run of `<dataDir>/results/` for reading; the DuckDB connection closes with the scope. */
export const openRunData = (options: {
  readonly dataDir: string
  readonly runId: string
  readonly onWarning?: (message: string) => void
}): Effect.Effect<RunData, RunDataError, Scope.Scope> =>
  Effect.gen(function* () {
    const everyWarning: string[] = []
    const database = yield* openResults({ dataDir: options.dataDir, runs: [options.runId], onWarning: (message) => everyWarning.push(message) })
    const run = database.catalog.runs[0]!
    // The catalog reads every run; only this run's files matter here.
    const warnings = everyWarning.filter((message) => message.includes(`${run.path}/`))
    for (const message of warnings) options.onWarning?.(message)
    const query = (sql: string) => runQuery(database.connection, sql)
    const details = yield* readManifestWith(manifestDetailsSchema, join(run.path, "manifest.json"))
    const config = yield* readConfig(run.path)
    const tables = yield* Effect.forEach(run.datasets, (dataset) =>
      Effect.gen(function* () {
        const metadata = yield* partMetadata(query, dataset.parts[0]!)
        // The parts' own columns: the views add run_id and sweep columns in front.
        const probe = yield* query(`SELECT * FROM read_parquet(${sqlStringList(dataset.parts)}, union_by_name = true) LIMIT 0`)
        return {
          table: dataset.table,
          folder: dataset.folder,
          parts: dataset.parts.length,
          cycleColumn: metadata.cycleColumn,
          columns: probe.columns.map(({ name, type, numeric }) => {
            const meta = metadata.columns.get(name)
            return { name, type, numeric, unit: meta?.unit ?? null, description: meta?.description ?? null }
          }),
        }
      }),
    )
    return {
      id: run.id,
      path: run.path,
      manifest: run.manifest,
      details,
      config,
      configFileHash: configHash(config),
      tables,
      warnings,
      query,
    }
  })

/** The run's table named `name`, if it recorded one. */
export const findTable = (data: RunData, name: string): RunTable | undefined => data.tables.find((t) => t.table === name)

/** The columns of `table` that exist, in the order asked. */
export const presentColumns = (table: RunTable, names: readonly string[]): string[] =>
  names.filter((name) => table.columns.some((column) => column.name === name))

/** A column's axis or header label: its name and, where recorded, its unit. */
export const columnLabel = (table: RunTable, name: string): string => {
  const unit = table.columns.find((column) => column.name === name)?.unit
  return unit === null || unit === undefined || unit === "1" ? name : `${name} (${unit})`
}
