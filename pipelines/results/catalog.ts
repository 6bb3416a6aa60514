/**
 * The results catalog: every run under `<data-dir>/results/` (a folder with a
 * readable `manifest.json`) and its datasets (sub-folders of
 * `part-NNNNN.parquet` files). Each part's footer is checked; an unreadable
 * part, or a run whose manifest is damaged, is left out with a warning naming
 * the file, and everything else stays usable.
 */
import { type Dirent, existsSync } from "node:fs"
import { readdir } from "node:fs/promises"
import { join } from "node:path"
import type { DuckDBConnection } from "@duckdb/node-api"
import { Data, Effect, Either } from "effect"
import { errorMessage } from "../../stages/stage.js"
import { memberOfFolder, sweepsDirectory } from "../sweep/sweep-directory.js"
import { checkParts } from "./parquet-parts.js"
import { type RunManifest, readRunManifest } from "./run-manifest.js"

export interface Dataset {
  /** The dataset's folder in the run directory, e.g. `vortex-events`. */
  readonly folder: string
  /** Its table: the parts' `hhml.table` metadata, else the folder name as an SQL name (`vortex_events`). */
  readonly table: string
  /** Readable part files, in order. */
  readonly parts: readonly string[]
}

/** Which sweep a run belongs to, for the runs of sweep members. */
export interface SweepMembership {
  readonly id: string
  readonly member: number
}

export interface CatalogRun {
  /** The run id: the name of the run's folder. */
  readonly id: string
  readonly path: string
  readonly manifest: RunManifest
  readonly datasets: readonly Dataset[]
  readonly sweep?: SweepMembership
}

/** Something left out of the catalog, and why. */
export interface CatalogWarning {
  readonly file: string
  readonly message: string
}

export interface Catalog {
  readonly resultsDir: string
  /** Ordered by start time, then id. */
  readonly runs: readonly CatalogRun[]
  readonly warnings: readonly CatalogWarning[]
}

export class ResultsDirError extends Data.TaggedError("ResultsDirError")<{
  readonly path: string
  readonly message: string
}> {}

export class NoRunsError extends Data.TaggedError("NoRunsError")<{
  readonly resultsDir: string
  readonly message: string
}> {}

export class UnknownRunError extends Data.TaggedError("UnknownRunError")<{
  readonly runId: string
  readonly known: readonly string[]
  readonly message: string
}> {}

const partPattern = /^part-\d+\.parquet$/

const listDir = (path: string): Effect.Effect<Dirent[], ResultsDirError> =>
  Effect.tryPromise({
    try: () => readdir(path, { withFileTypes: true }),
    catch: (error) => new ResultsDirError({ path, message: `cannot read ${path}: ${errorMessage(error)}` }),
  }).pipe(Effect.map((entries) => entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))))

const folders = (entries: readonly Dirent[]) => entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)

interface Found {
  readonly id: string
  readonly path: string
  readonly manifest: RunManifest
  readonly folders: ReadonlyArray<{ readonly folder: string; readonly parts: readonly string[] }>
  readonly sweep?: SweepMembership
}

const findRun = (resultsDir: string, id: string): Effect.Effect<Either.Either<Found, CatalogWarning>, ResultsDirError> =>
  Effect.gen(function* () {
    const path = join(resultsDir, id)
    const entries = yield* listDir(path)
    if (!entries.some((entry) => entry.isFile() && entry.name === "manifest.json")) {
      return Either.left({ file: path, message: `skipping ${path}: not a run (no manifest.json)` })
    }
    const manifest = yield* Effect.either(readRunManifest(join(path, "manifest.json")))
    if (Either.isLeft(manifest)) return Either.left({ file: manifest.left.file, message: `skipping run ${id}: ${manifest.left.message}` })
    const datasets = yield* Effect.forEach(folders(entries), (folder) =>
      listDir(join(path, folder)).pipe(
        Effect.map((files) => ({
          folder,
          parts: files.filter((file) => file.isFile() && partPattern.test(file.name)).map((file) => join(path, folder, file.name)),
        })),
      ),
    )
    return Either.right({ id, path, manifest: manifest.right, folders: datasets.filter((d) => d.parts.length > 0) })
  })

