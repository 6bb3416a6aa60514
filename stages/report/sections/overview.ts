/**
 * The sections every run's report has: the run itself, its configuration,
 * environment and versions, reproducibility, and its datasets with every
 * column's type, unit and meaning.
 */
import type { Json } from "@duckdb/node-api"
import { Effect } from "effect"
import { sqlIdentifier, sqlString } from "../../../pipelines/results/duckdb.js"
import type { QueryError, QueryResult } from "../../../pipelines/results/query.js"
import {
  type Block,
  type Inline,
  type Section,
  type Table,
  code,
  fileSource,
  paragraph,
  querySource,
  section,
  table,
  text,
  value,
} from "../document.js"
import { queryTable } from "../blocks.js"
import type { RunData, RunTable } from "../run-data.js"

/** A one-row result as a two-column table: one row per result column. */
const recordTable = (result: QueryResult, sql: string, caption: readonly Inline[], codeKeys: readonly string[]): Table =>
  table({
    caption,
    header: [[text("field")], [text("value")]],
    rows: result.columns.map((column, i) => {
      const x = result.rows[0]?.[i] ?? null
      return [text(column.name), codeKeys.includes(column.name) && typeof x === "string" ? code(x) : value(x)]
    }),
    numeric: [false, false],
    source: querySource(sql),
  })

const isoTime = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ')`

const runSql =
  `SELECT run_id AS "run id", pipeline, status, reason, seed, config_hash AS "config hash", cycles_completed AS "cycles completed", ` +
  `kernel, backend, ${isoTime("started_at")} AS "started (UTC)", ${isoTime("ended_at")} AS "ended (UTC)", ` +
  `epoch(ended_at) - epoch(started_at) AS "duration (s)" FROM runs`

export const runSection = (data: RunData): Effect.Effect<Section, QueryError> =>
  Effect.map(data.query(runSql), (result) =>
    section("Run", [recordTable(result, runSql, [text("The run as its manifest records it.")], ["run id", "pipeline", "config hash", "kernel", "backend"])]),
  )

/** Every leaf of a parsed YAML document with its dotted key path (`drive.sourceCount`, `condensate.spins[0].j`). */
export const flattenConfig = (tree: unknown, prefix = ""): Array<readonly [string, Json]> => {
  if (Array.isArray(tree)) return tree.flatMap((item, i) => flattenConfig(item, `${prefix}[${i}]`))
  if (tree !== null && typeof tree === "object") {
    return Object.entries(tree as Record<string, unknown>).flatMap(([key, item]) => flattenConfig(item, prefix === "" ? key : `${prefix}.${key}`))
  }
  return [[prefix, (tree ?? null) as Json]]
}

export const configurationSection = (data: RunData): Section =>
  section("Configuration", [
    table({
      caption: [text("The resolved configuration (defaults included), as written to "), code("config.yaml"), text(" when the run started.")],
      header: [[text("key")], [text("value")]],
      rows: flattenConfig(data.config).map(([key, x]) => [code(key), value(x)]),
      numeric: [false, false],
      source: fileSource("config.yaml", "every key"),
    }),
  ])

export const environmentSection = (data: RunData): Section => {
  const { versions, host } = data.details
  const rows: Array<readonly Inline[]> = [
    ...(versions === undefined
      ? []
      : [
          [text("HHmL"), value(versions.hhml)],
          [text("Node.js"), value(versions.node)],
          ...Object.entries(versions.packages).map(([name, version]) => [code(name), value(version)]),
        ]),
    [text("compute kernel"), code(data.manifest.compute.kernel)],
    [text("tfjs backend"), code(data.manifest.compute.backend)],
    ...(host === undefined
      ? []
      : [
          [text("host name"), code(host.hostname)],
          [text("platform"), value(`${host.platform} ${host.arch}`)],
          [text("CPU model"), value(host.cpuModel)],
          [text("CPU cores"), value(host.cores)],
          [text("memory (bytes)"), value(host.memoryBytes)],
        ]),
  ]
  return section("Environment and versions", [
    table({
      caption: [text("Software and machine the run used.")],
      header: [[text("component")], [text("version or value")]],
      rows,
      numeric: [false, false],
      source: fileSource("manifest.json", "versions, compute, host"),
    }),
  ])
}

