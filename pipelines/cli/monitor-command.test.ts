/**
 * `hhml run --monitor` and `hhml monitor` as a user runs them: real child
 * processes, a real simulation, watched by run id and by URL.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdtemp, readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { projectRoot } from "../project.js"
import type { Manifest } from "../run/manifest.js"

const main = join(projectRoot, "pipelines", "cli", "main.ts")

interface Running {
  readonly child: ChildProcess
  stdout: string
  stderr: string
  readonly exited: Promise<number | null>
}

const start = (args: readonly string[]): Running => {
  const child = spawn(process.execPath, ["--import", "tsx", main, ...args], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] })
  const running: Running = {
    child,
    stdout: "",
    stderr: "",
    exited: new Promise((resolve) => child.on("close", (code) => resolve(code))),
  }
  child.stdout?.on("data", (data: Buffer) => (running.stdout += data.toString()))
  child.stderr?.on("data", (data: Buffer) => (running.stderr += data.toString()))
  return running
}

const until = async (what: string, condition: () => boolean, seconds = 60) => {
  for (let waited = 0; !condition(); waited += 0.05) {
    if (waited > seconds) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

let dataDir: string
const spawned: ChildProcess[] = []

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hhml-monitor-cli-"))
})

afterAll(() => {
  for (const child of spawned) if (child.exitCode === null) child.kill("SIGKILL")
})

describe("hhml monitor", () => {
  it("follows a run started with --monitor, by run id and by URL, until the run ends", async () => {
    const run = start(["run", "simulate", "--monitor", "--set", "run.cycles=100000", "--data-dir", dataDir])
    spawned.push(run.child)
    await until("the monitor's address", () => /Monitor: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(run.stderr))
    const url = /Monitor: (\S+)/.exec(run.stderr)![1]!
    const runId = /^Run (\S+): pipeline simulate/m.exec(run.stderr)![1]!
    expect(run.stderr).toContain(`(from another terminal: hhml monitor ${runId})`)

    const byId = start(["monitor", runId, "--data-dir", dataDir, "--every", "0", "--fields", "vortex_density,vortices", "--no-events"])
    const byUrl = start(["monitor", url, "--json"])
    spawned.push(byId.child, byUrl.child)
    const metricLines = () => byId.stdout.split("\n").filter((line) => /^cycle \d+: vortex_density=\S+ vortices=\d+$/.test(line))
    const jsonLines = () => byUrl.stdout.split("\n").filter((line) => line !== "")
    await until("metrics in the terminal", () => metricLines().length >= 5 && jsonLines().length >= 5)

    expect(byId.stderr).toContain(`Dashboard: ${url}`)
    expect(byId.stderr).toMatch(new RegExp(`Run ${runId}: pipeline simulate, seed 1, 100000 cycles planned`))
    const cycles = metricLines().map((line) => Number(/^cycle (\d+)/.exec(line)![1]))
    expect(cycles).toEqual([...cycles].sort((a, b) => a - b))
    expect(byId.stdout).not.toMatch(/creation|annihilation/)
    const [hello] = jsonLines().map((line) => JSON.parse(line) as { type: string; run?: { runId: string } })
    expect(hello).toMatchObject({ type: "hello", run: { runId } })

    run.child.kill("SIGINT")
    expect(await run.exited).toBe(130)
    // The run ended by a signal: each monitor reports it and exits 1.
    expect(await byId.exited).toBe(1)
    expect(await byUrl.exited).toBe(1)
    expect(byId.stderr).toMatch(/Run interrupted after \d+ cycles/)
    expect(JSON.parse(jsonLines().at(-1)!)).toMatchObject({ type: "end", status: "interrupted" })
    const manifest = JSON.parse(await readFile(join(dataDir, "results", runId, "manifest.json"), "utf8")) as Manifest
    expect(manifest.status).toBe("interrupted")
    expect(existsSync(join(dataDir, "results", runId, "monitor.json"))).toBe(false)
    expect(existsSync(join(dataDir, "results", runId, "monitor.token"))).toBe(false)

    // The run has ended, so there is nothing left to watch.
    const ended = start(["monitor", runId, "--data-dir", dataDir])
    expect(await ended.exited).toBe(1)
    expect(ended.stderr).toContain(`hhml: run ${runId} is not being served live: it has ended (status interrupted)`)
  }, 120_000)

  it("rejects an unknown run id and a bad --monitor port with exit status 2", async () => {
    const unknown = start(["monitor", "no-such-run", "--data-dir", dataDir])
    const badPort = start(["run", "simulate", "--monitor", "70000", "--data-dir", dataDir])
    expect(await unknown.exited).toBe(2)
    expect(unknown.stderr).toContain('hhml: unknown run id "no-such-run"')
    expect(await badPort.exited).toBe(2)
    expect(badPort.stderr).toContain("option '--monitor [port]' argument '70000' is invalid. expected a port from 0 to 65535 (0: any free port)")
  }, 60_000)
})
