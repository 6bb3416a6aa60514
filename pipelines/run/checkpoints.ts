/**
 * Checkpoints of a run: `checkpoints/checkpoint-<cycle>.json` in the run
 * directory, written atomically after every sink has flushed the records up
 * to that cycle, so a resumed run continues exactly where the checkpoint was
 * taken. The two newest are kept.
 */
import { readFile, readdir, rm } from "node:fs/promises"
import { join } from "node:path"
import { mkdir } from "node:fs/promises"
import { writeJsonAtomic } from "../../sinks/atomic-file.js"

export interface Checkpoint {
  /** The last cycle whose records are complete on disk. */
  readonly cycle: number
  /** Whatever the pipeline needs to continue; plain JSON. */
  readonly state: unknown
}

const keep = 2
const fileName = (cycle: number) => `checkpoint-${String(cycle).padStart(9, "0")}.json`
const checkpointFiles = async (directory: string) =>
  (await readdir(directory).catch(() => [] as string[])).filter((name) => /^checkpoint-\d+\.json$/.test(name)).sort()

export const checkpointsDirectory = (runPath: string) => join(runPath, "checkpoints")

export const saveCheckpoint = async (runPath: string, checkpoint: Checkpoint): Promise<void> => {
  const directory = checkpointsDirectory(runPath)
  await mkdir(directory, { recursive: true })
  await writeJsonAtomic(join(directory, fileName(checkpoint.cycle)), checkpoint)
  const files = await checkpointFiles(directory)
  await Promise.all(files.slice(0, Math.max(0, files.length - keep)).map((name) => rm(join(directory, name))))
}

/** The newest checkpoint, or null when the run has none yet. */
export const loadLatestCheckpoint = async (runPath: string): Promise<Checkpoint | null> => {
  const files = await checkpointFiles(checkpointsDirectory(runPath))
  const newest = files[files.length - 1]
  return newest === undefined ? null : (JSON.parse(await readFile(join(checkpointsDirectory(runPath), newest), "utf8")) as Checkpoint)
}

/** Float64Array <-> base64, for field arrays inside JSON checkpoints (exact, unlike decimal text). */
export const encodeFloat64 = (values: Float64Array): string =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64")

export const decodeFloat64 = (text: string): Float64Array => {
  const bytes = Buffer.from(text, "base64")
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return new Float64Array(copy.buffer)
}
