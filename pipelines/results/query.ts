/**
 * Running one user query (one or more SQL statements; the last one's rows are
 * the result) and reading its rows as JSON-ready values: 64- and 128-bit
 * integers become numbers where they fit exactly, else strings.
 */
import { type DuckDBConnection, type DuckDBValueConverter, DuckDBTypeId, type Json, JsonDuckDBValueConverter } from "@duckdb/node-api"
import { Data, Effect } from "effect"
import { errorMessage } from "../../stages/stage.js"

export class QueryError extends Data.TaggedError("QueryError")<{
  readonly query: string
  readonly message: string
}> {}

export interface ResultColumn {
  /** Unique among the result's columns (DuckDB appends `:1`, `:2` to repeated names). */
  readonly name: string
  /** DuckDB's type, e.g. `BIGINT`, `DOUBLE`, `VARCHAR`. */
  readonly type: string
  readonly numeric: boolean
}

export interface QueryResult {
  readonly columns: readonly ResultColumn[]
  readonly rows: ReadonlyArray<ReadonlyArray<Json>>
}

const bigIntegers = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT])

const numericTypes = new Set<DuckDBTypeId>([
  ...bigIntegers,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
])

const toJson: DuckDBValueConverter<Json> = (value, type, converter) => {
  if (bigIntegers.has(type.typeId) && typeof value === "bigint") {
    return Number.isSafeInteger(Number(value)) ? Number(value) : String(value)
  }
  return JsonDuckDBValueConverter(value, type, converter)
}

export const runQuery = (connection: DuckDBConnection, query: string): Effect.Effect<QueryResult, QueryError> =>
  Effect.tryPromise({
    try: async () => {
      const reader = await connection.streamAndReadAll(query)
      const names = reader.deduplicatedColumnNames()
      return {
        columns: names.map((name, i) => ({
          name,
          type: reader.columnType(i).toString(),
          numeric: numericTypes.has(reader.columnTypeId(i)),
        })),
        rows: reader.convertRows(toJson),
      }
    },
    catch: (error) => new QueryError({ query, message: `Query failed: ${errorMessage(error).replace(/^Failed to extract statements: /, "")}\nQuery: ${query}` }),
  })
