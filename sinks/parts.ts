/**
 * Part files of a dataset folder: `part-NNNNN.<extension>`, numbered in the
 * order they were completed. A resumed run appends after the existing ones.
 */
import { readdir } from "node:fs/promises"

export const partName = (index: number, extension: string) => `part-${String(index).padStart(5, "0")}.${extension}`

const pattern = (extension: string) => new RegExp(`^part-\\d+\\.${extension}$`)

/** The complete part files of a folder, in order (temporary files excluded). */
export const partFiles = async (directory: string, extension: string): Promise<string[]> =>
  (await readdir(directory).catch(() => [] as string[])).filter((name) => pattern(extension).test(name)).sort()

export const nextPartIndex = async (directory: string, extension: string): Promise<number> => {
  const parts = await partFiles(directory, extension)
  return parts.length === 0 ? 0 : Number(/\d+/.exec(parts[parts.length - 1]!)![0]) + 1
}
