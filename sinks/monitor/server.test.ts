/**
 * The tap against real websocket clients: what a client gets, and how the
 * server refuses or disconnects clients that are not allowed or misbehave
 * while it keeps serving the others.
 */
import { mkdtemp, readFile, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Chunk, Effect, Exit, Scope, Stream } from "effect"
import { firstValueFrom, lastValueFrom, toArray } from "rxjs"
import { afterEach, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { runInto } from "../sink.js"
import { monitorAddressFile, monitorTokenFile, publishMonitorAddress, readMonitorAddress } from "./address-file.js"
import { MonitorRefused, type MonitorMessage, monitorMessages, websocketUrl } from "./client.js"
import { type ServerMessage, closeCodes } from "./protocol.js"
import { type MonitorSettings, type MonitorTap, openMonitor } from "./tap.js"
import { type MonitorView, genericMonitorView } from "./view.js"
import { type TestRecord, testRecord } from "./testing.js"

const withEvents: MonitorView<TestRecord> = { ...genericMonitorView, events: (r) => (r.cycle % 2 === 0 ? [{ kind: "even", cycle: r.cycle }] : []) }

const scopes: Scope.CloseableScope[] = []

/** Opens a tap that the test's end closes (as a completed run). */
const open = async (settings: MonitorSettings = {}): Promise<{ tap: MonitorTap; scope: Scope.CloseableScope }> => {
  const scope = await Effect.runPromise(Scope.make())
  scopes.push(scope)
  const tap = await Effect.runPromise(Scope.extend(openMonitor(settings), scope))
  return { tap, scope }
}

afterEach(async () => {
  for (const scope of scopes.splice(0)) await Effect.runPromise(Scope.close(scope, Exit.void))
})

const publish = <A extends { readonly cycle: number }>(tap: MonitorTap, view: MonitorView<A>, records: readonly A[]) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(tap.sink(view), (sink) => sink.write(Chunk.fromIterable(records)))))

const cycles = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => testRecord(from + k))

/** A raw client that records what it receives and how it was closed. */
const rawClient = (url: string, options: { origin?: string } = {}) => {
  const ws = new WebSocket(url, { perMessageDeflate: false, ...(options.origin === undefined ? {} : { origin: options.origin }) })
  const received: ServerMessage[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })))
  const opened = new Promise<void>((resolve, reject) => {
    ws.on("open", () => resolve())
    ws.on("error", reject)
  })
  ws.on("message", (data, binary) => {
    if (!binary) received.push(JSON.parse(String(data)) as ServerMessage)
  })
  const waitFor = async (predicate: (m: ServerMessage) => boolean) => {
    for (let i = 0; i < 500; i++) {
      const found = received.find(predicate)
      if (found !== undefined) return found
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error(`no such message among ${received.map((m) => m.type).join(", ")}`)
  }
  return { ws, received, closed, opened, waitFor }
}

const refusal = async (url: string, origin?: string) => {
  const error = await firstValueFrom(monitorMessages(url, origin === undefined ? {} : { origin })).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(MonitorRefused)
  return error as MonitorRefused
}

/** A legitimate client still gets served: it connects and its ping is answered. */
const stillServes = async (tap: MonitorTap) => {
  const client = rawClient(tap.websocketUrl)
  await client.opened
  client.ws.send(JSON.stringify({ v: 1, type: "ping", id: 42 }))
  expect(await client.waitFor((m) => m.type === "pong")).toMatchObject({ type: "pong", id: 42 })
  client.ws.close()
}

