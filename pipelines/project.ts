/**
 * Facts about the installed HHmL package: where it lives, its version, and
 * the versions of the libraries a run depends on (recorded in manifests).
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const findRoot = (start: string): string => {
  let dir = start
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "configs"))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the hhml package root above ${start}`)
    dir = parent
  }
  return dir
}

/** The package root (holding package.json and configs/), from sources or from dist/. */
export const projectRoot: string = findRoot(dirname(fileURLToPath(import.meta.url)))

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>

export const hhmlVersion: string = String(readJson(join(projectRoot, "package.json")).version)

/** The installed version of a dependency, or "not installed". */
export const packageVersion = (name: string): string => {
  const path = join(projectRoot, "node_modules", name, "package.json")
  return existsSync(path) ? String(readJson(path).version) : "not installed"
}

/** The libraries whose versions every manifest records. */
export const recordedPackages = [
  "effect",
  "rxjs",
  "@tensorflow/tfjs",
  "@tensorflow/tfjs-backend-wasm",
  "@tensorflow/tfjs-node",
  "@tensorflow/tfjs-node-gpu",
  "@duckdb/node-api",
  "apache-arrow",
  "pure-rand",
] as const
