/**
 * Runs as one in-memory DuckDB database: a view per table across every run
 * (`read_parquet` over the readable parts, `union_by_name`, plus a `run_id`
 * column), and a `runs` view of the manifests.
 */
import type { DuckDBConnection } from "@duckdb/node-api"
import { Effect, type Scope } from "effect"
import { type Catalog, type CatalogRun, type NoRunsError, type ResultsDirError, type UnknownRunError, readCatalog, selectRuns } from "./catalog.js"
import { type DuckDBError, execute, inMemoryDuckDB, sqlIdentifier, sqlLiteral, sqlString, sqlStringList } from "./duckdb.js"

export interface RunColumn {
  readonly name: string
  readonly type: "VARCHAR" | "BIGINT" | "TIMESTAMPTZ"
  readonly description: string
  readonly value: (run: CatalogRun) => string | number | null
}

/** The columns of the `runs` view, one row per run, from its manifest. */
export const runColumns: readonly RunColumn[] = [
  { name: "run_id", type: "VARCHAR", description: "Run id: the run's folder name, `<pipeline>-<UTC start>-<config hash prefix>`", value: (r) => r.id },
  { name: "pipeline", type: "VARCHAR", description: "Pipeline that ran, e.g. `simulate`", value: (r) => r.manifest.pipeline },
  { name: "status", type: "VARCHAR", description: "running, completed, interrupted or failed", value: (r) => r.manifest.status },
  { name: "seed", type: "BIGINT", description: "PRNG seed (`run.seed`)", value: (r) => r.manifest.seed },
  { name: "config_hash", type: "VARCHAR", description: "SHA-256 of the resolved config (canonical JSON)", value: (r) => r.manifest.configHash },
  { name: "started_at", type: "TIMESTAMPTZ", description: "Start time (UTC)", value: (r) => r.manifest.startedAt },
  { name: "ended_at", type: "TIMESTAMPTZ", description: "End time (UTC); null while running", value: (r) => r.manifest.endedAt },
  { name: "cycles_completed", type: "BIGINT", description: "Cycles completed", value: (r) => r.manifest.cyclesCompleted },
  { name: "backend", type: "VARCHAR", description: "tfjs backend chosen (tensorflow-gpu, tensorflow, wasm, cpu)", value: (r) => r.manifest.compute.backend },
  { name: "kernel", type: "VARCHAR", description: "Compute kernel (js or tfjs)", value: (r) => r.manifest.compute.kernel },
  { name: "reason", type: "VARCHAR", description: "Why a run failed or was interrupted; null otherwise", value: (r) => r.manifest.reason ?? null },
  { name: "sweep_id", type: "VARCHAR", description: "The sweep (`hhml sweep`) the run is a member of; null for other runs", value: (r) => r.sweep?.id ?? null },
  { name: "member", type: "BIGINT", description: "The run's member number in its sweep; null for other runs", value: (r) => r.sweep?.member ?? null },
]

const runsView = (runs: readonly CatalogRun[]): string => {
  const typed = (values: ReadonlyArray<string | number | null>) =>
    runColumns.map((column, i) => `CAST(${sqlLiteral(values[i] ?? null)} AS ${column.type}) AS ${column.name}`).join(", ")
  const rows = runs.map((run) => `SELECT ${typed(runColumns.map((column) => column.value(run)))}`)
  return `CREATE VIEW runs AS ${[`SELECT ${typed([])} WHERE false`, ...rows].join(" UNION ALL ")}`
}

interface Part {
  readonly file: string
  readonly run: CatalogRun
}

const tableView = (table: string, parts: readonly Part[]): string =>
  `CREATE VIEW ${sqlIdentifier(table)} AS ` +
  `SELECT part.run_id, part.sweep_id, part.member, data.* EXCLUDE (hhml_part_file) ` +
  `FROM read_parquet(${sqlStringList(parts.map((p) => p.file))}, union_by_name = true, filename = 'hhml_part_file') AS data ` +
  `JOIN (VALUES ${parts
    .map((p) => `(${sqlString(p.file)}, ${sqlString(p.run.id)}, CAST(${sqlLiteral(p.run.sweep?.id ?? null)} AS VARCHAR), CAST(${sqlLiteral(p.run.sweep?.member ?? null)} AS BIGINT))`)
    .join(", ")}) AS part(file, run_id, sweep_id, member) ` +
  `ON data.hhml_part_file = part.file`

/** The parts of each table across runs, tables in order of first appearance. */
const partsByTable = (catalog: Catalog): Map<string, Part[]> => {
  const tables = new Map<string, Part[]>()
  for (const run of catalog.runs) {
    for (const dataset of run.datasets) {
      const parts = tables.get(dataset.table) ?? []
      parts.push(...dataset.parts.map((file) => ({ file, run })))
      tables.set(dataset.table, parts)
    }
  }
  return tables
}

/** Creates the `runs` view and one view per table; resolves to the table views' names. */
export const createViews = (connection: DuckDBConnection, catalog: Catalog): Effect.Effect<readonly string[], DuckDBError> =>
  Effect.gen(function* () {
    yield* execute(connection, runsView(catalog.runs), "create the runs view")
    const tables = partsByTable(catalog)
    for (const [table, parts] of tables) yield* execute(connection, tableView(table, parts), `create the view of table ${table}`)
    return [...tables.keys()]
  })

export interface ResultsDatabase {
  readonly connection: DuckDBConnection
  /** The (selected) runs and what was left out. */
  readonly catalog: Catalog
  /** Names of the table views, besides `runs`. */
  readonly tables: readonly string[]
}

export interface OpenResultsOptions {
  readonly dataDir: string
  /** Only these runs; all when empty. */
  readonly runs?: readonly string[]
  /** Told about every part or run left out, before any view is created. */
  readonly onWarning?: (message: string) => void
}

export const openResults = (
  options: OpenResultsOptions,
): Effect.Effect<ResultsDatabase, DuckDBError | ResultsDirError | NoRunsError | UnknownRunError, Scope.Scope> =>
  Effect.gen(function* () {
    const connection = yield* inMemoryDuckDB
    const all = yield* readCatalog(connection, options.dataDir)
    for (const warning of all.warnings) options.onWarning?.(warning.message)
    const catalog = yield* selectRuns(all, options.runs ?? [])
    const tables = yield* createViews(connection, catalog)
    return { connection, catalog, tables }
  })