/** The runs of sweep members: `<dataDir>/sweeps/<sweep-id>/member=NNN/<run-id>/`. */
const findSweepRuns = (dataDir: string): Effect.Effect<Array<Either.Either<Found, CatalogWarning>>, ResultsDirError> =>
  Effect.gen(function* () {
    const root = sweepsDirectory(dataDir)
    const found: Array<Either.Either<Found, CatalogWarning>> = []
    for (const id of existsSync(root) ? folders(yield* listDir(root)) : []) {
      for (const folder of folders(yield* listDir(join(root, id)))) {
        const member = memberOfFolder(folder)
        if (member === null) continue
        const memberPath = join(root, id, folder)
        for (const runId of folders(yield* listDir(memberPath))) {
          found.push(Either.map(yield* findRun(memberPath, runId), (run) => ({ ...run, sweep: { id, member } })))
        }
      }
    }
    return found
  })

const byStart = (a: CatalogRun, b: CatalogRun) =>
  a.manifest.startedAt < b.manifest.startedAt ? -1 : a.manifest.startedAt > b.manifest.startedAt ? 1 : a.id < b.id ? -1 : 1

/** Reads `<dataDir>/results/` and the members of `<dataDir>/sweeps/`; a missing folder is an empty catalog. */
export const readCatalog = (connection: DuckDBConnection, dataDir: string): Effect.Effect<Catalog, ResultsDirError> =>
  Effect.gen(function* () {
    const resultsDir = join(dataDir, "results")
    const entries = existsSync(resultsDir) ? yield* listDir(resultsDir) : []
    const found = [...(yield* Effect.forEach(folders(entries), (id) => findRun(resultsDir, id))), ...(yield* findSweepRuns(dataDir))]
    const runs = found.flatMap((f) => (Either.isRight(f) ? [f.right] : []))
    const check = yield* checkParts(
      connection,
      runs.flatMap((run) => run.folders.flatMap((d) => d.parts)),
    )
    const readable = (parts: readonly string[]) => parts.filter((part) => check.readable.has(part))
    return {
      resultsDir,
      runs: runs
        .map((run) => ({
          id: run.id,
          path: run.path,
          manifest: run.manifest,
          ...(run.sweep === undefined ? {} : { sweep: run.sweep }),
          datasets: run.folders.flatMap(({ folder, parts }) => {
            const kept = readable(parts)
            const first = kept[0]
            if (first === undefined) return []
            return [{ folder, table: check.readable.get(first) ?? folder.replace(/\W/g, "_"), parts: kept }]
          }),
        }))
        .sort(byStart),
      warnings: [
        ...found.flatMap((f) => (Either.isLeft(f) ? [f.left] : [])),
        ...check.unreadable.map(({ file, reason }) => ({ file, message: `skipping ${file}: unreadable Parquet part (${reason})` })),
      ],
    }
  })

/** The catalog narrowed to the given run ids (all runs when none are given). */
export const selectRuns = (catalog: Catalog, ids: readonly string[]): Effect.Effect<Catalog, NoRunsError | UnknownRunError> => {
  if (catalog.runs.length === 0) {
    return Effect.fail(
      new NoRunsError({
        resultsDir: catalog.resultsDir,
        message: `No runs found in ${catalog.resultsDir} (start one with "hhml run simulate", or point --data-dir or HHML_DATA_DIR at the data folder holding results/)`,
      }),
    )
  }
  const known = catalog.runs.map((run) => run.id)
  const unknown = ids.find((id) => !known.includes(id))
  if (unknown !== undefined) {
    return Effect.fail(
      new UnknownRunError({ runId: unknown, known, message: `unknown run "${unknown}" in ${catalog.resultsDir}; known runs: ${known.join(", ")}` }),
    )
  }
  return Effect.succeed(ids.length === 0 ? catalog : { ...catalog, runs: catalog.runs.filter((run) => ids.includes(run.id)) })
}
