/**
 * The whitepaper as data: sections of paragraphs, tables, figures and code,
 * built from a run's recorded data before any rendering. Text written by the
 * report code is descriptive (headings, captions, what a table shows); every
 * number and every identifier comes in as a `Value` or `Code` taken from a
 * query result, the manifest or the config, and every table and figure names
 * its `Source`: the file or the SQL query its content came from.
 */
import type { Json } from "@duckdb/node-api"

/** Fixed descriptive text, written by the report code. */
export interface Text {
  readonly _tag: "Text"
  readonly text: string
}

/** A value from the run's data (query result, manifest, config), formatted by the renderer. */
export interface Value {
  readonly _tag: "Value"
  readonly value: Json
}

/** An identifier, path, key or command from the run's data, set in monospace. */
export interface Code {
  readonly _tag: "Code"
  readonly text: string
}

export type Inline = Text | Value | Code

export const text = (content: string): Text => ({ _tag: "Text", text: content })
export const value = (content: Json): Value => ({ _tag: "Value", value: content })
export const code = (content: string): Code => ({ _tag: "Code", text: content })

/** Where a table's or figure's content came from. */
export type Source =
  /** A file of the run directory (`manifest.json`, `config.yaml`) and the fields read. */
  | { readonly _tag: "File"; readonly file: string; readonly fields: string }
  /** An SQL query over the run's table views (DuckDB, as `hhml query --run <id>` sees them). */
  | { readonly _tag: "Query"; readonly sql: string }

export const fileSource = (file: string, fields: string): Source => ({ _tag: "File", file, fields })
export const querySource = (sql: string): Source => ({ _tag: "Query", sql })

export interface Paragraph {
  readonly _tag: "Paragraph"
  readonly content: readonly Inline[]
}

export interface Table {
  readonly _tag: "Table"
  readonly caption: readonly Inline[]
  /** One cell per column, each a sequence of inlines. */
  readonly header: ReadonlyArray<readonly Inline[]>
  /** Right-aligned (numeric) columns. */
  readonly numeric: readonly boolean[]
  readonly rows: ReadonlyArray<readonly Inline[]>
  readonly source: Source
}

export interface Figure {
  readonly _tag: "Figure"
  /** File name without extension, unique in the report (`figures/<name>.svg`, `.png`). */
  readonly name: string
  readonly caption: readonly Inline[]
  readonly svg: string
  readonly png: Uint8Array
  /** The rows plotted, exactly as the source query returned them. */
  readonly data: ReadonlyArray<Readonly<Record<string, Json>>>
  readonly source: Source
}

export interface CodeBlock {
  readonly _tag: "CodeBlock"
  readonly caption: readonly Inline[]
  readonly text: string
  readonly source: Source
}

export type Block = Paragraph | Table | Figure | CodeBlock

export interface Section {
  readonly title: string
  readonly blocks: readonly Block[]
  readonly subsections: readonly Section[]
}

export interface Document {
  readonly title: readonly Inline[]
  readonly runId: string
  readonly pipeline: string
  readonly sections: readonly Section[]
}

export const paragraph = (...content: Inline[]): Paragraph => ({ _tag: "Paragraph", content })

export const section = (title: string, blocks: readonly Block[], subsections: readonly Section[] = []): Section => ({ title, blocks, subsections })

/** A table of fixed column labels and data rows. */
export const table = (fields: {
  readonly caption: readonly Inline[]
  readonly header: ReadonlyArray<readonly Inline[]>
  readonly rows: ReadonlyArray<readonly Inline[]>
  readonly source: Source
  readonly numeric?: readonly boolean[]
}): Table => ({
  _tag: "Table",
  caption: fields.caption,
  header: fields.header,
  rows: fields.rows,
  source: fields.source,
  numeric: fields.numeric ?? fields.header.map((_, i) => fields.rows.length > 0 && fields.rows.every((row) => isNumber(row[i]))),
})

const isNumber = (inline: Inline | undefined) => inline?._tag === "Value" && typeof inline.value === "number"

/** Every block of a section and its subsections, depth first. */
export const blocksOf = (section: Section): Block[] => [...section.blocks, ...section.subsections.flatMap(blocksOf)]

/** Every figure of the document, in order. */
export const figuresOf = (document: Document): Figure[] =>
  document.sections.flatMap(blocksOf).filter((block): block is Figure => block._tag === "Figure")

/** Significant digits shown for non-integer numbers. */
const significantDigits = 6

const trimZeros = (mantissa: string) => (mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa)

/** A number as the report prints it: integers in full, others to 6 significant digits, exponent form outside [1e-4, 1e6). */
export const formatNumber = (x: number): string => {
  if (!Number.isFinite(x)) return String(x)
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x)
  const magnitude = Math.abs(x)
  if (magnitude >= 1e-4 && magnitude < 1e6) return trimZeros(x.toPrecision(significantDigits))
  const [mantissa, exponent] = x.toExponential(significantDigits - 1).split("e")
  return `${trimZeros(mantissa!)}e${exponent!.replace(/^\+/, "")}`
}

/** A data value as text: numbers by `formatNumber`, null as `null`, lists and objects as JSON. */
export const formatValue = (x: Json): string => {
  if (x === null) return "null"
  if (typeof x === "number") return formatNumber(x)
  if (typeof x === "string" || typeof x === "boolean") return String(x)
  return JSON.stringify(x)
}

/** Inlines as plain text (titles, alternative text). */
export const plainText = (parts: readonly Inline[]): string =>
  parts.map((part) => (part._tag === "Value" ? formatValue(part.value) : part.text)).join("")
