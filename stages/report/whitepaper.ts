/**
 * The whitepaper of a run, written to `<data-dir>/outputs/whitepapers/<run-id>/`:
 * `report.md`, `report.tex`, `report.html` and `report.pdf` (the formats
 * asked for), `figures/*.svg` and `*.png`, and `report.json` (formats, PDF
 * engine and version, and the source of every table and figure).
 *
 * The folder is built under a temporary name beside it and renamed into
 * place when complete, so a failed or interrupted report leaves the previous
 * one as it was.
 *
 * `report` is the same as a stage at the end of a pipeline: a stream of
 * finished runs in, a stream of written reports out.
 *
 *   pipe(Stream.fromEffect(executePipeline(simulate, config, options)), report({ dataDir: "data" }), Stream.runCollect)
 */
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { mkdir, rename, rm, writeFile } from "node:fs/promises"
import { basename, dirname, join } from "node:path"
import { Effect, Stream } from "effect"
import { hhmlVersion } from "../../pipelines/project.js"
import { StageError, errorMessage } from "../stage.js"
import type { BlockError } from "./blocks.js"
import { buildDocument } from "./build-document.js"
import { type Document, blocksOf, figuresOf, plainText } from "./document.js"
import { type PdfEngine, type PdfEngineChoice, type PdfOutput, chromiumPdf, pdflatexPdf, selectPdfEngine } from "./pdf.js"
import { renderHtml } from "./render-html.js"
import { renderLatex } from "./render-latex.js"
import { renderMarkdown } from "./render-markdown.js"
import { ReportError, type RunDataError, openRunData } from "./run-data.js"

export const reportFormats = ["md", "tex", "html", "pdf"] as const
export type ReportFormat = (typeof reportFormats)[number]

export interface WhitepaperOptions {
  /** The data folder holding `results/` (and receiving `outputs/whitepapers/`). */
  readonly dataDir: string
  readonly runId: string
  /** Default: every format, the PDF only where an engine is installed (asked for explicitly, a missing engine is an error). */
  readonly formats?: readonly ReportFormat[]
  /** Default: pdflatex where installed, else Chromium. */
  readonly pdfEngine?: PdfEngineChoice
  /** Folder of every report (default `<dataDir>/outputs/whitepapers`). */
  readonly outputDir?: string
  /** Told about every part or run the results catalog leaves out (unreadable files); the report lists them too. */
  readonly onWarning?: (message: string) => void
}

export interface WrittenReport {
  readonly runId: string
  /** The report's folder. */
  readonly directory: string
  /** Files written, relative to `directory`. */
  readonly files: readonly string[]
  /** The PDF engine used, if a PDF was written. */
  readonly pdf: { readonly engine: PdfOutput["engine"]; readonly version: string } | null
  /** Why the PDF of the default formats was not written (no engine installed), else null. */
  readonly pdfSkipped: string | null
}

export type WhitepaperError = RunDataError | BlockError | ReportError

const fail = (message: string) => new ReportError({ message })

/** Every table, figure and command of the document with its source, for `report.json`. */
const sources = (document: Document) =>
  document.sections.flatMap((section) =>
    blocksOf(section).flatMap((block) =>
      block._tag === "Paragraph"
        ? []
        : [
            {
              section: section.title,
              block: block._tag === "CodeBlock" ? "command" : block._tag.toLowerCase(),
              caption: plainText(block.caption),
              ...(block.source._tag === "Query" ? { sql: block.source.sql } : { file: block.source.file, fields: block.source.fields }),
            },
          ],
    ),
  )

/** The report's files, by path relative to its folder. */
const renderFiles = async (document: Document, formats: readonly ReportFormat[], engine: PdfEngine | null) => {
  const files = new Map<string, string | Uint8Array>()
  const figures = figuresOf(document)
  const tex = formats.includes("tex") || engine !== null ? renderLatex(document) : null
  const html = formats.includes("html") || engine?.name === "chromium" ? renderHtml(document) : null
  if (formats.includes("md")) files.set("report.md", renderMarkdown(document))
  if (formats.includes("tex") && tex !== null) files.set("report.tex", tex)
  if (formats.includes("html") && html !== null) files.set("report.html", html)
  if (formats.includes("md") || formats.includes("tex")) {
    for (const figure of figures) {
      files.set(`figures/${figure.name}.svg`, figure.svg)
      files.set(`figures/${figure.name}.png`, figure.png)
    }
  }
  let pdf: PdfOutput | null = null
  if (engine !== null) {
    pdf = engine.name === "pdflatex" ? await pdflatexPdf(engine.program, tex!, figures) : await chromiumPdf(engine.program, html!)
    files.set("report.pdf", pdf.pdf)
  }
  const summary = {
    runId: document.runId,
    pipeline: document.pipeline,
    hhml: hhmlVersion,
    formats,
    pdf: pdf === null ? null : { engine: pdf.engine, version: pdf.version },
    sources: sources(document),
  }
  files.set("report.json", `${JSON.stringify(summary, null, 2)}\n`)
  return { files, pdf }
}

