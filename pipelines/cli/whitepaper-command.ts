/**
 * `hhml whitepaper <run-id>`: the report of a run, built from its recorded
 * data and manifest, written to `<data-dir>/outputs/whitepapers/<run-id>/`
 * (docs/reports.md). Exit status: 0 written, 1 the report could not be made
 * (no PDF engine, pdflatex failed, files unwritable), 2 bad usage (a
 * `--format` outside md, tex, html, pdf; an unknown run id; no runs).
 */
import { type Command, Option } from "commander"
import { Effect, Either } from "effect"
import { type PdfEngineChoice, pdfEngineChoices } from "../../stages/report/pdf.js"
import { type WhitepaperError, checkFormats, reportFormats, writeWhitepaper } from "../../stages/report/whitepaper.js"
import { display } from "./run-command.js"

export interface WhitepaperCommandOptions {
  readonly dataDir: string
  /** Comma-separated formats, e.g. `md,pdf`; absent: every format, the PDF where an engine is installed. */
  readonly format?: string
  readonly pdfEngine: PdfEngineChoice
}

const exitStatus = (error: WhitepaperError): number => (error._tag === "UnknownRunError" || error._tag === "NoRunsError" ? 2 : 1)

/** Writes the report; resolves to the exit status. */
export const whitepaperCommand = async (runId: string, options: WhitepaperCommandOptions): Promise<number> => {
  const formats = options.format === undefined ? undefined : checkFormats(options.format.split(",").map((format) => format.trim()))
  if (typeof formats === "string") {
    process.stderr.write(`hhml: --format: ${formats}\n`)
    return 2
  }
  const outcome = await Effect.runPromise(
    Effect.either(
      writeWhitepaper({
        dataDir: options.dataDir,
        runId,
        ...(formats === undefined ? {} : { formats }),
        pdfEngine: options.pdfEngine,
        onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
      }),
    ),
  )
  if (Either.isLeft(outcome)) {
    process.stderr.write(`hhml: whitepaper: ${outcome.left.message}\n`)
    return exitStatus(outcome.left)
  }
  const written = outcome.right
  const figures = written.files.filter((file) => file.startsWith("figures/")).length
  const listed = [...written.files.filter((file) => !file.startsWith("figures/")), ...(figures === 0 ? [] : [`figures/ (${figures} files)`])]
  process.stdout.write(
    `Report of run ${written.runId}: ${display(written.directory)}\n  ${listed.join(", ")}\n` +
      (written.pdf === null ? "" : `PDF: ${display(`${written.directory}/report.pdf`)} (made with ${written.pdf.engine}: ${written.pdf.version})\n`),
  )
  if (written.pdfSkipped !== null) process.stderr.write(`PDF not written: ${written.pdfSkipped}\n`)
  return 0
}

export const registerWhitepaperCommand = (program: Command, helpers: { readonly dataDirOption: () => Option }): void => {
  program
    .command("whitepaper")
    .description("write the report of a run (Markdown, LaTeX, HTML, PDF) from its recorded data to <data-dir>/outputs/whitepapers/<run-id>/; see docs/reports.md")
    .argument("<run-id>", "the run to report on (hhml runs lists them)")
    .option("--format <formats>", `comma-separated list of ${reportFormats.join(", ")} (default: all; the PDF where pdflatex or chromium is installed)`)
    .addOption(
      new Option("--pdf-engine <engine>", "how the PDF is made: pdflatex, chromium (printing the HTML), or auto (pdflatex when installed)")
        .choices(pdfEngineChoices)
        .default("auto"),
    )
    .addOption(helpers.dataDirOption())
    .action(async (runId: string, options: WhitepaperCommandOptions) => {
      process.exitCode = await whitepaperCommand(runId, options)
    })
}
