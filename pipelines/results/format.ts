/**
 * Query results as text: an aligned table for people, CSV (RFC 4180) or JSON
 * (one array of objects, a row per line) for programs.
 */
import type { Json } from "@duckdb/node-api"
import type { QueryResult } from "./query.js"

export const outputFormats = ["table", "csv", "json"] as const
export type OutputFormat = (typeof outputFormats)[number]

/** The format to use when none is asked for: a table on a terminal, CSV in a pipe or file. */
export const defaultFormat = (isTTY: boolean | undefined): OutputFormat => (isTTY ? "table" : "csv")

const text = (value: Json): string => (value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value))

const csvField = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)

const csv = (result: QueryResult): string =>
  [result.columns.map((c) => c.name), ...result.rows.map((row) => row.map(text))]
    .map((fields) => `${fields.map(csvField).join(",")}\n`)
    .join("")

const json = (result: QueryResult): string => {
  const objects = result.rows.map((row) => JSON.stringify(Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null]))))
  return objects.length === 0 ? "[]\n" : `[\n${objects.join(",\n")}\n]\n`
}

const table = (result: QueryResult): string => {
  const cells = result.rows.map((row) => row.map((value) => (value === null ? "NULL" : text(value).replace(/\r?\n/g, "\\n"))))
  const widths = result.columns.map((column, i) => Math.max(column.name.length, ...cells.map((row) => row[i]?.length ?? 0)))
  const line = (fields: readonly string[]) =>
    fields
      .map((field, i) => (result.columns[i]?.numeric ? field.padStart(widths[i] ?? 0) : field.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd()
  const count = `(${result.rows.length} ${result.rows.length === 1 ? "row" : "rows"})`
  return [line(result.columns.map((c) => c.name)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line), count, ""].join("\n")
}

export const formatResult = (result: QueryResult, format: OutputFormat): string => {
  if (result.columns.length === 0) return ""
  switch (format) {
    case "table":
      return table(result)
    case "csv":
      return csv(result)
    case "json":
      return json(result)
  }
}
