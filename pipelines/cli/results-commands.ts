/**
 * `hhml query "<SQL>"` and `hhml runs`: the runs under a data folder as
 * DuckDB views, queried or summarised, printed as a table, CSV or JSON.
 * Parts or runs left out (unreadable files) are named on stderr. Exit status:
 * 0 done, 1 DuckDB or the file system failed, 2 bad input (malformed SQL, an
 * unknown run id, no runs).
 */
import { Effect, Either } from "effect"
import type { NoRunsError, ResultsDirError, UnknownRunError } from "../results/catalog.js"
import type { DuckDBError } from "../results/duckdb.js"
import { type OutputFormat, defaultFormat, formatResult } from "../results/format.js"
import { type QueryError, type QueryResult, runQuery } from "../results/query.js"
import { type ResultsDatabase, openResults } from "../results/results-database.js"
import { summarizeRuns } from "../results/run-summary.js"

export interface ResultsCommandOptions {
  readonly dataDir: string
  readonly format?: OutputFormat
  readonly run?: readonly string[]
}

type ResultsError = DuckDBError | ResultsDirError | NoRunsError | UnknownRunError | QueryError

const exitStatus = (error: ResultsError): number => {
  switch (error._tag) {
    case "NoRunsError":
    case "UnknownRunError":
    case "QueryError":
      return 2
    case "DuckDBError":
    case "ResultsDirError":
      return 1
  }
}

const withResults = async (
  options: ResultsCommandOptions,
  use: (database: ResultsDatabase) => Effect.Effect<QueryResult, QueryError>,
): Promise<number> => {
  const program = Effect.scoped(
    Effect.flatMap(
      openResults({
        dataDir: options.dataDir,
        runs: options.run ?? [],
        onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
      }),
      use,
    ),
  )
  const outcome = await Effect.runPromise(Effect.either(program))
  if (Either.isLeft(outcome)) {
    process.stderr.write(`${outcome.left.message}\n`)
    return exitStatus(outcome.left)
  }
  // A reader that stops early (`hhml query ... | head`) closes the pipe: not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error
  })
  process.stdout.write(formatResult(outcome.right, options.format ?? defaultFormat(process.stdout.isTTY)))
  return 0
}

/** `hhml query`: resolves to the exit status. */
export const queryCommand = (query: string, options: ResultsCommandOptions): Promise<number> =>
  withResults(options, (database) => runQuery(database.connection, query))

/** `hhml runs`: resolves to the exit status. */
export const runsCommand = (options: ResultsCommandOptions): Promise<number> => withResults(options, summarizeRuns)
