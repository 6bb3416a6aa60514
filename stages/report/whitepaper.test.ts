/**
 * Whitepapers of real small runs of every pipeline (and a synthetic training
 * run with hand-set values): the sections each gets, content checked against
 * the Parquet files read independently, provenance (every number in the
 * rendered Markdown and HTML occurs in the run's data; every table and
 * figure equals its recorded query re-run), the files written, atomic
 * replacement, and the report stage at the end of a pipeline.
 */
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance, type Json } from "@duckdb/node-api"
import { Effect, Either, Stream, pipe } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { configsDir } from "../../pipelines/cli/run-command.js"
import { loadConfig } from "../../pipelines/config/load-config.js"
import { runQuery } from "../../pipelines/results/query.js"
import { openResults } from "../../pipelines/results/results-database.js"
import { executePipeline } from "../../pipelines/run/execute.js"
import { simulate } from "../../pipelines/simulate.js"
import type { TableSchema } from "../../sinks/parquet-dataset.js"
import { buildDocument } from "./build-document.js"
import { type Document, type Section, type Table, blocksOf, formatValue, paragraph, plainText, section, value } from "./document.js"
import { renderHtml } from "./render-html.js"
import { renderMarkdown } from "./render-markdown.js"
import { openRunData } from "./run-data.js"
import {
  htmlProse,
  markdownProse,
  provenanceWords,
  runPipeline,
  syntheticPeak,
  syntheticTrainRun,
  unsupportedNumbers,
  writeRun,
} from "./testing.js"
import { report, writeWhitepaper } from "./whitepaper.js"

let dataDir: string
const runs: Record<string, string> = {}
const documents: Record<string, Document> = {}

/** A long metrics table: a density that dips once to 0 and spikes once to 1 on a smooth background. */
const longRun = {
  cycles: 5000,
  spike: 3333,
  dip: 1234,
  table: {
    name: "metrics",
    version: 1,
    cycleColumn: "cycle",
    columns: [
      { name: "cycle", type: "INT64", description: "Cycle", value: (c: number) => c },
      { name: "vortex_density", type: "DOUBLE", description: "Density", value: (c: number) => (c === 3333 ? 1 : c === 1234 ? 0 : 0.5 + 0.1 * Math.sin(c / 300)) },
    ],
  } satisfies TableSchema<number>,
}

const build = (runId: string) => Effect.runPromise(Effect.scoped(Effect.flatMap(openRunData({ dataDir, runId }), buildDocument)))

/** Rows of SQL read straight from a run's Parquet files, not through the results layer. */
const direct = async (sql: string): Promise<Array<Record<string, Json>>> => {
  const connection = await (await DuckDBInstance.create(":memory:")).connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, Json>>
  } finally {
    connection.closeSync()
  }
}

const parts = (runId: string, folder: string) => `read_parquet('${join(dataDir, "results", runId, folder)}/*.parquet')`

const titles = (sections: readonly Section[]): unknown[] => sections.map((s) => (s.subsections.length === 0 ? s.title : [s.title, titles(s.subsections)]))

const tables = (document: Document, sectionTitle: string): Table[] =>
  document.sections
    .filter((s) => s.title === sectionTitle)
    .flatMap(blocksOf)
    .filter((b): b is Table => b._tag === "Table")

/** A table's cells as the reader sees them. */
const cells = (table: Table) => table.rows.map((row) => row.map((cell) => plainText([cell])))