describe("the monitor tap", () => {
  it("serves the dashboard and its bundled libraries with a strict content policy, and nothing else", async () => {
    const { tap } = await open()
    const base = `http://127.0.0.1:${tap.port}`
    const page = await fetch(`${base}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8")
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'; script-src 'self'")
    expect(await page.text()).toContain('<script type="module" src="/dashboard.js">')
    for (const path of ["/dashboard.js", "/vendor/uPlot.esm.js", "/vendor/uPlot.min.css", "/vendor/rxjs.umd.min.js"]) expect((await fetch(`${base}${path}`)).status).toBe(200)
    expect((await fetch(`${base}/../package.json`)).status).toBe(404)
    expect((await fetch(`${base}/sinks/monitor/tap.ts`)).status).toBe(404)
    expect((await fetch(`${base}/`, { method: "POST" })).status).toBe(405)
    expect((await fetch(`${base}/ws`)).status).toBe(426)
  })

  it("gives a client that connects mid-run the run, the schema, the recent metrics and events, and the latest field frame at once", async () => {
    const { tap } = await open()
    tap.attachRun({ manifest: () => ({ runId: "demo-run", pipeline: "demo", status: "running" }), plannedCycles: 100 })
    await publish(tap, withEvents, cycles(0, 9))
    const messages: MonitorMessage[] = []
    const subscription = monitorMessages(tap.websocketUrl).subscribe((m) => messages.push(m))
    while (!messages.some((m) => m.type === "frame")) await new Promise((resolve) => setTimeout(resolve, 10))
    subscription.unsubscribe()
    const [hello, history] = messages
    expect(hello).toMatchObject({
      type: "hello",
      v: 1,
      protocol: 1,
      run: { runId: "demo-run", pipeline: "demo" },
      plannedCycles: 100,
      cycle: 9,
      metrics: [{ name: "reward", type: "DOUBLE" }],
    })
    expect(history).toEqual({ v: 1, type: "history", cycles: cycles(0, 9).map((r) => r.cycle), values: { reward: cycles(0, 9).map((r) => r.reward) } })
    expect(messages.filter((m) => m.type === "events").map((m) => (m as { cycle: number }).cycle)).toEqual([0, 2, 4, 6, 8])
    const frame = messages.find((m) => m.type === "frame")
    expect(frame?.type === "frame" && frame.frame).toMatchObject({ cycle: 9, width: 32, height: 1, nodeCount: 32 })
  })

  it("sends every client the same metrics, in order, as they are published", async () => {
    const { tap, scope } = await open()
    const collect = () => lastValueFrom(monitorMessages(tap.websocketUrl).pipe(toArray()))
    const [first, second] = [collect(), collect()]
    while (tap.stats().clients.length < 2) await new Promise((resolve) => setTimeout(resolve, 10))
    await publish(tap, withEvents, cycles(0, 49))
    await Effect.runPromise(Scope.close(scope, Exit.void))
    for (const messages of await Promise.all([first, second])) {
      const metrics = messages.filter((m) => m.type === "metrics")
      expect(metrics.map((m) => m.cycle)).toEqual(cycles(0, 49).map((r) => r.cycle))
      expect(metrics.map((m) => m.values.reward)).toEqual(cycles(0, 49).map((r) => r.reward))
      expect(messages.at(-1)).toEqual({ v: 1, type: "end", status: "completed", cyclesCompleted: null, reason: null })
    }
  })

  it("tells clients how the run ended: its manifest's status and reason, else the scope's exit", async () => {
    const { tap, scope } = await open()
    tap.attachRun({ manifest: () => ({ status: "failed", reason: "disk full", cyclesCompleted: 12 }), plannedCycles: null })
    const client = rawClient(tap.websocketUrl)
    await client.opened
    await Effect.runPromise(Scope.close(scope, Exit.fail("boom")))
    expect(await client.closed).toEqual({ code: closeCodes.runEnded, reason: "run ended" })
    expect(client.received.at(-1)).toEqual({ v: 1, type: "end", status: "failed", cyclesCompleted: 12, reason: "disk full" })

    const other = await open()
    const watcher = rawClient(other.tap.websocketUrl)
    await watcher.opened
    await Effect.runPromise(Scope.close(other.scope, Exit.interrupt(0 as never)))
    await watcher.closed
    expect(watcher.received.at(-1)).toMatchObject({ type: "end", status: "interrupted" })
  })

  it("passes records through unchanged: the tap only reads them", async () => {
    const { tap } = await open()
    const records = cycles(0, 19)
    const copies = records.map((r) => ({ ...r, field: { re: Float64Array.from(r.field.re), im: Float64Array.from(r.field.im) } }))
    for (const r of records) Object.freeze(r)
    const seen: TestRecord[] = []
    const collecting = Effect.succeed({ name: "collect", write: (chunk: Chunk.Chunk<TestRecord>) => Effect.sync(() => seen.push(...chunk)) })
    const client = rawClient(tap.websocketUrl)
    await client.opened
    await Effect.runPromise(Effect.scoped(runInto(Stream.fromIterable(records), collecting, tap.sink(withEvents))))
    expect(seen).toHaveLength(records.length)
    seen.forEach((r, k) => {
      expect(r).toBe(records[k])
      expect(r).toEqual(copies[k])
    })
    expect(tap.stats()).toMatchObject({ recordsPublished: 20, viewErrors: 0 })
  })

  it("lets each client lower its field frame rate or turn events off, leaving the others as they were", async () => {
    const { tap } = await open({ field: { every: 1 } })
    const quiet = rawClient(tap.websocketUrl)
    const frames = { quiet: 0, full: 0 }
    quiet.ws.on("message", (_data, binary) => binary && frames.quiet++)
    const full = rawClient(tap.websocketUrl)
    full.ws.on("message", (_data, binary) => binary && frames.full++)
    await Promise.all([quiet.opened, full.opened])
    quiet.ws.send(JSON.stringify({ v: 1, type: "configure", fieldFps: 0, events: false }))
    expect(await quiet.waitFor((m) => m.type === "configured")).toEqual({ v: 1, type: "configured", fieldFps: 0, events: false })
    await publish(tap, withEvents, cycles(0, 9))
    await full.waitFor((m) => m.type === "metrics" && m.cycle === 9)
    await quiet.waitFor((m) => m.type === "metrics" && m.cycle === 9)
    expect(frames).toEqual({ quiet: 0, full: 10 })
    expect(quiet.received.filter((m) => m.type === "events")).toHaveLength(0)
    expect(full.received.filter((m) => m.type === "events")).toHaveLength(5)
  })

  it("sends heartbeats with the client count and what was dropped for this client", async () => {
    const { tap } = await open({ heartbeatMs: 30 })
    const client = rawClient(tap.websocketUrl)
    await client.opened
    expect(await client.waitFor((m) => m.type === "heartbeat")).toMatchObject({ type: "heartbeat", clients: 1, droppedFrames: 0, cycle: null })
  })

  it("keeps the job going when the view throws: the record is skipped and counted", async () => {
    const { tap } = await open()
    const throwing: MonitorView<TestRecord> = { metrics: (r) => (r.cycle === 3 ? (() => { throw new Error("bad view") })() : { reward: r.reward }) }
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.message)
    process.on("warning", onWarning)
    await publish(tap, throwing, cycles(0, 5))
    await new Promise((resolve) => setImmediate(resolve))
    process.off("warning", onWarning)
    expect(tap.stats()).toMatchObject({ recordsPublished: 5, viewErrors: 1 })
    expect(warnings).toEqual(["monitor: the view failed at cycle 3: bad view; the run goes on without it"])
  })
})

describe("the monitor's security", () => {
  it("refuses a connection without the token or with a wrong one (HTTP 401)", async () => {
    const { tap } = await open()
    const missing = await refusal(tap.websocketUrl.replace(/\?token=.*/, ""))
    expect(missing.status).toBe(401)
    expect(missing.body).toBe("a valid token is required: /ws?token=<the run's token>")
    expect((await refusal(websocketUrl(tap.websocketUrl, `${tap.token}x`).href)).status).toBe(401)
    expect((await refusal(websocketUrl(tap.websocketUrl, "").href)).status).toBe(401)
    expect(tap.stats().refused).toEqual({ 401: 3 })
    await stillServes(tap)
  })

  it("refuses a browser page from a foreign origin (HTTP 403), even with the token, and accepts its own", async () => {
    const { tap } = await open()
    const foreign = await refusal(tap.websocketUrl, "http://evil.example")
    expect(foreign.status).toBe(403)
    expect(foreign.body).toBe('origin "http://evil.example" is not allowed')
    // A page rebound to this address by DNS still has its own name as origin.
    expect((await refusal(tap.websocketUrl, `http://rebound.example:${tap.port}`)).status).toBe(403)
    for (const origin of [`http://127.0.0.1:${tap.port}`, `http://localhost:${tap.port}`]) {
      const client = rawClient(tap.websocketUrl, { origin })
      await client.opened
      client.ws.close()
    }
    const listed = await open({ origins: ["https://dashboard.example"] })
    const accepted = rawClient(listed.tap.websocketUrl, { origin: "https://dashboard.example" })
    await accepted.opened
    expect((await refusal(listed.tap.websocketUrl, `http://127.0.0.1:${listed.tap.port}`)).status).toBe(403)
    await stillServes(tap)
  })

  it("closes a client that sends an oversized message (1009), malformed JSON or unknown messages (4400), and keeps serving others", async () => {
    const { tap } = await open({ maxPayloadBytes: 256 })
    const cases: Array<[string | Buffer, number, string]> = [
      ["x".repeat(300), closeCodes.messageTooBig, ""],
      ["{not json", closeCodes.invalidMessage, "malformed JSON"],
      ['{"v":1,"type":"subscribe","channel":"all"}', closeCodes.invalidMessage, 'unknown message type "subscribe"; expected ping or configure'],
      ['{"v":1,"type":"configure","fieldFps":"fast"}', closeCodes.invalidMessage, 'configure.fieldFps: expected a number from 0 to 60, got "fast"'],
      [Buffer.from([1, 2, 3]), closeCodes.invalidMessage, "binary messages are not accepted"],
      [JSON.stringify({ v: 1, type: "😀".repeat(40) }), closeCodes.invalidMessage, ""],
    ]
    const bystander = rawClient(tap.websocketUrl)
    await bystander.opened
    for (const [message, code, reason] of cases) {
      const client = rawClient(tap.websocketUrl)
      await client.opened
      client.ws.send(message)
      const closed = await client.closed
      expect(closed.code).toBe(code)
      if (reason !== "") expect(closed.reason).toBe(reason)
    }
    expect(tap.stats().disconnections.map((d) => d.code)).toEqual(cases.map(([, code]) => code))
    await publish(tap, withEvents, cycles(0, 0))
    await bystander.waitFor((m) => m.type === "metrics")
    await stillServes(tap)
  })

  it("closes a client that sends faster than the inbound rate allows (4429)", async () => {
    const { tap } = await open({ inboundPerSecond: 5, inboundBurst: 5 })
    const client = rawClient(tap.websocketUrl)
    await client.opened
    for (let k = 0; k < 20; k++) client.ws.send(JSON.stringify({ v: 1, type: "ping", id: k }))
    expect(await client.closed).toEqual({ code: closeCodes.tooManyMessages, reason: "more than 5 messages per second (burst 5)" })
    expect(client.received.filter((m) => m.type === "pong")).toHaveLength(5)
    await stillServes(tap)
  })

  it("caps connections: a flood beyond the limit is refused (HTTP 503) while connected clients keep receiving", async () => {
    const limit = 8
    const { tap } = await open({ maxClients: limit })
    const clients = Array.from({ length: limit }, () => rawClient(tap.websocketUrl))
    await Promise.all(clients.map((c) => c.opened))
    const flood = await Promise.all(Array.from({ length: 40 }, () => firstValueFrom(monitorMessages(tap.websocketUrl)).catch((e: unknown) => e)))
    expect(flood.every((e) => e instanceof MonitorRefused && e.status === 503)).toBe(true)
    expect((flood[0] as MonitorRefused).body).toBe("too many clients: the limit is 8")
    await publish(tap, withEvents, cycles(0, 2))
    for (const client of clients) await client.waitFor((m) => m.type === "metrics" && m.cycle === 2)
    clients[0]!.ws.close()
    await clients[0]!.closed
    await stillServes(tap)
  })

  it("rejects bad options with a message naming the option, and a port in use", async () => {
    const failure = (settings: MonitorSettings) => Effect.runPromise(Effect.scoped(Effect.flip(openMonitor(settings)))).then((e) => e.message)
    expect(await failure({ port: 70000 })).toBe("monitor port: expected an integer from 0 to 65535, got 70000")
    expect(await failure({ token: "short" })).toBe("monitor token: expected 16 to 256 characters from A-Z a-z 0-9 . _ ~ -, got 5 characters")
    expect(await failure({ field: { fps: 100 } })).toBe("monitor field.fps: expected a number from 0 to 60, got 100")
    expect(await failure({ origins: ["evil.example"] })).toBe('monitor origins: expected origins like http://host:port, got "evil.example"')
    const { tap } = await open()
    expect(await failure({ port: tap.port })).toBe(`cannot start the monitor: cannot listen on 127.0.0.1:${tap.port}: the port is in use`)
  })

  it("publishes its address in the run directory, the token readable only by its owner, and removes both when it stops", async () => {
    const runPath = await mkdtemp(join(tmpdir(), "hhml-monitor-address-"))
    const { tap, scope } = await open({ token: "a-chosen-token-of-32-characters0" })
    await Effect.runPromise(Scope.extend(publishMonitorAddress(runPath, tap), scope))
    const found = await readMonitorAddress(runPath)
    expect(found).toMatchObject({ token: "a-chosen-token-of-32-characters0", address: { host: "127.0.0.1", port: tap.port, url: `http://127.0.0.1:${tap.port}/` } })
    expect(await readFile(join(runPath, monitorAddressFile), "utf8")).not.toContain(tap.token)
    expect((await stat(join(runPath, monitorTokenFile))).mode & 0o777).toBe(0o600)
    await Effect.runPromise(Scope.close(scope, Exit.void))
    expect(await readMonitorAddress(runPath)).toBeNull()
  })
})
