/**
 * Blocks built from queries: each runs its SQL through the run's views and
 * keeps that SQL as the block's source, so what a table or figure shows is
 * exactly what its recorded query returns.
 */
import type { Json } from "@duckdb/node-api"
import { Effect } from "effect"
import { sqlIdentifier, sqlString } from "../../pipelines/results/duckdb.js"
import type { QueryError, QueryResult } from "../../pipelines/results/query.js"
import { type Block, type Figure, type Inline, type Table, code, querySource, table, text, value } from "./document.js"
import { type BarChart, type LineChart, type Rows, barChart, lineChart } from "./figures.js"
import { errorMessage } from "../stage.js"
import { ReportError, type RunData, type RunTable, columnLabel, rowObjects } from "./run-data.js"

export type BlockError = QueryError | ReportError

const figureError = (name: string) => (error: unknown) => new ReportError({ message: `cannot draw figure ${name}: ${errorMessage(error)}` })

/** Rows of `sql` as objects. */
export const queryRows = (data: RunData, sql: string): Effect.Effect<Array<Record<string, Json>>, QueryError> =>
  Effect.map(data.query(sql), rowObjects)

const cell = (x: Json, asCode: boolean): Inline => (asCode && typeof x === "string" ? code(x) : value(x))

export interface TableOptions {
  readonly caption: readonly Inline[]
  /** Result columns whose strings are identifiers (set as code). */
  readonly codeColumns?: readonly string[]
}

/** A table of a query's rows, one column per result column headed by its name, with the query as its source. */
export const resultTable = (result: QueryResult, sql: string, options: TableOptions): Table =>
  table({
    caption: options.caption,
    header: result.columns.map((column) => [text(column.name)]),
    rows: result.rows.map((row) => row.map((x, i) => cell(x, options.codeColumns?.includes(result.columns[i]!.name) ?? false))),
    source: querySource(sql),
  })

export const queryTable = (data: RunData, sql: string, options: TableOptions): Effect.Effect<Table, QueryError> =>
  Effect.map(data.query(sql), (result) => resultTable(result, sql, options))

/** Points a trajectory plot keeps at most (about: two per series per bucket). */
const plotBuckets = 400

/**
 * The SQL of a trajectory plot over `source` (a table or subquery): every
 * row when it is short; else the rows at which some plotted column reaches
 * its minimum or maximum within each of `plotBuckets` equal ranges of x, so
 * no peak or dip is lost.
 */
const trajectorySql = (source: string, x: string, columns: readonly string[], rows: number, span: number): string => {
  const selected = [x, ...columns].map(sqlIdentifier).join(", ")
  if (rows <= 2 * plotBuckets) return `SELECT ${selected} FROM ${source} ORDER BY ${sqlIdentifier(x)}`
  // x may be a clock (a double) as well as a cycle count: the ranges are real intervals.
  const width = span > 0 ? span / plotBuckets : 1
  const bucket = `floor(${sqlIdentifier(x)} / ${width})`
  const extremes = columns
    .flatMap((c) => [`arg_min(${sqlIdentifier(x)}, ${sqlIdentifier(c)})`, `arg_max(${sqlIdentifier(x)}, ${sqlIdentifier(c)})`])
    .map((pick) => `SELECT ${pick} FROM ${source} GROUP BY ${bucket}`)
  return `SELECT ${selected} FROM ${source} WHERE ${sqlIdentifier(x)} IN (${extremes.join(" UNION ")}) ORDER BY ${sqlIdentifier(x)}`
}

export interface TrajectoryOptions {
  /** Figure file name, unique in the report. */
  readonly name: string
  readonly caption: readonly Inline[]
  readonly table: RunTable
  readonly columns: readonly string[]
  /** The x column (default: the table's cycle column). */
  readonly x?: string
  readonly yTitle: string
}

/**
 * A line plot of columns of a table against its cycle (or another x column);
 * a table with several rows per x value is plotted as the mean of each x.
 */
export const trajectoryFigure = (data: RunData, options: TrajectoryOptions): Effect.Effect<Figure, BlockError> =>
  Effect.gen(function* () {
    const x = options.x ?? options.table.cycleColumn ?? "cycle"
    const table = sqlIdentifier(options.table.table)
    const [extent] = yield* queryRows(
      data,
      `SELECT count(*) AS n, count(DISTINCT ${sqlIdentifier(x)}) AS xs, max(${sqlIdentifier(x)}) - min(${sqlIdentifier(x)}) AS span FROM ${table}`,
    )
    const rows = Number(extent?.n ?? 0)
    const xs = Number(extent?.xs ?? 0)
    const averaged = xs < rows
    const source = averaged
      ? `(SELECT ${sqlIdentifier(x)}, ${options.columns.map((c) => `avg(${sqlIdentifier(c)}) AS ${sqlIdentifier(c)}`).join(", ")} FROM ${table} GROUP BY ${sqlIdentifier(x)})`
      : table
    const thinned = xs > 2 * plotBuckets
    const notes = [
      ...(averaged ? [" The table has several rows per x value: each point is their mean."] : []),
      ...(thinned ? [" Rows shown: those where a series reaches its minimum or maximum within each equal range of the x axis."] : []),
    ]
    return yield* chartFigure(data, {
      name: options.name,
      caption: [...options.caption, ...notes.map(text)],
      sql: trajectorySql(source, x, options.columns, xs, Number(extent?.span ?? 0)),
      draw: (plotted) =>
        lineChart({
          rows: plotted,
          x: { field: x, title: columnLabel(options.table, x), integer: /INT/.test(options.table.columns.find((c) => c.name === x)?.type ?? "") },
          y: { title: options.yTitle },
          series: options.columns.map((field) => ({ field, label: field })),
          points: plotted.length <= 60,
        }),
    })
  })

