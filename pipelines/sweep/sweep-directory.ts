/**
 * A sweep on shared storage: `<data-dir>/sweeps/<sweep-id>/` holds
 * `sweep.json` (pipeline, spec, queue, every member with its resolved config)
 * and one folder per member, `member=NNN/`, holding that member's run
 * directory. The `member=NNN` names are Hive partitions, so any Parquet
 * reader that understands them sees a sweep's tables as one dataset with a
 * `member` column.
 */
import { randomBytes } from "node:crypto"
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { Data, Effect, ParseResult, Schema } from "effect"
import { writeJsonAtomic } from "../../sinks/atomic-file.js"
import { errorMessage } from "../../stages/stage.js"
import { createUniqueDirectory, timestamp } from "../run/run-directory.js"

export class SweepDirectoryError extends Data.TaggedError("SweepDirectoryError")<{
  readonly path: string
  readonly message: string
}> {}

export const sweepVersion = 1

/** Sweep ids are folder names: no separators, nothing that climbs out of `sweeps/`. */
export const sweepIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

const sweepMember = Schema.Struct({
  member: Schema.Number,
  /** The member's assignments as `--set` overrides, e.g. `dynamics.b=1.5`. */
  overrides: Schema.Array(Schema.String),
  config: Schema.Unknown,
})

export const sweepRecordSchema = Schema.Struct({
  sweepVersion: Schema.Literal(sweepVersion),
  sweepId: Schema.String.pipe(Schema.pattern(sweepIdPattern)),
  pipeline: Schema.String,
  createdAt: Schema.String,
  /** The base config file and `--set` overrides every member starts from. */
  configFile: Schema.String,
  overrides: Schema.Array(Schema.String),
  /** The command's sweep flags, as given. */
  spec: Schema.Struct({
    grid: Schema.Array(Schema.String),
    sample: Schema.Array(Schema.String),
    samples: Schema.Number,
    sampleSeed: Schema.Number,
    seeds: Schema.Number,
  }),
  /** Where the jobs were queued: the URL without credentials, and the queue name. */
  queue: Schema.Struct({ url: Schema.String, name: Schema.String }),
  attempts: Schema.Number,
  members: Schema.Array(sweepMember),
})

export type SweepRecord = Schema.Schema.Type<typeof sweepRecordSchema>

export const sweepsDirectory = (dataDir: string): string => join(dataDir, "sweeps")

export const sweepDirectory = (dataDir: string, sweepId: string): string => join(sweepsDirectory(dataDir), sweepId)

/** `member=007`: three digits at least, so folders sort in member order up to 1000 members. */
export const memberFolder = (member: number): string => `member=${String(member).padStart(3, "0")}`

/** The member of a `member=NNN` folder name, or null for any other name. */
export const memberOfFolder = (name: string): number | null => {
  const match = /^member=(\d+)$/.exec(name)
  return match === null ? null : Number(match[1])
}

export const memberDirectory = (dataDir: string, sweepId: string, member: number): string =>
  join(sweepDirectory(dataDir, sweepId), memberFolder(member))

const recordFile = (path: string) => join(path, "sweep.json")

/**
 * Creates `<data-dir>/sweeps/<pipeline>-sweep-<UTC time>-<6 random hex digits>` with its sweep.json;
 * never reuses a folder. The random part keeps ids apart across data folders sharing one queue, where
 * job ids are made from them.
 */
export const createSweepDirectory = (
  dataDir: string,
  record: Omit<SweepRecord, "sweepId" | "sweepVersion" | "createdAt">,
  now: Date = new Date(),
): Effect.Effect<{ readonly record: SweepRecord; readonly path: string }, SweepDirectoryError> =>
  Effect.tryPromise({
    try: async () => {
      const { id, path } = await createUniqueDirectory(sweepsDirectory(dataDir), `${record.pipeline}-sweep-${timestamp(now)}-${randomBytes(3).toString("hex")}`)
      const full: SweepRecord = { sweepVersion, sweepId: id, createdAt: now.toISOString(), ...record }
      await writeJsonAtomic(recordFile(path), full)
      return { record: full, path }
    },
    catch: (error) => new SweepDirectoryError({ path: sweepsDirectory(dataDir), message: `cannot create a sweep in ${sweepsDirectory(dataDir)}: ${errorMessage(error)}` }),
  })

/** Reads and checks a sweep's sweep.json. */
export const readSweepRecord = (dataDir: string, sweepId: string): Effect.Effect<SweepRecord, SweepDirectoryError> => {
  const file = recordFile(sweepDirectory(dataDir, sweepId))
  return Effect.tryPromise({
    try: () => readFile(file, "utf8"),
    catch: (error) =>
      new SweepDirectoryError({
        path: file,
        message:
          (error as NodeJS.ErrnoException).code === "ENOENT"
            ? `no sweep ${sweepId} in ${sweepsDirectory(dataDir)} (no ${file}; is --data-dir the shared data folder?)`
            : `cannot read ${file}: ${errorMessage(error)}`,
      }),
  }).pipe(
    Effect.flatMap((text) =>
      Effect.try({ try: (): unknown => JSON.parse(text), catch: (error) => new SweepDirectoryError({ path: file, message: `${file}: not valid JSON: ${errorMessage(error)}` }) }),
    ),
    Effect.flatMap((json) =>
      Schema.decodeUnknown(sweepRecordSchema, { errors: "all" })(json).pipe(
        Effect.mapError((error) => new SweepDirectoryError({ path: file, message: `${file}: not a sweep record: ${ParseResult.TreeFormatter.formatErrorSync(error)}` })),
      ),
    ),
  )
}
