/**
 * The `hhml` command as a user runs it: a real child process.
 */
import { existsSync } from "node:fs"
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { beforeAll, describe, expect, it } from "vitest"
import { projectRoot } from "../project.js"
import type { Manifest } from "../run/manifest.js"
import { finished, hhml, startHhml } from "./testing.js"

let dataDir: string
const runsIn = async (dir: string) => (existsSync(join(dir, "results")) ? readdir(join(dir, "results")) : [])

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hhml-cli-"))
})

describe("hhml", () => {
  it("prints its version", async () => {
    const packageJson = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8")) as { version: string }
    const result = await hhml("--version")
    expect(result).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` })
  })

  it("has --help on every command", async () => {
    for (const command of [[], ["run"], ["list"], ["doctor"]]) {
      const result = await hhml(...command, "--help")
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/^Usage: hhml/)
    }
  })

  it("lists pipelines with their configs", async () => {
    const result = await hhml("list")
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^simulate\n/m)
    expect(result.stdout).toMatch(/configs: .*simulate\.yaml/)
  })

  it("doctor reports node, cores, backends and the chosen one", async () => {
    const result = await hhml("doctor", "--json")
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as { node: string; cpu: { cores: number }; backends: { name: string; available: boolean }[]; chosenBackend: { name: string } }
    expect(report.node).toBe(process.version)
    expect(report.cpu.cores).toBeGreaterThan(0)
    expect(report.backends.find((b) => b.name === "cpu")?.available).toBe(true)
    expect(["tensorflow-gpu", "tensorflow", "wasm", "cpu"]).toContain(report.chosenBackend.name)
  })

  it("rejects an unknown pipeline and an unknown option with exit status 2", async () => {
    const unknownPipeline = await hhml("run", "nope", "--data-dir", dataDir)
    expect(unknownPipeline.code).toBe(2)
    expect(unknownPipeline.stderr).toContain('unknown pipeline "nope"; available: simulate')
    const unknownOption = await hhml("run", "simulate", "--frobnicate")
    expect(unknownOption.code).toBe(2)
    expect(unknownOption.stderr).toContain("unknown option '--frobnicate'")
  })

  describe("bad configs fail before any work: exit 2, a message naming file, key, expectation and value, no run directory", () => {
    const cases: ReadonlyArray<{ name: string; yaml?: string; set?: string[]; expect: RegExp }> = [
      { name: "unknown key", yaml: "run:\n  cycels: 3\n", expect: /bad\.yaml: run\.cycels: Expected no such key \(known keys: .*"cycles"/ },
      { name: "wrong type", yaml: "run:\n  cycles: many\n", expect: /bad\.yaml: run\.cycles: Expected an integer >= 1 \(cycles\), actual "many"/ },
      { name: "out of range", set: ["run.cycles=0"], expect: /run\.cycles: Expected an integer >= 1 \(cycles\), actual 0 \(from --set run\.cycles=0\)/ },
      { name: "malformed YAML", yaml: "run: [1, 2\n", expect: /bad\.yaml: Expected valid YAML, actual a syntax error/ },
      { name: "missing file", expect: /missing\.yaml: Expected a readable YAML file, actual no such file/ },
    ]
    for (const testCase of cases) {
      it(testCase.name, async () => {
        const dir = await mkdtemp(join(tmpdir(), "hhml-bad-"))
        const file = join(dir, testCase.yaml === undefined && testCase.set === undefined ? "missing.yaml" : "bad.yaml")
        if (testCase.yaml !== undefined) await writeFile(file, testCase.yaml)
        const args = testCase.set === undefined ? ["--config", file] : testCase.set.flatMap((s) => ["--set", s])
        const result = await hhml("run", "simulate", ...args, "--data-dir", dir)
        expect(result.code).toBe(2)
        expect(result.stderr).toMatch(testCase.expect)
        expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
        expect(await runsIn(dir)).toEqual([])
      })
    }
  })

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("on %s stops the run after a cycle with a checkpoint, closes its sinks, marks the manifest interrupted and exits %i", async (signal, status) => {
    const dir = await mkdtemp(join(tmpdir(), "hhml-sigint-"))
    const running = startHhml(["run", "simulate", "--set", "run.cycles=100000", "--data-dir", dir])
    // Wait until some cycles are done and the first rows are buffered in an open part.
    while (!/Writing to/.test(running.stderr())) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 3000))
    running.child.kill(signal)
    const result = await finished(running)
    expect(result.code).toBe(status)
    expect(result.stderr).toContain(`${signal}: stopping after the current cycle, with a checkpoint`)
    expect(result.stderr).toMatch(new RegExp(`Run interrupted by ${signal} after \\d+ cycles; results so far are in`))
    const [runId] = await runsIn(dir)
    const runDir = join(dir, "results", runId!)
    const manifest = JSON.parse(await readFile(join(runDir, "manifest.json"), "utf8")) as Manifest
    expect(manifest.status).toBe("interrupted")
    expect(manifest.endedAt).not.toBeNull()
    expect(manifest.cyclesCompleted).toBeGreaterThan(0)
    // The open part was flushed and renamed: every completed cycle is in a readable part, no temporary file remains.
    const parts = await readdir(join(runDir, "metrics"))
    expect(parts.every((name) => /^part-\d{5}\.parquet$/.test(name))).toBe(true)
    const connection = await (await DuckDBInstance.create(":memory:")).connect()
    const [counted] = (
      await connection.runAndReadAll(`SELECT count(*)::INT AS n, count(DISTINCT cycle)::INT AS d FROM read_parquet('${runDir}/metrics/*.parquet')`)
    ).getRowObjectsJson()
    const rows = counted?.n
    expect(counted?.d).toBe(rows)
    expect(rows).toBe(manifest.cyclesCompleted)
    // It stopped where it checkpointed: a resume redoes no cycle.
    const checkpoints = (await readdir(join(runDir, "checkpoints"))).sort()
    expect(checkpoints.at(-1)).toBe(`checkpoint-${String(manifest.cyclesCompleted - 1).padStart(9, "0")}.json`)
  })
})
