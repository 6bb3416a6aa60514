/**
 * A Parquet dataset sink: one row per record, written as rolling part files
 * `<dir>/part-NNNNN.parquet`. Each part is written under a temporary name and
 * renamed only once complete, so every visible part is a valid Parquet file
 * even if the process is killed; readers glob `*.parquet`.
 *
 * Every part carries key-value metadata (schema version, run id, pipeline,
 * config hash, column units and descriptions) so a file describes itself.
 */
import { mkdir, readdir, rename } from "node:fs/promises"
import { join } from "node:path"
import parquet from "@dsnp/parquetjs"
import { Chunk, Data, Effect } from "effect"
import { errorMessage } from "../stages/stage.js"
import type { SinkResource } from "./sink.js"

export type ColumnType = "DOUBLE" | "INT64" | "INT32" | "BOOLEAN" | "UTF8"

export interface Column<A> {
  readonly name: string
  readonly type: ColumnType
  readonly description: string
  readonly unit?: string
  /** Allowed to be missing (null) in some rows. */
  readonly optional?: boolean
  readonly value: (record: A) => number | bigint | boolean | string | null
}

/** A versioned table: bump `version` whenever a column changes meaning or type. */
export interface TableSchema<A> {
  readonly name: string
  readonly version: number
  readonly columns: ReadonlyArray<Column<A>>
}

export interface ParquetDatasetOptions {
  /** Folder of the dataset, e.g. `data/results/<run>/metrics`. */
  readonly directory: string
  /** Close a part after this many rows. */
  readonly rowsPerPart?: number
  /** Close a part once it has been open this long (seconds), so a slow run still publishes rows. */
  readonly secondsPerPart?: number
  /** Extra key-value metadata for every part (run id, pipeline, config hash, ...). */
  readonly metadata?: Readonly<Record<string, string>>
}

export class ParquetSinkError extends Data.TaggedError("ParquetSinkError")<{
  readonly path: string
  readonly message: string
}> {}

const partName = (index: number) => `part-${String(index).padStart(5, "0")}.parquet`

/** The next free part index in a dataset folder (so a resumed run appends after existing parts). */
export const nextPartIndex = async (directory: string): Promise<number> => {
  const names = await readdir(directory).catch(() => [] as string[])
  const indices = names.flatMap((name) => {
    const match = /^part-(\d+)\.parquet$/.exec(name)
    return match ? [Number(match[1])] : []
  })
  return indices.length === 0 ? 0 : Math.max(...indices) + 1
}

const parquetSchema = <A>(table: TableSchema<A>) =>
  new parquet.ParquetSchema(
    Object.fromEntries(
      table.columns.map((column) => [
        column.name,
        { type: column.type, compression: "SNAPPY", optional: column.optional ?? false },
      ]),
    ),
  )

/** Key-value metadata describing the table, stored in every part. */
const tableMetadata = <A>(table: TableSchema<A>): Record<string, string> => ({
  "hhml.table": table.name,
  "hhml.schema_version": String(table.version),
  "hhml.columns": JSON.stringify(
    table.columns.map(({ name, type, description, unit }) => ({ name, type, description, unit: unit ?? null })),
  ),
})

export const parquetDataset = <A>(table: TableSchema<A>, options: ParquetDatasetOptions): SinkResource<A, ParquetSinkError> => {
  const rowsPerPart = options.rowsPerPart ?? 10_000
  const secondsPerPart = options.secondsPerPart ?? 60
  const schema = parquetSchema(table)
  const metadata = { ...tableMetadata(table), ...options.metadata }
  const fail = (path: string) => (error: unknown) =>
    new ParquetSinkError({ path, message: `cannot write ${path}: ${errorMessage(error)}` })

  interface OpenPart {
    readonly writer: Awaited<ReturnType<typeof parquet.ParquetWriter.openFile>>
    readonly path: string
    readonly openedAt: number
    rows: number
  }

  const acquire = Effect.tryPromise({
    try: async () => {
      await mkdir(options.directory, { recursive: true })
      return { next: await nextPartIndex(options.directory), part: null as OpenPart | null }
    },
    catch: fail(options.directory),
  })

  const openPart = async (state: { next: number }): Promise<OpenPart> => {
    const path = join(options.directory, partName(state.next))
    state.next += 1
    const writer = await parquet.ParquetWriter.openFile(schema, `${path}.tmp`, { rowGroupSize: rowsPerPart })
    for (const [key, value] of Object.entries(metadata)) writer.setMetadata(key, value)
    return { writer, path, openedAt: performance.now(), rows: 0 }
  }

  const closePart = async (part: OpenPart): Promise<void> => {
    await part.writer.close()
    await rename(`${part.path}.tmp`, part.path)
  }

  const row = (record: A) => Object.fromEntries(table.columns.map((column) => [column.name, column.value(record)]))

  return Effect.map(
    Effect.acquireRelease(acquire, (state) =>
      Effect.promise(async () => {
        if (state.part !== null) await closePart(state.part)
        state.part = null
      }),
    ),
    (state) => ({
      name: `parquet:${table.name}`,
      write: (records) =>
        Effect.tryPromise({
          try: async () => {
            for (const record of Chunk.toReadonlyArray(records)) {
              state.part ??= await openPart(state)
              await state.part.writer.appendRow(row(record))
              state.part.rows += 1
              const age = (performance.now() - state.part.openedAt) / 1000
              if (state.part.rows >= rowsPerPart || age >= secondsPerPart) {
                const full = state.part
                state.part = null
                await closePart(full)
              }
            }
          },
          catch: fail(options.directory),
        }),
    }),
  )
}