/** Writes `files` into `directory` as a whole: built under a temporary name, then swapped in; on failure the previous folder stays. */
const replaceDirectory = async (directory: string, files: ReadonlyMap<string, string | Uint8Array>) => {
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`
  const building = join(dirname(directory), `.${basename(directory)}.tmp-${tag}`)
  const previous = join(dirname(directory), `.${basename(directory)}.old-${tag}`)
  let movedAway = false
  await mkdir(building, { recursive: true })
  try {
    for (const [path, contents] of files) {
      await mkdir(dirname(join(building, path)), { recursive: true })
      await writeFile(join(building, path), contents)
    }
    if (existsSync(directory)) {
      await rename(directory, previous)
      movedAway = true
    }
    await rename(building, directory)
  } catch (error) {
    if (movedAway && !existsSync(directory)) await rename(previous, directory)
    await rm(building, { recursive: true, force: true })
    throw error
  }
  if (movedAway) await rm(previous, { recursive: true, force: true })
}

/** Checks the formats asked for: at least one, each known. */
export const checkFormats = (formats: readonly string[]): ReportFormat[] | string => {
  const unknown = formats.find((format) => !(reportFormats as readonly string[]).includes(format))
  if (formats.length === 0 || unknown !== undefined) {
    return `Expected a comma-separated list of ${reportFormats.join(", ")}, actual ${JSON.stringify(formats.join(","))}`
  }
  return [...new Set(formats as ReportFormat[])]
}

export const writeWhitepaper = (options: WhitepaperOptions): Effect.Effect<WrittenReport, WhitepaperError> =>
  Effect.gen(function* () {
    const asked = checkFormats(options.formats ?? reportFormats)
    if (typeof asked === "string") return yield* Effect.fail(fail(`formats: ${asked}`))
    const selected = asked.includes("pdf") ? selectPdfEngine(options.pdfEngine ?? "auto") : null
    const pdfSkipped = selected !== null && "missing" in selected ? selected.missing : null
    // Before any work: a PDF asked for without an engine fails with nothing written.
    if (pdfSkipped !== null && options.formats !== undefined) return yield* Effect.fail(fail(pdfSkipped))
    const formats = pdfSkipped === null ? asked : asked.filter((format) => format !== "pdf")
    const engine = selected !== null && "name" in selected ? selected : null
    const document = yield* Effect.scoped(Effect.flatMap(openRunData(options), buildDocument))
    const directory = join(options.outputDir ?? join(options.dataDir, "outputs", "whitepapers"), document.runId)
    const { files, pdf } = yield* Effect.tryPromise({ try: () => renderFiles(document, formats, engine), catch: (error) => fail(errorMessage(error)) })
    yield* Effect.tryPromise({
      try: () => replaceDirectory(directory, files),
      catch: (error) => fail(`cannot write the report to ${directory}: ${errorMessage(error)}`),
    })
    return { runId: document.runId, directory, files: [...files.keys()].sort(), pdf: pdf === null ? null : { engine: pdf.engine, version: pdf.version }, pdfSkipped }
  })

/** The report stage: writes the whitepaper of each run that flows in (a finished run's directory, or any `{ id }`). */
export const report =
  (options: Omit<WhitepaperOptions, "runId">) =>
  <E, R>(runs: Stream.Stream<{ readonly id: string }, E, R>): Stream.Stream<WrittenReport, E | StageError, R> =>
    Stream.mapEffect(runs, (run) =>
      Effect.mapError(writeWhitepaper({ ...options, runId: run.id }), (error) => new StageError({ stage: "report", message: error.message, cause: error })),
    )