const column = (table: Table, name: string) => {
  const index = table.header.findIndex((cell) => plainText(cell) === name)
  return cells(table).map((row) => row[index])
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hhml-whitepaper-"))
  runs.simulate = await runPipeline(dataDir, "simulate", ["run.cycles=30", "snapshots.every=0"])
  runs.torus = await runPipeline(dataDir, "simulate", ["run.cycles=20", "snapshots.every=0"], "simulate-torus")
  runs.nls = await runPipeline(dataDir, "simulate", ["run.cycles=20"], "simulate-nls")
  runs.gft = await runPipeline(dataDir, "gft", ["run.cycles=400"])
  runs.tensorNetworks = await runPipeline(dataDir, "tensor-networks", ["run.cycles=2"])
  runs.ensemble = await runPipeline(dataDir, "ensemble-pruning", ["run.cycles=4", "ensemble.branches=8", "ensemble.warmupCycles=5", "lattice.nu=48", "lattice.nv=12"])
  // Two environments and episodes of 6 actions: several episodes, some ending at the same cycle.
  runs.train = await runPipeline(dataDir, "train", [
    "run.cycles=40",
    "agent.warmupSteps=10",
    "agent.batchSize=8",
    "agent.hiddenUnits=8",
    "agent.environments=2",
    "environment.stepsPerAction=5",
    "environment.episodeLength=6",
  ])
  runs.synthetic = await syntheticTrainRun(dataDir)
  runs.long = await writeRun({
    dataDir,
    id: "simulate-20260101-000000-000001",
    pipeline: "simulate",
    config: { run: { cycles: longRun.cycles } },
    command: ["hhml", "run", "simulate"],
    folder: "metrics",
    table: longRun.table,
    rows: Array.from({ length: longRun.cycles }, (_, cycle) => cycle),
  })
  for (const [name, id] of Object.entries(runs)) documents[name] = await build(id)
}, 180_000)

afterAll(() => rm(dataDir, { recursive: true, force: true }))

const common = (...own: unknown[]) => ["Run", "Configuration", ...own, "Invariant checks", "Environment and versions", "Reproducibility"]