const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)

export const reproducibilitySection = (data: RunData): Section => {
  const { command, resumes } = data.details
  const blocks: Block[] = [
    table({
      caption: [text("What determines the run: the seed, the config hash, and the hash of the config file as it is now.")],
      header: [[text("field")], [text("value")]],
      rows: [
        [text("seed"), value(data.manifest.seed)],
        [text("config hash (manifest)"), code(data.manifest.configHash)],
        [text("config hash of config.yaml"), code(data.configFileHash)],
        [text("config.yaml matches the manifest"), value(data.configFileHash === data.manifest.configHash)],
      ],
      numeric: [false, false],
      source: fileSource("manifest.json, config.yaml", "seed, configHash; the hash of config.yaml in canonical JSON"),
    }),
  ]
  if (command === undefined) {
    blocks.push(paragraph(text("The manifest records no command line.")))
  } else {
    blocks.push({
      _tag: "CodeBlock",
      caption: [text("The command line that started the run (the script and its arguments, as recorded):")],
      text: command.map(shellWord).join(" "),
      source: fileSource("manifest.json", "command"),
    })
  }
  blocks.push({
    _tag: "CodeBlock",
    caption: [text("The same config, run again into a new run directory:")],
    text: `npx hhml run ${shellWord(data.manifest.pipeline)} --config ${shellWord(`${data.path}/config.yaml`)}`,
    source: fileSource("manifest.json, run directory", "pipeline; path of config.yaml"),
  })
  if (resumes !== undefined && resumes.length > 0) {
    blocks.push(
      table({
        caption: [text("Resumes: when the run was continued, and after which checkpoint cycle (negative: from the start).")],
        header: [[text("resumed at")], [text("from cycle")]],
        rows: resumes.map((resume) => [value(resume.at), value(resume.fromCycle)]),
        source: fileSource("manifest.json", "resumes"),
      }),
    )
  }
  return section("Reproducibility", blocks)
}

const extentSql = (runTable: RunTable) => {
  const cycle = runTable.cycleColumn === null ? null : sqlIdentifier(runTable.cycleColumn)
  return (
    `SELECT ${sqlString(runTable.table)} AS "table", ${sqlString(`${runTable.folder}/`)} AS "folder", count(*) AS "rows", ` +
    `${cycle === null ? "NULL" : `min(${cycle})`} AS "first cycle", ${cycle === null ? "NULL" : `max(${cycle})`} AS "last cycle" ` +
    `FROM ${sqlIdentifier(runTable.table)}`
  )
}

export const datasetsSection = (data: RunData): Effect.Effect<Section, QueryError> =>
  Effect.gen(function* () {
    const blocks: Block[] = []
    if (data.tables.length === 0) {
      blocks.push(paragraph(text("The run directory holds no readable Parquet dataset.")))
    } else {
      blocks.push(
        yield* queryTable(data, data.tables.map(extentSql).join(" UNION ALL "), {
          caption: [text("The run's Parquet datasets: rows and cycle range of each.")],
          codeColumns: ["table", "folder"],
        }),
      )
    }
    for (const warning of data.warnings) blocks.push(paragraph(text("Left out: "), code(warning)))
    const dictionaries = data.tables.map((runTable) =>
      section(`Table ${runTable.table}`, [
        table({
          caption: [text("Columns of "), code(runTable.table), text(": DuckDB type, unit and meaning, from its Parquet parts.")],
          header: [[text("column")], [text("type")], [text("unit")], [text("meaning")]],
          rows: runTable.columns.map((column) => [code(column.name), value(column.type), value(column.unit ?? ""), value(column.description ?? "")]),
          numeric: [false, false, false, false],
          source: fileSource(`${runTable.folder}/part-*.parquet`, "column types; key-value metadata hhml.columns"),
        }),
      ]),
    )
    return section("Datasets", blocks, dictionaries)
  })
