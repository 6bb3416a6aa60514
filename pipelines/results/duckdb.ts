/**
 * An in-memory DuckDB connection as a scoped resource (closed with its scope),
 * and quoting of SQL literals and identifiers for the views built over runs.
 */
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"
import { Data, Effect, type Scope } from "effect"
import { errorMessage } from "../../stages/stage.js"

export class DuckDBError extends Data.TaggedError("DuckDBError")<{
  readonly message: string
}> {}

/** A fresh in-memory database; timestamps are shown in UTC whatever the machine's zone. */
export const inMemoryDuckDB: Effect.Effect<DuckDBConnection, DuckDBError, Scope.Scope> = Effect.acquireRelease(
  Effect.tryPromise({
    try: async () => {
      const instance = await DuckDBInstance.create(":memory:")
      const connection = await instance.connect()
      await connection.run("SET TimeZone = 'UTC'")
      return { instance, connection }
    },
    catch: (error) => new DuckDBError({ message: `cannot start DuckDB: ${errorMessage(error)}` }),
  }),
  ({ instance, connection }) =>
    Effect.sync(() => {
      connection.closeSync()
      instance.closeSync()
    }),
).pipe(Effect.map(({ connection }) => connection))

/** Runs statements whose failure is the program's, not the user's (view definitions). */
export const execute = (connection: DuckDBConnection, sql: string, what: string): Effect.Effect<void, DuckDBError> =>
  Effect.tryPromise({
    try: () => connection.run(sql),
    catch: (error) => new DuckDBError({ message: `cannot ${what}: ${errorMessage(error)}` }),
  }).pipe(Effect.asVoid)

export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`

export const sqlIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`

export const sqlStringList = (items: readonly string[]): string => `[${items.map(sqlString).join(", ")}]`

export const sqlLiteral = (value: string | number | null): string =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : sqlString(value)
