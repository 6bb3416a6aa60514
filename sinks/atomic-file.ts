/**
 * Whole-file writes that never leave a half-written file behind: write a
 * temporary sibling, flush it to disk, then rename over the target (atomic on
 * POSIX file systems).
 */
import { open, rename } from "node:fs/promises"

export const writeFileAtomic = async (path: string, contents: string | Uint8Array): Promise<void> => {
  const temporary = `${path}.tmp-${process.pid}`
  const handle = await open(temporary, "w")
  try {
    await handle.writeFile(contents)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, path)
}

export const writeJsonAtomic = (path: string, value: unknown): Promise<void> =>
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`)
