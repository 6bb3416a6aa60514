/**
 * Cheap validation of Parquet part files: DuckDB reads only each file's
 * footer (`parquet_kv_metadata`), which fails on a truncated, empty or
 * otherwise unreadable part. All parts are checked in one query; only if that
 * fails is each part checked on its own, to name the bad ones. A part's
 * `hhml.table` metadata says which table it belongs to.
 */
import type { DuckDBConnection } from "@duckdb/node-api"
import { Effect } from "effect"
import { errorMessage } from "../../stages/stage.js"
import { sqlStringList } from "./duckdb.js"

export interface PartCheck {
  /** Readable parts, with the table named in their metadata (null where a part names none). */
  readonly readable: ReadonlyMap<string, string | null>
  /** Unreadable parts and DuckDB's reason. */
  readonly unreadable: ReadonlyArray<{ readonly file: string; readonly reason: string }>
}

const tableNames = async (connection: DuckDBConnection, files: readonly string[]): Promise<Map<string, string | null>> => {
  const reader = await connection.runAndReadAll(
    `SELECT file_name, decode(value) AS table_name FROM parquet_kv_metadata(${sqlStringList(files)}) WHERE key = encode('hhml.table')`,
  )
  const named = new Map(reader.getRowObjectsJson().map((row) => [String(row.file_name), String(row.table_name)]))
  return new Map(files.map((file) => [file, named.get(file) ?? null]))
}

const checkEach = async (connection: DuckDBConnection, files: readonly string[]): Promise<PartCheck> => {
  const readable = new Map<string, string | null>()
  const unreadable: Array<{ file: string; reason: string }> = []
  for (const file of files) {
    try {
      readable.set(file, (await tableNames(connection, [file])).get(file) ?? null)
    } catch (error) {
      unreadable.push({ file, reason: errorMessage(error).split("\n")[0] ?? "" })
    }
  }
  return { readable, unreadable }
}

export const checkParts = (connection: DuckDBConnection, files: readonly string[]): Effect.Effect<PartCheck> =>
  Effect.promise(async () => {
    if (files.length === 0) return { readable: new Map(), unreadable: [] }
    try {
      return { readable: await tableNames(connection, files), unreadable: [] }
    } catch {
      return checkEach(connection, files)
    }
  })