describe("whitepaper sections", () => {
  it("gives each pipeline its sections, and every run the common ones", () => {
    const datasets = (...names: string[]) => ["Datasets", names.map((n) => `Table ${n}`)]
    expect(titles(documents.simulate!.sections)).toEqual([
      ...common("Field and vortex trajectories", "Vortex events and worldlines"),
      datasets("metrics", "vortex_events", "worldlines"),
    ])
    expect(titles(documents.gft!.sections)).toEqual([...common("Condensate trajectories", "Bounces and recollapses"), datasets("gft_events", "gft_metrics")])
    expect(titles(documents.tensorNetworks!.sections)).toEqual([...common("Entanglement and minimal cuts"), datasets("entropies")])
    expect(titles(documents.ensemble!.sections)).toEqual([
      ...common("Pruning over the run", "Branches at the last cycle"),
      datasets("ensemble_branches", "ensemble_metrics", "rotation_curve"),
    ])
    expect(titles(documents.train!.sections)).toEqual([...common("Learning", "Table training_metrics"), datasets("training_metrics")])
  })

  it("simulate: event counts equal the vortex-events files, and every exact check holds", async () => {
    const id = runs.simulate!
    const byKind = await direct(`SELECT kind, count(*)::INTEGER AS n FROM ${parts(id, "vortex-events")} GROUP BY kind ORDER BY kind`)
    const events = tables(documents.simulate!, "Vortex events and worldlines")[0]!
    expect(column(events, "kind")).toEqual(byKind.map((row) => row.kind))
    expect(column(events, "events")).toEqual(byKind.map((row) => String(row.n)))
    const [peak] = await direct(`SELECT max(vortex_density) AS top, arg_max(cycle, vortex_density) AS at FROM ${parts(id, "metrics")}`)
    const peaks = tables(documents.simulate!, "Field and vortex trajectories").find((t) => column(t, "peak").includes("maximum"))!
    expect(cells(peaks)[0]).toEqual(["vortex_density", "maximum", formatValue(peak!.top!), formatValue(Number(peak!.at)), expect.any(String)])
    const checks = tables(documents.simulate!, "Invariant checks")[0]!
    expect(column(checks, "result").length).toBeGreaterThanOrEqual(6)
    expect(new Set(column(checks, "result"))).toEqual(new Set(["holds"]))
  })

  it("simulate on a torus checks the net charge; the NLS reports its norm drift at solver precision", () => {
    const torus = tables(documents.torus!, "Invariant checks")[0]!
    expect(cells(torus).find((row) => row[0]!.includes("closed orientable"))?.[3]).toBe("holds")
    const nls = tables(documents.nls!, "Invariant checks")[0]!
    const norm = cells(nls).find((row) => row[0] === "norm conserved (NLS)")!
    expect(Number(norm[2])).toBeLessThan(1e-9)
    expect(norm[3]).toBe("measured")
  })

  it("gft: the bounce is listed and E_j, Q_j stay constant", () => {
    const events = tables(documents.gft!, "Bounces and recollapses")[0]!
    expect(column(events, "kind")).toContain("bounce")
    const checks = cells(tables(documents.gft!, "Invariant checks")[0]!)
    expect(checks.map((row) => row[0])).toEqual(["e_j1_2 conserved", "e_j1 conserved", "q_j1_2 conserved", "q_j1 conserved", "hubble_squared = sum of the Friedmann terms"])
    for (const row of checks) expect(Math.abs(Number(row[2]))).toBeLessThan(1e-6)
  })

  it("tensor-networks: entropies never exceed the minimal cut, Rényi-2 never exceeds von Neumann", () => {
    const checks = cells(tables(documents.tensorNetworks!, "Invariant checks")[0]!)
    expect(checks.map((row) => row[0])).toEqual(["S(A) ≤ min cut · ln χ", "S_2(A) ≤ S(A)", "S(A) = S(Ā) for an interval and its complement"])
    expect(Number(checks[0]![2])).toBeLessThanOrEqual(1e-9)
    expect(Number(checks[1]![2])).toBeLessThanOrEqual(1e-9)
    expect(Number(checks[2]![2])).toBeLessThan(1e-9)
  })

  it("ensemble-pruning: bookkeeping holds and the recorded caveat is shown", () => {
    const checks = cells(tables(documents.ensemble!, "Invariant checks")[0]!)
    expect(checks.filter((row) => row[3] !== "measured").map((row) => row[3])).toEqual(["holds", "holds", "holds"])
    const comparison = tables(documents.ensemble!, "Pruning over the run").find((t) => t.header.some((h) => plainText(h) === "caveat (as recorded)"))!
    expect(column(comparison, "caveat (as recorded)")[0]).toMatch(/no evidence/)
  })

  it("train: the row at the reward's peak holds the control values of that cycle, not the last ones", () => {
    const section = tables(documents.synthetic!, "Table training_metrics")
    const peaks = section.find((t) => column(t, "peak").includes("maximum"))!
    const reward = cells(peaks).find((row) => row[0] === "reward")!
    expect(reward.slice(1, 5)).toEqual(["maximum", String(syntheticPeak.reward), String(syntheticPeak.cycle), "1"])
    const state = section.find((t) => plainText(t.header[0]!) === "column" && t.header.length > 1 && plainText(t.header[1]!).startsWith("at maximum"))!
    const at = (name: string) => cells(state).find((row) => row[0] === name)?.[1]
    expect(at("cycle")).toBe(String(syntheticPeak.cycle))
    expect(at("environment")).toBe(String(syntheticPeak.environment))
    expect(at("action_drive_amplitude")).toBe(String(syntheticPeak.action))
    expect(at("drive_amplitude")).toBe(String(2 * syntheticPeak.action))
  })

  it("train: tables with several rows per cycle are plotted as the mean of each cycle", () => {
    const figure = documents.synthetic!.sections.flatMap(blocksOf).find((b) => b._tag === "Figure" && b.name === "training_metrics-reward")
    expect(figure?._tag).toBe("Figure")
    if (figure?._tag !== "Figure") return
    // Cycle 37: environment 1 has reward 1, environment 0 has 1 - 0.5.
    expect(figure.data.find((row) => row.cycle === 37)?.reward).toBeCloseTo(0.75, 12)
    expect(plainText(figure.caption)).toMatch(/each point is their mean/)
  })

  it("a long table is plotted from the rows at each range's extremes, keeping every spike and dip", () => {
    const figure = documents.long!.sections.flatMap(blocksOf).find((b) => b._tag === "Figure" && b.name === "metrics-vortex-density")
    if (figure?._tag !== "Figure") throw new Error("no vortex density figure")
    expect(figure.data.length).toBeLessThanOrEqual(2 * 400 + 2)
    expect(figure.data.length).toBeGreaterThan(400)
    expect(figure.data.find((row) => row.cycle === longRun.spike)?.vortex_density).toBe(1)
    expect(figure.data.find((row) => row.cycle === longRun.dip)?.vortex_density).toBe(0)
    expect(figure.data.map((row) => row.cycle)).toEqual([...figure.data.map((row) => row.cycle)].sort((a, b) => Number(a) - Number(b)))
    expect(plainText(figure.caption)).toMatch(/Rows shown: those where a series reaches its minimum or maximum/)
  })

  it("train: the learning blocks and the return check agree with the episodes read from the Parquet files", async () => {
    const steps = await direct(`SELECT cycle, environment, episode, reward, episode_return FROM ${parts(runs.train!, "metrics")} ORDER BY cycle, environment`)
    // Each finished episode, in the order the report counts them (by cycle, then environment), and the sum of its steps' rewards.
    const sums = new Map<string, number>()
    const episodes: Array<{ cycle: number; episodeReturn: number; key: string }> = []
    for (const row of steps) {
      const key = `${String(row.environment)}/${String(row.episode)}`
      sums.set(key, (sums.get(key) ?? 0) + Number(row.reward))
      if (row.episode_return !== null) episodes.push({ cycle: Number(row.cycle), episodeReturn: Number(row.episode_return), key })
    }
    // 40 cycles of 2 environments, 6 actions an episode: 6 episodes end in each environment.
    expect(episodes).toHaveLength(12)
    for (const episode of episodes) expect(episode.episodeReturn).toBeCloseTo(sums.get(episode.key)!, 9)
    const blocks = tables(documents.train!, "Learning")[0]!
    // 12 episodes in blocks of ceil(12 / 10) = 2.
    expect(column(blocks, "first_episode")).toEqual(["1", "3", "5", "7", "9", "11"])
    column(blocks, "mean_return").forEach((cell, b) => {
      const block = episodes.slice(2 * b, 2 * b + 2).map((e) => e.episodeReturn)
      expect(Number(cell)).toBeCloseTo((block[0]! + block[1]!) / 2, 3)
    })
    expect(column(blocks, "last_cycle")).toEqual(episodes.filter((_, k) => k % 2 === 1).map((e) => String(e.cycle)))
    const checks = cells(tables(documents.train!, "Invariant checks")[0]!)
    expect(checks.map((row) => row[0])).toEqual(["reward = sum of its components", "episode_return = sum of the episode's rewards"])
    for (const row of checks) expect(Math.abs(Number(row[2]))).toBeLessThan(1e-9)
    const curve = documents.train!.sections.flatMap(blocksOf).find((b) => b._tag === "Figure" && b.name === "learning-curve")
    if (curve?._tag !== "Figure") throw new Error("no learning curve")
    // Both environments end their episodes at the same cycles: one point per cycle, their mean.
    expect(curve.data.map((row) => Number(row.cycle))).toEqual([...new Set(episodes.map((e) => e.cycle))])
    const first = episodes.filter((e) => e.cycle === episodes[0]!.cycle).map((e) => e.episodeReturn)
    expect(Number(curve.data[0]!.episode_return)).toBeCloseTo(first.reduce((a, b) => a + b, 0) / first.length, 9)
  })

  it("a real train run's report lists losses, Q-values, actions and its peaks", () => {
    const figures = documents.train!.sections.flatMap(blocksOf).flatMap((b) => (b._tag === "Figure" ? [plainText(b.caption)] : []))
    expect(figures.some((c) => c.startsWith("Losses: critic_loss"))).toBe(true)
    expect(figures.some((c) => c.startsWith("Q-values: q1, q2"))).toBe(true)
    expect(figures.some((c) => c.startsWith("Control parameters and actions") && c.includes("action_"))).toBe(true)
    const peaks = tables(documents.train!, "Table training_metrics").find((t) => column(t, "peak").includes("maximum"))!
    expect(column(peaks, "column")).toContain("reward")
  })
})

