/**
 * Reading a run's `manifest.json` back: the fields the results catalog needs,
 * decoded and checked, so a damaged or foreign manifest is reported naming the
 * file and the field instead of surfacing as a wrong value in a query.
 */
import { readFile } from "node:fs/promises"
import { Data, Effect, ParseResult, Schema } from "effect"
import { errorMessage } from "../../stages/stage.js"
import type { Manifest } from "../run/manifest.js"

export type RunManifest = Pick<
  Manifest,
  "runId" | "pipeline" | "configHash" | "seed" | "compute" | "startedAt" | "endedAt" | "status" | "cyclesCompleted" | "reason"
>

export const runManifestSchema: Schema.Schema<RunManifest> = Schema.Struct({
  runId: Schema.String,
  pipeline: Schema.String,
  configHash: Schema.String,
  seed: Schema.Number,
  compute: Schema.Struct({ kernel: Schema.String, backend: Schema.String }),
  startedAt: Schema.String,
  endedAt: Schema.NullOr(Schema.String),
  status: Schema.Literal("running", "completed", "interrupted", "failed").annotations({
    message: (issue) => ({
      message: `Expected "running", "completed", "interrupted" or "failed", actual ${JSON.stringify(issue.actual)}`,
      override: true,
    }),
  }),
  cyclesCompleted: Schema.Number,
  reason: Schema.optional(Schema.String),
})

export class ManifestError extends Data.TaggedError("ManifestError")<{
  readonly file: string
  readonly message: string
}> {}

const issues = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map((issue) => `${issue.path.length === 0 ? "" : `${issue.path.join(".")}: `}${issue.message}`)
    .join("; ")

/** Reads a manifest file decoded by `schema` (the fields a reader needs; others are ignored). */
export const readManifestWith = <A, I>(schema: Schema.Schema<A, I>, file: string): Effect.Effect<A, ManifestError> =>
  Effect.tryPromise({
    try: () => readFile(file, "utf8"),
    catch: (error) => new ManifestError({ file, message: `${file}: cannot read: ${errorMessage(error)}` }),
  }).pipe(
    Effect.flatMap((text) =>
      Effect.try({
        try: (): unknown => JSON.parse(text),
        catch: (error) => new ManifestError({ file, message: `${file}: not valid JSON: ${errorMessage(error)}` }),
      }),
    ),
    Effect.flatMap((json) =>
      Schema.decodeUnknown(schema, { errors: "all" })(json).pipe(
        Effect.mapError((error) => new ManifestError({ file, message: `${file}: not a run manifest: ${issues(error)}` })),
      ),
    ),
  )

export const readRunManifest = (file: string): Effect.Effect<RunManifest, ManifestError> => readManifestWith(runManifestSchema, file)
