/**
 * PDF from the rendered report: pdflatex on the LaTeX source where it is
 * installed (run twice for the table of contents, in a temporary folder,
 * with -halt-on-error and no shell escape), else headless Chromium printing
 * the self-contained HTML through playwright-core (a fresh profile, no
 * network features). The engine used and its version are returned.
 */
import { execFile } from "node:child_process"
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { findProgram } from "../../pipelines/cli/doctor.js"
import { errorMessage } from "../stage.js"

const run = promisify(execFile)

export const pdfEngineChoices = ["auto", "pdflatex", "chromium"] as const
export type PdfEngineChoice = (typeof pdfEngineChoices)[number]

export interface PdfEngine {
  readonly name: "pdflatex" | "chromium"
  /** The program's absolute path. */
  readonly program: string
}

export interface PdfOutput {
  readonly engine: PdfEngine["name"]
  /** The first line of the program's `--version`. */
  readonly version: string
  readonly pdf: Uint8Array
}

const chromiumNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

const findChromium = (): string | null => chromiumNames.map((name) => findProgram(name)).find((path) => path !== null) ?? null

/** The engine `choice` selects on this machine, or why there is none. */
export const selectPdfEngine = (choice: PdfEngineChoice): PdfEngine | { readonly missing: string } => {
  const pdflatex = choice === "chromium" ? null : findProgram("pdflatex")
  if (pdflatex !== null) return { name: "pdflatex", program: pdflatex }
  const chromium = choice === "pdflatex" ? null : findChromium()
  if (chromium !== null) return { name: "chromium", program: chromium }
  const wanted = { auto: "pdflatex or chromium", pdflatex: "pdflatex", chromium: `one of ${chromiumNames.join(", ")}` }[choice]
  return {
    missing: `no PDF engine: ${wanted} is not on PATH (Debian: apt-get install texlive-latex-base texlive-latex-recommended texlive-fonts-recommended, or chromium)`,
  }
}

const versionOf = async (program: string): Promise<string> => {
  const { stdout } = await run(program, ["--version"], { timeout: 30_000 })
  return stdout.split("\n")[0]?.trim() ?? ""
}

const logTail = async (log: string, lines: number): Promise<string> => {
  const text = await readFile(log, "utf8").catch(() => "")
  const all = text.split("\n")
  const error = all.findIndex((line) => line.startsWith("!"))
  const tail = all.slice(-lines)
  return [...(error >= 0 && error < all.length - lines ? all.slice(error, error + 4) : []), ...tail].join("\n")
}

const withTemporaryDirectory = async <A>(prefix: string, use: (directory: string) => Promise<A>): Promise<A> => {
  const directory = await mkdtemp(join(tmpdir(), prefix))
  try {
    return await use(directory)
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

/** Compiles `tex` (with its figures, `figures/<name>.png`) twice with pdflatex. */
export const pdflatexPdf = (program: string, tex: string, figures: ReadonlyArray<{ readonly name: string; readonly png: Uint8Array }>): Promise<PdfOutput> =>
  withTemporaryDirectory("hhml-pdflatex-", async (directory) => {
    await writeFile(join(directory, "report.tex"), tex)
    await mkdir(join(directory, "figures"))
    await Promise.all(figures.map((figure) => writeFile(join(directory, "figures", `${figure.name}.png`), figure.png)))
    for (let pass = 1; pass <= 2; pass++) {
      try {
        await run(program, ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "report.tex"], {
          cwd: directory,
          timeout: 300_000,
          maxBuffer: 64 * 2 ** 20,
        })
      } catch (error) {
        const log = await logTail(join(directory, "report.log"), 25)
        throw new Error(`pdflatex failed on pass ${pass} (${errorMessage(error).split("\n")[0]}); the end of its log:\n${log}`, { cause: error })
      }
    }
    return { engine: "pdflatex", version: await versionOf(program), pdf: await readFile(join(directory, "report.pdf")) }
  })

/** Flags for a headless Chromium that talks to nothing and keeps nothing. */
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]

/** Prints the self-contained `html` to A4 with headless Chromium. */
export const chromiumPdf = (program: string, html: string): Promise<PdfOutput> =>
  withTemporaryDirectory("hhml-chromium-", async (profile) => {
    const playwright = await import("playwright-core").catch((error: unknown) => {
      throw new Error(`printing to PDF with Chromium needs the playwright-core package (npm install playwright-core): ${errorMessage(error)}`, { cause: error })
    })
    const context = await playwright.chromium.launchPersistentContext(profile, { executablePath: program, headless: true, args: chromiumArgs })
    try {
      const page = await context.newPage()
      await page.setContent(html, { waitUntil: "load" })
      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true })
      return { engine: "chromium", version: await versionOf(program), pdf }
    } finally {
      await context.close()
    }
  })