describe("content provenance", () => {
  it("every number in the rendered Markdown and HTML occurs in the run's data, manifest or config", async () => {
    for (const [name, document] of Object.entries(documents)) {
      const supported = await provenanceWords(dataDir, runs[name]!, document)
        expect({ name, md: unsupportedNumbers(markdownProse(renderMarkdown(document)), supported) }).toEqual({ name, md: [] })
      expect({ name, html: unsupportedNumbers(htmlProse(renderHtml(document)), supported) }).toEqual({ name, html: [] })
    }
  })

  it("the check finds a number that is not in the data", async () => {
    const document = documents.simulate!
    const tampered: Document = { ...document, sections: [...document.sections, section("Extra", [paragraph(value(123456.789))])] }
    const supported = await provenanceWords(dataDir, runs.simulate!, document)
    expect(unsupportedNumbers(markdownProse(renderMarkdown(tampered)), supported)).toEqual(["123457"])
  })

  it("every table and figure shows exactly what its recorded query returns", async () => {
    for (const [name, document] of Object.entries(documents)) {
      const blocks = document.sections.flatMap(blocksOf).filter((b) => b._tag === "Table" || b._tag === "Figure")
      const rerun = await Effect.runPromise(
        Effect.scoped(
          Effect.flatMap(openResults({ dataDir, runs: [runs[name]!] }), (database) =>
            Effect.forEach(blocks, (block) => (block.source._tag === "Query" ? Effect.map(runQuery(database.connection, block.source.sql), (r) => r) : Effect.succeed(null))),
          ),
        ),
      )
      blocks.forEach((block, i) => {
        const result = rerun[i]
        if (result === null || result === undefined) return
        if (block._tag === "Figure") {
          expect(block.data).toEqual(result.rows.map((row) => Object.fromEntries(result.columns.map((c, j) => [c.name, row[j] ?? null]))))
        } else if (block._tag === "Table" && block.header.map((cell) => plainText(cell)).join("\u0000") === result.columns.map((c) => c.name).join("\u0000")) {
          expect(cells(block)).toEqual(result.rows.map((row) => row.map((x) => formatValue(x ?? null))))
        } else if (block._tag === "Table") {
          // Transposed (a record, or the row at each peak): one row per result column, named in the first cell.
          const shown = result.columns.map((c, j) => (c.name.startsWith("hhml_") ? -1 : j)).filter((j) => j >= 0)
          expect(cells(block).map((row) => row[0])).toEqual(shown.map((j) => result.columns[j]!.name))
          expect(cells(block).map((row) => row.slice(1))).toEqual(shown.map((j) => result.rows.map((row) => formatValue(row[j] ?? null))))
        }
      })
    }
  })

  it("renders the same report from the same data", async () => {
    expect(renderMarkdown(await build(runs.gft!))).toBe(renderMarkdown(documents.gft!))
  })
})

