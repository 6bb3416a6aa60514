/**
 * `hhml whitepaper` as a user runs it (a child process): one command turns a
 * finished run into a report folder with a PDF; an unknown run id or a bad
 * --format exits 2 naming what was wrong, and writes nothing.
 */
import { existsSync } from "node:fs"
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { selectPdfEngine } from "../../stages/report/pdf.js"
import { syntheticTrainRun } from "../../stages/report/testing.js"
import { hhml } from "./testing.js"

let dataDir: string
let runId: string
const whitepapers = () => join(dataDir, "outputs", "whitepapers")

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hhml-whitepaper-cli-"))
  runId = await syntheticTrainRun(dataDir)
})

afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe("hhml whitepaper", () => {
  it("rejects an unknown run id with exit 2, naming the known runs, and writes nothing", async () => {
    const result = await hhml("whitepaper", "simulate-19990101-000000-000000", "--data-dir", dataDir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`unknown run "simulate-19990101-000000-000000"`)
    expect(result.stderr).toContain(`known runs: ${runId}`)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(whitepapers())).toBe(false)
  })

  it("rejects a --format outside md, tex, html, pdf with exit 2, naming the flag and the accepted values", async () => {
    const result = await hhml("whitepaper", runId, "--format", "md,docx", "--data-dir", dataDir)
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('hhml: --format: Expected a comma-separated list of md, tex, html, pdf, actual "md,docx"\n')
    expect(existsSync(whitepapers())).toBe(false)
  })

  it("turns a finished run into a report folder with one command, and says which PDF engine made the PDF", async () => {
    const engine = selectPdfEngine("auto")
    const result = await hhml("whitepaper", runId, "--data-dir", dataDir)
    if ("missing" in engine) {
      console.log(`no PDF engine on this machine: checking that the other formats are written and the PDF's absence explained (${engine.missing})`)
      expect(result.code).toBe(0)
      expect(result.stderr).toContain("PDF not written: no PDF engine")
      return
    }
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Report of run ${runId}: ${join(whitepapers(), runId)}`)
    expect(result.stdout).toMatch(new RegExp(`PDF: .*report\\.pdf \\(made with ${engine.name}: `))
    const files = await readdir(join(whitepapers(), runId))
    expect(files.sort()).toEqual(["figures", "report.html", "report.json", "report.md", "report.pdf", "report.tex"])
  })
})
