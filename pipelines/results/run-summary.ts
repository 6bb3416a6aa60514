/**
 * `hhml runs`: one row per run with its pipeline, status, cycles and start,
 * and, for runs with a `metrics` table, the final values (at the largest
 * `cycle`) of the summary columns the table has.
 */
import { Effect } from "effect"
import { type QueryError, type QueryResult, runQuery } from "./query.js"
import type { ResultsDatabase } from "./results-database.js"

/** The metrics columns shown, where present: the last cycle's vortex density and count. */
export const summaryColumns = ["vortex_density", "vortices"] as const

const finalValues = (columns: readonly string[]) => {
  const shown = summaryColumns.filter((column) => columns.includes(column))
  if (!columns.includes("cycle") || shown.length === 0) return { select: "", join: "" }
  return {
    select: shown.map((column) => `, final.${column}`).join(""),
    join:
      ` LEFT JOIN (SELECT run_id, ${shown.map((column) => `arg_max(${column}, cycle) AS ${column}`).join(", ")}` +
      ` FROM metrics GROUP BY run_id) AS final ON final.run_id = runs.run_id`,
  }
}

export const summarizeRuns = (database: ResultsDatabase): Effect.Effect<QueryResult, QueryError> =>
  Effect.gen(function* () {
    const columns = database.tables.includes("metrics")
      ? (yield* runQuery(database.connection, "SELECT column_name FROM (DESCRIBE metrics)")).rows.map((row) => String(row[0]))
      : []
    const final = finalValues(columns)
    return yield* runQuery(
      database.connection,
      `SELECT runs.run_id, runs.pipeline, runs.status, runs.cycles_completed AS cycles, runs.started_at${final.select}` +
        ` FROM runs${final.join} ORDER BY runs.started_at, runs.run_id`,
    )
  })