const listFiles = async (directory: string, prefix = ""): Promise<string[]> =>
  (await readdir(directory, { withFileTypes: true })).flatMap((entry) => (entry.isDirectory() ? [] : [`${prefix}${entry.name}`])).concat(
    ...(await Promise.all(
      (await readdir(directory, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => listFiles(join(directory, e.name), `${prefix}${e.name}/`)),
    )),
  )

describe("writeWhitepaper", () => {
  it("writes the formats asked for into outputs/whitepapers/<run-id>/, with a self-contained HTML page", async () => {
    const written = await Effect.runPromise(writeWhitepaper({ dataDir, runId: runs.simulate!, formats: ["md", "html"] }))
    expect(written.directory).toBe(join(dataDir, "outputs", "whitepapers", runs.simulate!))
    const figures = documents.simulate!.sections.flatMap(blocksOf).filter((b) => b._tag === "Figure").map((b) => (b._tag === "Figure" ? b.name : ""))
    expect((await listFiles(written.directory)).sort()).toEqual(
      ["report.html", "report.json", "report.md", ...figures.flatMap((f) => [`figures/${f}.svg`, `figures/${f}.png`])].sort(),
    )
    expect(written.pdf).toBeNull()
    const html = await readFile(join(written.directory, "report.html"), "utf8")
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|href="(?!#)|url\((?!#)/)
    expect(html.match(/<svg/g)?.length).toBe(figures.length)
    const summary = JSON.parse(await readFile(join(written.directory, "report.json"), "utf8")) as { sources: unknown[]; pdf: unknown }
    expect(summary.sources.length).toBe(documents.simulate!.sections.flatMap(blocksOf).filter((b) => b._tag !== "Paragraph").length)
    const markdown = await readFile(join(written.directory, "report.md"), "utf8")
    expect(markdown).not.toMatch(/TODO|TBD|lorem|placeholder|XXX/i)
  })

  it("replaces a previous report as a whole, and leaves it untouched when the new one fails", async () => {
    const runId = runs.tensorNetworks!
    const first = await Effect.runPromise(writeWhitepaper({ dataDir, runId, formats: ["md"] }))
    const before = await readFile(join(first.directory, "report.md"), "utf8")
    const second = await Effect.runPromise(writeWhitepaper({ dataDir, runId, formats: ["html"] }))
    expect((await listFiles(second.directory)).sort()).toEqual(["report.html", "report.json"])
    await Effect.runPromise(writeWhitepaper({ dataDir, runId, formats: ["md"] }))
    // A pdflatex that fails after writing its log, as a broken TeX installation would.
    const bin = await mkdtemp(join(tmpdir(), "hhml-fake-tex-"))
    await writeFile(join(bin, "pdflatex"), "#!/bin/sh\nprintf 'This is a log\\n! Undefined control sequence.\\nl.42 \\\\oops\\n' > report.log\nexit 1\n")
    await chmod(join(bin, "pdflatex"), 0o755)
    const path = process.env.PATH
    process.env.PATH = `${bin}:${path}`
    try {
      const failed = await Effect.runPromise(Effect.either(writeWhitepaper({ dataDir, runId, formats: ["md", "pdf"], pdfEngine: "pdflatex" })))
      expect(Either.isLeft(failed)).toBe(true)
      if (Either.isLeft(failed)) expect(failed.left.message).toMatch(/pdflatex failed on pass 1[\s\S]*! Undefined control sequence/)
    } finally {
      process.env.PATH = path
      await rm(bin, { recursive: true, force: true })
    }
    expect(await readFile(join(first.directory, "report.md"), "utf8")).toBe(before)
    expect((await readdir(join(dataDir, "outputs", "whitepapers"))).filter((name) => name.startsWith("."))).toEqual([])
  })

  it("without a PDF engine: the default formats skip the PDF and say why; a PDF asked for fails with nothing written", async () => {
    const empty = await mkdtemp(join(tmpdir(), "hhml-no-programs-"))
    const path = process.env.PATH
    process.env.PATH = empty
    try {
      const runId = runs.ensemble!
      const written = await Effect.runPromise(writeWhitepaper({ dataDir, runId }))
      expect(written.pdf).toBeNull()
      expect(written.pdfSkipped).toMatch(/^no PDF engine: pdflatex or chromium is not on PATH/)
      expect(written.files.filter((file) => !file.startsWith("figures/"))).toEqual(["report.html", "report.json", "report.md", "report.tex"])
      const before = await listFiles(written.directory)
      const asked = await Effect.runPromise(Effect.either(writeWhitepaper({ dataDir, runId, formats: ["md", "pdf"] })))
      expect(Either.isLeft(asked) && asked.left.message).toMatch(/^no PDF engine/)
      expect(await listFiles(written.directory)).toEqual(before)
    } finally {
      process.env.PATH = path
      await rm(empty, { recursive: true, force: true })
    }
  })

  it("names the run and the formats when they are wrong, writing nothing", async () => {
    const unknown = await Effect.runPromise(Effect.either(writeWhitepaper({ dataDir, runId: "simulate-nope", formats: ["md"] })))
    expect(Either.isLeft(unknown) && unknown.left._tag).toBe("UnknownRunError")
    expect(Either.isLeft(unknown) && unknown.left.message).toMatch(/unknown run "simulate-nope"/)
    const empty = await Effect.runPromise(Effect.either(writeWhitepaper({ dataDir, runId: runs.gft!, formats: [] })))
    expect(Either.isLeft(empty) && empty.left.message).toBe('formats: Expected a comma-separated list of md, tex, html, pdf, actual ""')
    expect(await readdir(join(dataDir, "outputs", "whitepapers"))).not.toContain("simulate-nope")
  })

  it("writes into another folder when asked", async () => {
    const outputDir = join(dataDir, "elsewhere")
    await mkdir(outputDir)
    const written = await Effect.runPromise(writeWhitepaper({ dataDir, runId: runs.gft!, formats: ["tex"], outputDir }))
    expect(written.directory).toBe(join(outputDir, runs.gft!))
    expect(await listFiles(written.directory)).toContain("report.tex")
  })

  it("report() at the end of a pipeline writes the finished run's whitepaper", async () => {
    const file = join(configsDir, "simulate.yaml")
    const config = await Effect.runPromise(loadConfig(simulate.schema, { file, overrides: ["run.cycles=5", "snapshots.every=0"] }))
    const written = await Effect.runPromise(
      pipe(
        Stream.fromEffect(executePipeline(simulate, config, { resultsDir: join(dataDir, "results"), configFile: file, command: ["test"] })),
        report({ dataDir, formats: ["md"] }),
        Stream.runCollect,
      ),
    )
    const [only] = [...written]
    expect(only?.files).toContain("report.md")
    const markdown = await readFile(join(only!.directory, "report.md"), "utf8")
    // The manifest is final by then: the report sees the run completed.
    expect(markdown).toMatch(/\| status \| completed \|/)
  })
})
