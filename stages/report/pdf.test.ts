/**
 * PDF reports: the LaTeX of a real run (with figures) and of a run whose
 * config, command and column metadata are full of LaTeX specials compiles
 * with pdflatex, the first page rendered by pdftoppm is not blank, and the
 * awkward strings come back out of the PDF as text; the Chromium fallback
 * prints the HTML to a PDF whose first page is not blank either.
 */
import { execFileSync } from "node:child_process"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { findProgram } from "../../pipelines/cli/doctor.js"
import { selectPdfEngine } from "./pdf.js"
import { decodePng, inkFraction, runPipeline, syntheticTrainRun } from "./testing.js"
import { writeWhitepaper } from "./whitepaper.js"

const pdflatex = findProgram("pdflatex")
const pdftoppm = findProgram("pdftoppm")
const pdftotext = findProgram("pdftotext")
const pdfimages = findProgram("pdfimages")
const chromium = selectPdfEngine("chromium")

let dataDir: string
let simulateRun: string
let awkwardRun: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hhml-pdf-"))
  simulateRun = await runPipeline(dataDir, "simulate", ["run.cycles=20", "snapshots.every=0"])
  awkwardRun = await syntheticTrainRun(dataDir)
}, 120_000)

afterAll(() => rm(dataDir, { recursive: true, force: true }))

/** The first page at 50 dpi, as pdftoppm renders it. */
const firstPage = async (pdf: string) => {
  const prefix = join(dataDir, `page-${Math.random().toString(36).slice(2)}`)
  execFileSync(pdftoppm!, ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, prefix])
  return decodePng(await readFile(`${prefix}.png`))
}

/** An A4 page at 50 dpi is 413 × 585 pixels; printed text and rules cover a few percent of it. */
const expectPrintedA4 = (page: ReturnType<typeof decodePng>) => {
  expect(page.width).toBeGreaterThan(400)
  expect(page.height / page.width).toBeCloseTo(Math.SQRT2, 1)
  const ink = inkFraction(page)
  expect(ink).toBeGreaterThan(0.005)
  expect(ink).toBeLessThan(0.5)
}

describe("PDF through pdflatex", () => {
  if (pdflatex === null) console.log("skipped: pdflatex is not on PATH (CI installs texlive-latex-base, texlive-latex-recommended, texlive-fonts-recommended)")
  if (pdftoppm === null) console.log("page rendering skipped: pdftoppm is not on PATH (CI installs poppler-utils)")

  it.skipIf(pdflatex === null || pdftoppm === null)("compiles a run's report with its figures; the first page is not blank", async () => {
    const written = await Effect.runPromise(writeWhitepaper({ dataDir, runId: simulateRun, formats: ["tex", "pdf"], pdfEngine: "pdflatex" }))
    expect(written.pdf?.engine).toBe("pdflatex")
    expect(written.pdf?.version).toMatch(/pdfTeX/)
    const summary = JSON.parse(await readFile(join(written.directory, "report.json"), "utf8")) as { pdf: { engine: string } }
    expect(summary.pdf.engine).toBe("pdflatex")
    const pdf = join(written.directory, "report.pdf")
    expectPrintedA4(await firstPage(pdf))
    const figures = written.files.filter((file) => file.endsWith(".png")).length
    expect(figures).toBeGreaterThan(0)
    if (pdfimages === null) {
      console.log("image count skipped: pdfimages is not on PATH (CI installs poppler-utils)")
      return
    }
    // Each figure is one image (its alpha channel a separate "smask" entry).
    const images = execFileSync(pdfimages, ["-list", pdf], { encoding: "utf8" }).trim().split("\n").slice(2).filter((line) => line.trim().split(/\s+/)[2] === "image")
    expect(images.length).toBe(figures)
  })

  it.skipIf(pdflatex === null || pdftoppm === null)("escapes every string from the run: specials in config, command and column metadata", async () => {
    const written = await Effect.runPromise(writeWhitepaper({ dataDir, runId: awkwardRun, formats: ["tex", "pdf"], pdfEngine: "pdflatex" }))
    const pdf = join(written.directory, "report.pdf")
    expectPrintedA4(await firstPage(pdf))
    if (pdftotext === null) {
      console.log("text read-back skipped: pdftotext is not on PATH (CI installs poppler-utils)")
      return
    }
    const text = execFileSync(pdftotext, ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ")
    for (const piece of ["50% & $x_1^2 #3 ~{a}\\b", "<i>|*_[x]_</i>", "Möbius", "[U+1F600]", "rate_50%_{x}", "odd key {%}"]) expect(text).toContain(piece)
  })
})

describe("PDF through Chromium", () => {
  if ("missing" in chromium) console.log(`skipped: ${chromium.missing}`)

  it.skipIf("missing" in chromium)("prints the HTML report; the engine is recorded and the first page is not blank", async () => {
    const written = await Effect.runPromise(writeWhitepaper({ dataDir, runId: awkwardRun, formats: ["pdf"], pdfEngine: "chromium" }))
    expect(written.pdf?.engine).toBe("chromium")
    expect(written.pdf?.version).toMatch(/Chrom/)
    expect(written.files).toEqual(["report.json", "report.pdf"])
    const pdf = join(written.directory, "report.pdf")
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe("%PDF-")
    if (pdftoppm === null) console.log("page rendering skipped: pdftoppm is not on PATH (CI installs poppler-utils)")
    else expectPrintedA4(await firstPage(pdf))
  })
})
