/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by
 * playwright-core) against a real `hhml run simulate --monitor`: the charts
 * fill, the heatmap draws with vortex markers, the events log grows; when the
 * run is killed the page reconnects with backoff to the resumed run; when the
 * run stops the page says so. And against a real `hhml run train --monitor`
 * seen through a relay (`hhml monitor <run-id> --serve`): the training
 * charts and environment 0's field. Nothing is fetched from anywhere but the
 * server that served the page. Screenshots go to test-artifacts/.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdirSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type BrowserContext, type Page, chromium } from "playwright-core"
import { afterAll, describe, expect, it } from "vitest"
import { projectRoot } from "../../pipelines/project.js"

const chromiumPath = "/usr/bin/chromium"
const available = existsSync(chromiumPath)
if (!available) process.stderr.write(`dashboard browser test skipped: ${chromiumPath} is missing (apt-get install chromium; .ci/run installs it)\n`)

const main = join(projectRoot, "pipelines", "cli", "main.ts")
const artifacts = join(projectRoot, "test-artifacts")
const token = "dashboard-test-token-0123456789"

interface Running {
  readonly child: ChildProcess
  stderr: string
  readonly exited: Promise<number | null>
}

const hhml = (args: readonly string[]): Running => {
  const child = spawn(process.execPath, ["--import", "tsx", main, ...args], { cwd: projectRoot, stdio: ["ignore", "ignore", "pipe"] })
  const running: Running = { child, stderr: "", exited: new Promise((resolve) => child.on("close", (code) => resolve(code))) }
  child.stderr?.on("data", (data: Buffer) => (running.stderr += data.toString()))
  return running
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

const until = async (what: string, condition: () => boolean | Promise<boolean>, seconds = 60) => {
  for (let waited = 0; !(await condition()); waited += 0.1) {
    if (waited > seconds) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

// What the page shows, read in the page (as source text: this project's types have no DOM).
const status = (page: Page) => page.evaluate<string>(`document.getElementById("status").dataset.state`)

const cycleShown = (page: Page) => page.evaluate<number>(`Number(document.body.dataset.cycle)`)

const chartPoints = (page: Page) =>
  page.evaluate<Record<string, number>>(`Object.fromEntries([...document.querySelectorAll(".chart")].map((e) => [e.dataset.chart, Number(e.dataset.points)]))`)

/** Fraction of the heatmap's pixels that are not the black background. */
const drawnFraction = (page: Page) =>
  page.evaluate<number>(`(() => {
    const canvas = document.getElementById("heatmap")
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height)
    let drawn = 0
    for (let p = 0; p < data.length; p += 4) if (data[p] + data[p + 1] + data[p + 2] > 30) drawn++
    return drawn / (data.length / 4)
  })()`)

const heatmap = (page: Page) =>
  page.evaluate<{ frames: number; markers: number }>(`(() => {
    const canvas = document.getElementById("heatmap")
    return { frames: Number(canvas.dataset.frames), markers: Number(canvas.dataset.markers) }
  })()`)

const spawned: ChildProcess[] = []
let context: BrowserContext | null = null

afterAll(async () => {
  await context?.close()
  for (const child of spawned) if (child.exitCode === null) child.kill("SIGKILL")
})

const browserPage = async (): Promise<Page> => {
  context ??= await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), "hhml-chromium-")), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
  return context.newPage()
}

/** Lets the page reach `host` only; what it asked of anywhere else, and the errors it reported. */
const watchPage = async (page: Page, host: string) => {
  const elsewhere: string[] = []
  await page.route("**/*", (route) => {
    const requested = new URL(route.request().url())
    if (requested.host === host) return route.continue()
    elsewhere.push(requested.href)
    return route.abort()
  })
  const problems: string[] = []
  page.on("pageerror", (error) => problems.push(error.message))
  page.on("console", (message) => {
    // While the run is down the browser logs each failed websocket attempt; that is the reconnection at work.
    if (message.type() === "error" && !/^WebSocket connection to .* failed/.test(message.text())) problems.push(message.text())
  })
  return { elsewhere, problems }
}

