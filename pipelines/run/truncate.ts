/**
 * Before a run resumes from a checkpoint at cycle C, every dataset part that
 * holds rows beyond C is removed: those cycles will be computed again, so the
 * dataset ends up with every cycle exactly once. Parts are closed at every
 * checkpoint, so a part lies wholly before or wholly after it.
 */
import { readFile, readdir, rm } from "node:fs/promises"
import { join } from "node:path"
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"
import { tableFromIPC } from "apache-arrow"
import { quoteString } from "../../sinks/parquet-dataset.js"
import { partFiles } from "../../sinks/parts.js"

const parquetMetadata = async (connection: DuckDBConnection, path: string): Promise<Map<string, string>> => {
  const rows = (
    await connection.runAndReadAll(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${quoteString(path)})`)
  ).getRowObjectsJson()
  return new Map(rows.map((row) => [String(row.key), String(row.value)]))
}

const arrowMetadata = async (path: string): Promise<Map<string, string>> => tableFromIPC(await readFile(path)).schema.metadata

export interface RemovedPart {
  readonly path: string
  readonly cycleMin: number
}

/** Removes parts with rows beyond `lastCycle` (all parts when it is null); deletes temporary files left by a kill. */
export const truncateDatasets = async (runPath: string, lastCycle: number | null): Promise<RemovedPart[]> => {
  const entries = await readdir(runPath, { withFileTypes: true })
  const connection = await (await DuckDBInstance.create(":memory:")).connect()
  const removed: RemovedPart[] = []
  try {
    for (const entry of entries.filter((e) => e.isDirectory() && e.name !== "checkpoints")) {
      const directory = join(runPath, entry.name)
      for (const name of (await readdir(directory)).filter((n) => n.endsWith(".tmp"))) await rm(join(directory, name))
      const parts = [...(await partFiles(directory, "parquet")), ...(await partFiles(directory, "arrows"))]
      for (const part of parts) {
        const path = join(directory, part)
        const metadata = part.endsWith(".parquet") ? await parquetMetadata(connection, path) : await arrowMetadata(path)
        const [cycleMin, cycleMax] = [Number(metadata.get("hhml.cycle_min")), Number(metadata.get("hhml.cycle_max"))]
        if (!Number.isFinite(cycleMin) || !Number.isFinite(cycleMax)) throw new Error(`${path} has no cycle range metadata`)
        if (lastCycle !== null && cycleMax <= lastCycle) continue
        if (lastCycle !== null && cycleMin <= lastCycle) {
          throw new Error(`${path} holds cycles ${cycleMin}..${cycleMax} across the checkpoint at cycle ${lastCycle}`)
        }
        await rm(path)
        removed.push({ path, cycleMin })
      }
    }
  } finally {
    connection.closeSync()
  }
  return removed
}
