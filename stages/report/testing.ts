/**
 * Helpers for the report tests: small real runs of the shipped pipelines, a
 * synthetic training run with hand-set values (and strings full of LaTeX
 * specials), reading a rendered page's PNG, and the provenance check that
 * every number in a rendered report occurs in the run's data.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { inflateSync } from "node:zlib"
import type { Json } from "@duckdb/node-api"
import { Chunk, Effect } from "effect"
import YAML from "yaml"
import { configsDir } from "../../pipelines/cli/run-command.js"
import { loadConfig } from "../../pipelines/config/load-config.js"
import { findPipeline } from "../../pipelines/registry.js"
import { runQuery } from "../../pipelines/results/query.js"
import { openResults } from "../../pipelines/results/results-database.js"
import { executePipeline } from "../../pipelines/run/execute.js"
import { newManifest } from "../../pipelines/run/manifest.js"
import { type TableSchema, parquetDataset } from "../../sinks/parquet-dataset.js"
import { type Document, blocksOf, formatValue } from "./document.js"
import { flattenConfig } from "./sections/overview.js"

/** Runs a shipped pipeline in-process into `<dataDir>/results/`; resolves to the run id. */
export const runPipeline = async (dataDir: string, name: string, overrides: readonly string[], config = name): Promise<string> => {
  const pipeline = findPipeline(name)
  if (pipeline === undefined) throw new Error(`no pipeline ${name}`)
  const file = join(configsDir, `${config}.yaml`)
  const resolved = await Effect.runPromise(loadConfig(pipeline.schema, { file, overrides }))
  const run = await Effect.runPromise(
    executePipeline(pipeline, resolved, { resultsDir: join(dataDir, "results"), configFile: file, command: ["hhml", "run", name, ...overrides.flatMap((o) => ["--set", o])] }),
  )
  return run.id
}

/** A string with every LaTeX special, HTML special, Markdown special and some Unicode. */
export const awkward = String.raw`50% & $x_1^2 #3 ~{a}\b <i>|*_[x]_</i> ψ̄ Möbius ≤ 😀 "q" 'q' ` + "`q`"

/** One row of the synthetic training table: two environments per cycle. */
interface SyntheticRow {
  readonly cycle: number
  readonly environment: number
}

/** Reward peaks (uniquely) at cycle 37, environment 1, where the action is 0.37 + 0.01. */
export const syntheticPeak = { cycle: 37, environment: 1, reward: 1, action: 0.38 }

const reward = (r: SyntheticRow) => 1 - ((r.cycle - 37) / 10) ** 2 - (1 - r.environment) * 0.5
const action = (r: SyntheticRow) => r.cycle / 100 + r.environment / 100

const syntheticTable: TableSchema<SyntheticRow> = {
  name: "training_metrics",
  version: 1,
  cycleColumn: "cycle",
  columns: [
    { name: "cycle", type: "INT64", description: "Training cycle", value: (r) => r.cycle },
    { name: "environment", type: "INT32", description: "Environment index", value: (r) => r.environment },
    { name: "reward", type: "DOUBLE", unit: "reward", description: "Reward of the step", value: reward },
    { name: "reward_tracking", type: "DOUBLE", unit: "reward", description: "Tracking term", value: (r) => reward(r) - 0.25 },
    { name: "critic_loss", type: "DOUBLE", description: "Critic loss", value: (r) => 1 / (1 + r.cycle) },
    { name: "q1", type: "DOUBLE", unit: "return", description: "Q1", value: (r) => r.cycle / 10 },
    { name: "action_drive_amplitude", type: "DOUBLE", description: "Action sent", value: action },
    { name: "drive_amplitude", type: "DOUBLE", description: "Drive amplitude after the step", value: (r) => 2 * action(r) },
    { name: "vortex_density", type: "DOUBLE", description: "Vortex density", value: (r) => (r.cycle % 10) / 100 },
    { name: "rate_50%_{x}", type: "DOUBLE", unit: "1/s²", description: awkward, value: (r) => r.cycle * 2 },
    { name: "note", type: "UTF8", description: "A string column", value: () => awkward },
  ],
}

/** A completed run written by hand: manifest, config.yaml and one Parquet dataset (written with the project's sink). */
export const writeRun = async <A>(options: {
  readonly dataDir: string
  readonly id: string
  readonly pipeline: string
  readonly config: unknown
  readonly command: readonly string[]
  readonly folder: string
  readonly table: TableSchema<A>
  readonly rows: readonly A[]
}): Promise<string> => {
  const path = join(options.dataDir, "results", options.id)
  await mkdir(path, { recursive: true })
  const now = new Date(Date.UTC(2026, 0, 1))
  const manifest = newManifest({ runId: options.id, pipeline: options.pipeline, config: options.config, seed: 7, compute: { kernel: "js", backend: "cpu" }, command: options.command, now })
  const cycle = options.table.columns.find((column) => column.name === options.table.cycleColumn)!
  const cycles = new Set(options.rows.map((row) => cycle.value(row))).size
  const ended = { status: "completed", endedAt: new Date(Date.UTC(2026, 0, 1, 0, 1)).toISOString(), cyclesCompleted: cycles }
  await writeFile(join(path, "manifest.json"), JSON.stringify({ ...manifest, ...ended }))
  await writeFile(join(path, "config.yaml"), YAML.stringify(options.config))
  await Effect.runPromise(
    Effect.scoped(Effect.flatMap(parquetDataset(options.table, { directory: join(path, options.folder), rowsPerPart: 1000 }), (sink) => sink.write(Chunk.fromIterable(options.rows)))),
  )
  return options.id
}

/**
 * A completed "train" run written by hand: 120 cycles of two environments,
 * a manifest whose command and a config whose keys and values hold `awkward`.
 */