describe.skipIf(!available)("the dashboard in a browser", () => {
  it("charts a running simulation, draws its field with vortex markers, reconnects after the run is killed and resumed, and shows its end", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hhml-dashboard-"))
    const port = await freePort()
    const runArgs = ["--monitor", String(port), "--monitor-token", token, "--set", "run.cycles=100000", "--data-dir", dataDir]
    const first = hhml(["run", "simulate", ...runArgs])
    spawned.push(first.child)
    await until("the monitor's address", () => first.stderr.includes("Monitor: "))
    const url = /Monitor: (\S+)/.exec(first.stderr)![1]!
    const runId = /^Run (\S+): pipeline simulate/m.exec(first.stderr)![1]!
    expect(url).toBe(`http://127.0.0.1:${port}/?token=${token}`)

    const page = await browserPage()
    const { elsewhere, problems } = await watchPage(page, `127.0.0.1:${port}`)

    await page.goto(url)
    await until("the live state", async () => (await status(page)) === "live")
    expect(new URL(page.url()).search).toBe("")
    await until("charts with data", async () => {
      const points = await chartPoints(page)
      return (points["vortex-density"] ?? 0) >= 20 && (points["vortex-count"] ?? 0) >= 20
    })
    await until("field frames with vortex markers", async () => (await heatmap(page)).markers > 0)
    expect((await heatmap(page)).frames).toBeGreaterThanOrEqual(1)
    expect(await drawnFraction(page)).toBeGreaterThan(0.5)
    expect(await page.locator("#run").textContent()).toContain(runId)
    await until("progress with the rate and the viewers", async () => /^cycle \d+ \/ 100000 · [\d.]+ cycles\/s · 1 viewer$/.test((await page.locator("#progress").textContent()) ?? ""))
    expect(await page.locator("#events li:not(.system)").count()).toBeGreaterThan(0)
    expect(Object.keys(await chartPoints(page)).sort()).toEqual(["field (1)", "field (field)", "field (field²)", "vortex-count", "vortex-density"])
    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: join(artifacts, "dashboard.png"), fullPage: true })

    first.child.kill("SIGKILL")
    await first.exited
    await until("reconnecting", async () => (await status(page)) === "reconnecting", 20)
    const cycleBefore = await cycleShown(page)
    const resumed = hhml(["run", "simulate", "--resume", runId, ...runArgs.filter((arg) => arg !== "run.cycles=100000" && arg !== "--set")])
    spawned.push(resumed.child)
    await until("live again", async () => (await status(page)) === "live", 60)
    await until("new cycles after the resume", async () => (await cycleShown(page)) > cycleBefore)
    expect(await page.locator("#events li.system").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/connection lost \(1006\); retrying in [\d.]+ s \(attempt 1\)/), expect.stringMatching(/connected$/)]),
    )
    expect(cycleBefore).toBeGreaterThan(0)

    resumed.child.kill("SIGINT")
    expect(await resumed.exited).toBe(130)
    await until("the end", async () => (await status(page)) === "ended", 20)
    expect(await page.locator("#status").textContent()).toBe("run interrupted")
    expect(elsewhere).toEqual([])
    expect(problems).toEqual([])
  }, 180_000)

  it("shows a training run through a relay: its charts, and environment 0's field with vortex markers", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hhml-dashboard-train-"))
    const training = hhml(["run", "train", "--monitor", "0", "--set", "run.cycles=100000", "--set", "agent.warmupSteps=50", "--set", "agent.hiddenUnits=32", "--data-dir", dataDir])
    spawned.push(training.child)
    await until("the training run's monitor", () => training.stderr.includes("Monitor: "))
    const runId = /^Run (\S+): pipeline train/m.exec(training.stderr)![1]!
    const relayPort = await freePort()
    const relayToken = "dashboard-relay-token-0123456789"
    const relay = hhml(["monitor", runId, "--serve", String(relayPort), "--monitor-token", relayToken, "--data-dir", dataDir])
    spawned.push(relay.child)
    await until("the relay's address", () => relay.stderr.includes("Monitor: "))
    const url = /Monitor: (\S+)/.exec(relay.stderr)![1]!
    expect(url).toBe(`http://127.0.0.1:${relayPort}/?token=${relayToken}`)

    const page = await browserPage()
    const { elsewhere, problems } = await watchPage(page, `127.0.0.1:${relayPort}`)
    await page.goto(url)
    await until("the live state", async () => (await status(page)) === "live")
    expect(await page.locator("#run").textContent()).toContain(runId)
    await until("training charts with data", async () => {
      const points = await chartPoints(page)
      return (points.reward ?? 0) >= 20 && (points["vortex-density"] ?? 0) >= 20 && (points.control ?? 0) >= 20
    })
    await until("field frames with vortex markers", async () => (await heatmap(page)).markers > 0)
    // Every metric of the task has its own chart: counts with the counts, control values with the controls, progress as text.
    const charts = Object.keys(await chartPoints(page))
    expect(charts.filter((key) => key.startsWith("vortex-count"))).not.toEqual([])
    expect(charts.filter((key) => key.startsWith("control")).length).toBeGreaterThanOrEqual(2)
    expect(charts.filter((key) => key.startsWith("other"))).toEqual([])
    expect(await drawnFraction(page)).toBeGreaterThan(0.5)
    expect(await page.locator("#field-caption").textContent()).toMatch(/^cycle \d+: \d+ × \d+ cells from 576 nodes/)
    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: join(artifacts, "dashboard-train.png"), fullPage: true })

    training.child.kill("SIGINT")
    expect(await training.exited).toBe(130)
    await until("the end", async () => (await status(page)) === "ended", 20)
    expect(await page.locator("#status").textContent()).toBe("run interrupted")
    // The relay passes the end on and stops: 1 for a run that did not complete.
    expect(await relay.exited).toBe(1)
    expect(relay.stderr).toContain("Run interrupted")
    expect(elsewhere).toEqual([])
    expect(problems).toEqual([])
  }, 90_000)
})