/** A figure drawn from the rows of `sql`, keeping the rows and the query. */
export const chartFigure = (
  data: RunData,
  options: {
    readonly name: string
    readonly caption: readonly Inline[]
    readonly sql: string
    readonly draw: (rows: Rows) => ReturnType<typeof lineChart>
  },
): Effect.Effect<Figure, BlockError> =>
  Effect.gen(function* () {
    const rows = yield* queryRows(data, options.sql)
    const rendered = yield* Effect.tryPromise({ try: () => options.draw(rows), catch: figureError(options.name) })
    return { _tag: "Figure", name: options.name, caption: options.caption, svg: rendered.svg, png: rendered.png, data: rows, source: querySource(options.sql) }
  })

export const lineFigure = (data: RunData, options: { name: string; caption: readonly Inline[]; sql: string; chart: Omit<LineChart, "rows"> }) =>
  chartFigure(data, { ...options, draw: (rows) => lineChart({ ...options.chart, rows }) })

export const barFigure = (data: RunData, options: { name: string; caption: readonly Inline[]; sql: string; chart: Omit<BarChart, "rows"> }) =>
  chartFigure(data, { ...options, draw: (rows) => barChart({ ...options.chart, rows }) })

/**
 * Per column of a per-cycle table: first and last value (by cycle), minimum,
 * maximum, mean, and the rows where it is null.
 */
export const summaryTable = (data: RunData, runTable: RunTable, columns: readonly string[], caption: readonly Inline[]): Effect.Effect<Table, QueryError> => {
  const cycle = sqlIdentifier(runTable.cycleColumn ?? "cycle")
  const names = columns.map(sqlIdentifier).join(", ")
  const sql =
    `SELECT "column", arg_min(value, ${cycle}) FILTER (WHERE value IS NOT NULL) AS "first", arg_max(value, ${cycle}) FILTER (WHERE value IS NOT NULL) AS "last", ` +
    `min(value) AS "min", max(value) AS "max", avg(value) AS "mean", count(*) - count(value) AS "null rows" ` +
    `FROM (SELECT ${cycle}, ${names} FROM ${sqlIdentifier(runTable.table)}) UNPIVOT INCLUDE NULLS (value FOR "column" IN (${names})) ` +
    `GROUP BY "column" ORDER BY list_position([${columns.map(sqlString).join(", ")}], "column")`
  return queryTable(data, sql, { caption, codeColumns: ["column"] })
}

export interface Peak {
  readonly column: string
  readonly kind: "maximum" | "minimum"
}

/**
 * The extreme values of columns of a per-cycle table, each with the first
 * cycle it occurs at and the number of cycles at that value; then the whole
 * row of the table at each of those cycles (every recorded column: metrics
 * and control parameters as they were at the peak, not at the end).
 */
export const peakBlocks = (data: RunData, runTable: RunTable, peaks: readonly Peak[]): Effect.Effect<Block[], QueryError> =>
  Effect.gen(function* () {
    if (peaks.length === 0) return []
    const cycle = sqlIdentifier(runTable.cycleColumn ?? "cycle")
    const source = sqlIdentifier(runTable.table)
    const sql = peaks
      .map(({ column, kind }) => {
        const c = sqlIdentifier(column)
        return (
          `SELECT * FROM (SELECT ${sqlString(column)} AS "column", ${sqlString(kind)} AS "peak", ${c} AS "value", ` +
          `${cycle} AS "first cycle", count(*) OVER () AS "cycles at this value" FROM ${source} ` +
          `WHERE ${c} = (SELECT ${kind === "maximum" ? "max" : "min"}(${c}) FROM ${source}) ORDER BY ${cycle} LIMIT 1)`
        )
      })
      .join(" UNION ALL ")
    const result = yield* data.query(sql)
    const peakTable = resultTable(result, sql, {
      caption: [text("Peaks: the extreme value of each column, the first cycle it occurs at, and how many cycles share it.")],
      codeColumns: ["column", "peak"],
    })
    if (result.rows.length === 0) return [peakTable]
    const columns = runTable.columns.map((c) => sqlIdentifier(c.name)).join(", ")
    // One row per peak, in the order of the peaks: the row where the peak value first occurs.
    const stateSql = peaks
      .map(
        ({ column, kind }, i) =>
          `SELECT * FROM (SELECT ${i} AS hhml_peak, ${columns} FROM ${source} ` +
          `WHERE ${sqlIdentifier(column)} = (SELECT ${kind === "maximum" ? "max" : "min"}(${sqlIdentifier(column)}) FROM ${source}) ORDER BY ${cycle} LIMIT 1)`,
      )
      .join(" UNION ALL ")
    const state = yield* data.query(`${stateSql} ORDER BY hhml_peak`)
    const stateTable = table({
      caption: [text("The recorded row at each peak (the first where the peak value occurs): every column of "), code(runTable.table), text(" as it was at the peak.")],
      header: [[text("column")], ...state.rows.map((row) => [text(`at ${peaks[Number(row[0])]!.kind} of `), code(peaks[Number(row[0])]!.column)])],
      rows: state.columns.slice(1).map((column, c) => [code(column.name), ...state.rows.map((row) => value(row[c + 1] ?? null))]),
      source: querySource(`${stateSql} ORDER BY hhml_peak`),
    })
    return [peakTable, stateTable]
  })