export const syntheticTrainRun = (dataDir: string): Promise<string> =>
  writeRun({
    dataDir,
    id: "train-20260101-000000-abcdef",
    pipeline: "train",
    config: { run: { seed: 7, cycles: 120 }, agent: { "odd key {%}": awkward, hidden: [64, 64] } },
    command: ["hhml", "run", "train", "--set", awkward],
    folder: "metrics",
    table: syntheticTable,
    rows: Array.from({ length: 240 }, (_, i) => ({ cycle: Math.floor(i / 2), environment: i % 2 })),
  })

export interface Image {
  readonly width: number
  readonly height: number
  /** Grey levels (0 black, 255 white), row by row. */
  readonly grey: Uint8Array
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Decodes an 8-bit, non-interlaced greyscale or RGB(A) PNG (what pdftoppm writes) to grey levels. */
export const decodePng = (png: Uint8Array): Image => {
  const bytes = Buffer.from(png)
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const data: Buffer[] = []
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString("ascii", offset + 4, offset + 8)
    const body = bytes.subarray(offset + 8, offset + 8 + length)
    if (type === "IHDR") {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      if (body[8] !== 8 || body[12] !== 0) throw new Error("decodePng: only 8-bit non-interlaced images")
      channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[body[9]!] ?? 0
      if (channels === 0) throw new Error(`decodePng: colour type ${body[9]} is not supported`)
    }
    if (type === "IDAT") data.push(body)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(data))
  const stride = width * channels
  const pixels = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels]! : 0
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter]!
      pixels[y * stride + x] = (value + predicted) & 0xff
    }
  }
  const grey = new Uint8Array(width * height)
  for (let i = 0; i < grey.length; i++) grey[i] = channels < 3 ? pixels[i * channels]! : Math.round((pixels[i * channels]! + pixels[i * channels + 1]! + pixels[i * channels + 2]!) / 3)
  return { width, height, grey }
}

/** Fraction of pixels darker than near-white. */
export const inkFraction = (image: Image): number => image.grey.reduce((n, level) => n + (level < 200 ? 1 : 0), 0) / image.grey.length

/** Words of a text, stripped of surrounding punctuation, as the provenance check compares them. */
export const words = (text: string): string[] =>
  text
    .split(/[\s|]+/)
    .map((word) => word.replace(/^[*`([{"'!,;:]+|[*`)\]}"',.;:!?]+$/g, ""))
    .filter((word) => word !== "")

/** A query's values, column names and the strings among them. */
const queryValues = async (dataDir: string, runId: string, sqls: readonly string[]): Promise<Json[]> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const database = yield* openResults({ dataDir, runs: [runId] })
        const values: Json[] = []
        for (const sql of sqls) {
          const result = yield* runQuery(database.connection, sql)
          values.push(...result.columns.map((c) => c.name), ...result.rows.flat())
        }
        return values
      }),
    ),
  )

const leaves = (tree: unknown): Json[] =>
  Array.isArray(tree) ? tree.flatMap(leaves) : tree !== null && typeof tree === "object" ? Object.entries(tree).flatMap(([k, v]) => [k, ...leaves(v)]) : [tree as Json]

/**
 * Every word (of the provenance vocabulary) the data of a run supports: the
 * values and column names of every query the document records, re-run on a
 * fresh connection; every leaf of manifest.json and config.yaml (and the
 * config's key paths); every Parquet part's metadata; the run's path.
 */
export const provenanceWords = async (dataDir: string, runId: string, document: Document): Promise<Set<string>> => {
  const runPath = join(dataDir, "results", runId)
  const sqls = document.sections.flatMap(blocksOf).flatMap((block) => (block._tag !== "Paragraph" && block.source._tag === "Query" ? [block.source.sql] : []))
  const manifest = JSON.parse(await readFile(join(runPath, "manifest.json"), "utf8")) as unknown
  const config = YAML.parse(await readFile(join(runPath, "config.yaml"), "utf8")) as unknown
  const metadata = await queryValues(dataDir, runId, [
    `SELECT decode(key), decode(value) FROM parquet_kv_metadata('${runPath}/*/*.parquet')`,
    `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${runPath}/*/*.parquet', union_by_name = true))`,
  ]).catch(() => [] as Json[])
  const values: Json[] = [
    ...(await queryValues(dataDir, runId, sqls)),
    ...leaves(manifest),
    ...leaves(config),
    ...flattenConfig(config).map(([key]) => key),
    ...metadata.flatMap((value) => (typeof value === "string" && value.startsWith("[") ? [value, ...leaves(JSON.parse(value) as unknown)] : [value])),
    runPath,
    join(runPath, "config.yaml"),
  ]
  return new Set(values.flatMap((value) => words(typeof value === "string" ? value : formatValue(value))))
}

/** Words with a digit in `text` that the provenance vocabulary lacks. */
export const unsupportedNumbers = (text: string, supported: ReadonlySet<string>): string[] =>
  [...new Set(words(text).filter((word) => /\d/.test(word) && !supported.has(word)))]

/** The reader-visible prose of a Markdown report: SQL blocks removed, images as their alternative text, backslash escapes undone. */
export const markdownProse = (markdown: string): string =>
  markdown
    .replace(/```+sql\n[\s\S]*?\n```+/g, " ")
    .replace(/!\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, "$1")
    .replace(/\\([\\`*_[\]<>|~#])/g, "$1")

/** The reader-visible text of an HTML report: styles, figures and source notes removed, tags stripped, entities decoded. */
export const htmlProse = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, " ")
    .replace(/<svg[\s\S]*?<\/svg>/g, " ")
    .replace(/<div class="source">[\s\S]*?<\/div>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, entity: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[entity]!)
