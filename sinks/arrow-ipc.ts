/**
 * An Arrow IPC dataset sink for large arrays (field snapshots, vortex
 * positions): each record becomes one record batch of equal-length columns,
 * and batches are written as rolling part files `<dir>/part-NNNNN.arrows` in
 * the Arrow IPC stream format (readable by apache-arrow, pyarrow, polars'
 * `read_ipc_stream`). Like the Parquet sink, a part is written under a
 * temporary name and renamed once complete, and carries its table name,
 * schema version, run metadata and cycle range in the schema metadata.
 */
import { mkdir } from "node:fs/promises"
import { join } from "node:path"
import { type RecordBatch, Schema, Table, tableFromArrays, tableToIPC } from "apache-arrow"
import { Chunk, Data, Effect } from "effect"
import { errorMessage } from "../stages/stage.js"
import { writeFileAtomic } from "./atomic-file.js"
import { nextPartIndex, partName } from "./parts.js"
import type { RecordSink, SinkResource } from "./sink.js"

export type ArrowColumn = Float64Array | Float32Array | Int32Array | BigInt64Array

export interface ArrowTable<A> {
  readonly name: string
  readonly version: number
  readonly description: string
  /** The cycle a record belongs to (parts record their range; a resumed run drops parts beyond its checkpoint). */
  readonly cycle: (record: A) => number
  /** The record's columns, all of one length (one row per node, say). */
  readonly columns: (record: A) => Readonly<Record<string, ArrowColumn>>
}

export interface ArrowDatasetOptions {
  readonly directory: string
  /** Records (batches) per part. */
  readonly recordsPerPart?: number
  readonly metadata?: Readonly<Record<string, string>>
}

export class ArrowSinkError extends Data.TaggedError("ArrowSinkError")<{
  readonly path: string
  readonly message: string
}> {}

interface Part {
  batches: RecordBatch[]
  cycleMin: number
  cycleMax: number
  next: number
}

export const arrowIpcDataset = <A>(table: ArrowTable<A>, options: ArrowDatasetOptions): SinkResource<A, ArrowSinkError> => {
  const recordsPerPart = options.recordsPerPart ?? 16
  const fail = (error: unknown) =>
    new ArrowSinkError({ path: options.directory, message: `cannot write ${options.directory}: ${errorMessage(error)}` })

  const writePart = async (part: Part): Promise<void> => {
    if (part.batches.length === 0) return
    const first = part.batches[0]!
    const metadata = new Map<string, string>([
      ["hhml.table", table.name],
      ["hhml.schema_version", String(table.version)],
      ["hhml.description", table.description],
      ["hhml.cycle_min", String(part.cycleMin)],
      ["hhml.cycle_max", String(part.cycleMax)],
      ...Object.entries(options.metadata ?? {}),
    ])
    const bytes = tableToIPC(new Table(new Schema(first.schema.fields, metadata), part.batches), "stream")
    await writeFileAtomic(join(options.directory, partName(part.next, "arrows")), bytes)
    part.next += 1
    part.batches = []
  }

  const acquire = Effect.tryPromise({
    try: async (): Promise<Part> => {
      await mkdir(options.directory, { recursive: true })
      return { batches: [], cycleMin: 0, cycleMax: 0, next: await nextPartIndex(options.directory, "arrows") }
    },
    catch: fail,
  })

  return Effect.map(
    Effect.acquireRelease(acquire, (part) => Effect.promise(() => writePart(part))),
    (part): RecordSink<A, ArrowSinkError> => ({
      name: `arrow:${table.name}`,
      write: (records) =>
        Effect.tryPromise({
          try: async () => {
            for (const record of Chunk.toReadonlyArray(records)) {
              const cycle = table.cycle(record)
              if (part.batches.length === 0) part.cycleMin = cycle
              part.cycleMax = cycle
              part.batches.push(...tableFromArrays(table.columns(record) as Record<string, ArrowColumn>).batches)
              if (part.batches.length >= recordsPerPart) await writePart(part)
            }
          },
          catch: fail,
        }),
      flush: Effect.tryPromise({ try: () => writePart(part), catch: fail }),
    }),
  )
}
