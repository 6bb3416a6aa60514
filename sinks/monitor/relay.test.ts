/**
 * The relay against a real tap over real sockets: what its clients get
 * (the tap's messages and field frames, byte for byte), the latest state for
 * a client that connects late, its own token, the loss of the run (through a
 * TCP proxy that the test cuts and restores) and the run's end.
 */
import { type Server, type Socket, connect, createServer } from "node:net"
import { Chunk, Effect, Exit, Scope } from "effect"
import { firstValueFrom, filter } from "rxjs"
import { afterEach, describe, expect, it } from "vitest"
import { MonitorClosed, MonitorRefused, type MonitorMessage, monitorMessages } from "./client.js"
import { type HelloMessage, type UpstreamMessage, closeCodes } from "./protocol.js"
import { type Relay, startRelay } from "./relay.js"
import { type MonitorTap, openMonitor } from "./tap.js"
import { type MonitorView, genericMonitorView } from "./view.js"
import { type TestRecord, testRecord } from "./testing.js"

const view: MonitorView<TestRecord> = { ...genericMonitorView, events: (r) => (r.cycle % 3 === 0 ? [{ kind: "third", cycle: r.cycle }] : []) }

const runToken = "the-run-token-0123456789"
const relayToken = "the-relay-token-0123456789"

const scopes: Scope.CloseableScope[] = []
const relays: Relay[] = []
const proxies: Array<{ stop: () => Promise<void> }> = []

afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.close()
  for (const proxy of proxies.splice(0)) await proxy.stop()
  for (const scope of scopes.splice(0)) await Effect.runPromise(Scope.close(scope, Exit.void))
})

/** A tap every cycle of which has a field frame; closing `scope` ends its run as completed. */
const openTap = async (): Promise<{ tap: MonitorTap; scope: Scope.CloseableScope }> => {
  const scope = await Effect.runPromise(Scope.make())
  scopes.push(scope)
  const tap = await Effect.runPromise(Scope.extend(openMonitor({ token: runToken, field: { fps: 0, every: 1 } }), scope))
  tap.attachRun({ manifest: () => ({ runId: "relayed-run", pipeline: "test", status: "running" }), plannedCycles: 100 })
  return { tap, scope }
}

const publish = (tap: MonitorTap, from: number, to: number) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(tap.sink(view), (sink) => sink.write(Chunk.fromIterable(Array.from({ length: to - from + 1 }, (_, k) => testRecord(from + k)))))))

const relayOf = async (upstream: string): Promise<Relay> => {
  const relay = await startRelay(new URL(upstream), { token: relayToken })
  relays.push(relay)
  return relay
}

/** Resolves with the relay's next upstream status of `state`. */
const upstreamState = (relay: Relay, state: UpstreamMessage["state"]) =>
  firstValueFrom(relay.messages.pipe(filter((m): m is UpstreamMessage => m.type === "upstream" && m.state === state)))

/** A client recording every message, and how its connection ended. */
const client = (url: string) => {
  const received: MonitorMessage[] = []
  const outcome = new Promise<unknown>((resolve) =>
    monitorMessages(url).subscribe({ next: (m) => received.push(m), complete: () => resolve("completed"), error: (error: unknown) => resolve(error) }),
  )
  const waitFor = async (what: string, predicate: (m: MonitorMessage) => boolean) => {
    for (let i = 0; i < 1000; i++) {
      const found = received.find(predicate)
      if (found !== undefined) return found
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error(`no ${what} among ${received.map((m) => m.type).join(", ")}`)
  }
  const frames = () => received.flatMap((m) => (m.type === "frame" ? [{ cycle: m.frame.cycle, data: Buffer.from(m.data) }] : []))
  return { received, outcome, waitFor, frames }
}

const ofType = <T extends MonitorMessage["type"]>(received: readonly MonitorMessage[], type: T) =>
  received.filter((m): m is Extract<MonitorMessage, { type: T }> => m.type === type)

/** A TCP proxy in front of `port` that can be cut (every connection dropped, nothing listening) and restored on the same port. */
const tcpProxy = async (port: number) => {
  const sockets = new Set<Socket>()
  let server: Server | null = null
  const listen = (on: number) =>
    new Promise<number>((resolve) => {
      server = createServer((incoming) => {
        const outgoing = connect(port, "127.0.0.1")
        for (const socket of [incoming, outgoing]) {
          sockets.add(socket)
          socket.on("close", () => sockets.delete(socket))
          socket.on("error", () => socket.destroy())
        }
        incoming.pipe(outgoing).pipe(incoming)
      }).listen(on, "127.0.0.1", () => {
        const address = server!.address()
        resolve(typeof address === "object" && address !== null ? address.port : on)
      })
    })
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      if (server === null) return resolve()
      server.close(() => resolve())
      server = null
    })
  const proxyPort = await listen(0)
  const proxy = { port: proxyPort, cut, restore: () => listen(proxyPort).then(() => undefined), stop: cut }
  proxies.push(proxy)
  return proxy
}

describe("the relay", () => {
  it("passes on the run's hello, metrics, events and field frames as the tap sends them, and gives a late client the latest state", async () => {
    const { tap } = await openTap()
    await publish(tap, 0, 4)
    const relay = await relayOf(tap.websocketUrl)
    await upstreamState(relay, "live")

    const direct = client(tap.websocketUrl)
    const relayed = client(relay.websocketUrl)
    const hello = (await relayed.waitFor("hello", (m) => m.type === "hello")) as HelloMessage
    expect(hello).toMatchObject({ run: { runId: "relayed-run" }, plannedCycles: 100, cycle: 4, upstream: { state: "live", reason: null, retryInMs: null } })
    expect(hello.metrics.map((c) => c.name)).toEqual(["reward"])
    await direct.waitFor("hello", (m) => m.type === "hello")
    await relayed.waitFor("the frame of cycle 4", (m) => m.type === "frame" && m.frame.cycle === 4)

    await publish(tap, 5, 9)
    await direct.waitFor("cycle 9", (m) => m.type === "metrics" && m.cycle === 9)
    await relayed.waitFor("cycle 9", (m) => m.type === "metrics" && m.cycle === 9)
    await relayed.waitFor("the frame of cycle 9", (m) => m.type === "frame" && m.frame.cycle === 9)
    const live = (received: readonly MonitorMessage[]) => ofType(received, "metrics").map(({ cycle, t, values }) => ({ cycle, t, values }))
    expect(live(relayed.received)).toEqual(live(direct.received))
    expect(live(relayed.received).map((m) => m.cycle)).toEqual([5, 6, 7, 8, 9])
    expect(ofType(relayed.received, "events").map((m) => m.cycle)).toEqual([0, 3, 6, 9])
    expect(ofType(relayed.received, "events")).toEqual(ofType(direct.received, "events"))
    // Field frames pass unchanged, byte for byte.
    expect(relayed.frames().map((f) => f.cycle)).toEqual([4, 5, 6, 7, 8, 9])
    expect(relayed.frames()).toEqual(direct.frames())

    const late = client(relay.websocketUrl)
    const lateDirect = client(tap.websocketUrl)
    await late.waitFor("the latest frame", (m) => m.type === "frame")
    await lateDirect.waitFor("the latest frame", (m) => m.type === "frame")
    expect(ofType(late.received, "hello")[0]).toMatchObject({ cycle: 9, run: { runId: "relayed-run" } })
    expect(ofType(late.received, "history")).toEqual(ofType(lateDirect.received, "history"))
    expect(ofType(late.received, "history")[0]!.cycles).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(ofType(late.received, "events")).toEqual(ofType(lateDirect.received, "events"))
    expect(late.frames()).toEqual(lateDirect.frames())
    expect(late.frames().map((f) => f.cycle)).toEqual([9])
  })

  it("asks its own token, not the run's", async () => {
    const { tap } = await openTap()
    const relay = await relayOf(tap.websocketUrl)
    expect(relay.token).toBe(relayToken)
    expect(relay.url).toBe(`http://127.0.0.1:${relay.port}/?token=${relayToken}`)
    const withRunToken = client(`ws://127.0.0.1:${relay.port}/ws?token=${runToken}`)
    const without = client(`ws://127.0.0.1:${relay.port}/ws`)
    for (const refused of [withRunToken, without]) {
      const error = await refused.outcome
      expect(error).toBeInstanceOf(MonitorRefused)
      expect((error as MonitorRefused).status).toBe(401)
    }
    expect(relay.stats().refused).toEqual({ 401: 2 })
    const generated = await startRelay(new URL(tap.websocketUrl))
    relays.push(generated)
    expect(generated.token).toMatch(/^[A-Za-z0-9._~-]{32,}$/)
    expect(generated.token).not.toBe(runToken)
  })

  it("tells its clients when the run is lost, keeps serving the latest state, and reconnects to the run", async () => {
    const { tap } = await openTap()
    await publish(tap, 0, 2)
    const proxy = await tcpProxy(tap.port)
    const relay = await relayOf(`ws://127.0.0.1:${proxy.port}/ws?token=${runToken}`)
    await upstreamState(relay, "live")
    const watching = client(relay.websocketUrl)
    await watching.waitFor("hello", (m) => m.type === "hello")

    const waiting = upstreamState(relay, "waiting")
    await proxy.cut()
    const lost = await waiting
    expect(lost.retryInMs).toBe(500)
    expect(lost.reason).toMatch(/1006|ECONNRESET|socket hang up|closed/)
    const told = (await watching.waitFor("the loss", (m) => m.type === "upstream" && m.state === "waiting")) as UpstreamMessage
    expect(told).toMatchObject({ v: 1, type: "upstream", state: "waiting", retryInMs: 500 })

    // While the run is away a new client gets what the relay has, and why it waits.
    const meanwhile = client(relay.websocketUrl)
    const hello = (await meanwhile.waitFor("hello", (m) => m.type === "hello")) as HelloMessage
    expect(hello.upstream).toMatchObject({ state: "waiting" })
    expect(hello.upstream!.reason).not.toBeNull()
    expect(hello.cycle).toBe(2)
    expect(ofType(meanwhile.received, "history")[0]!.cycles).toEqual([0, 1, 2])
    await meanwhile.waitFor("the latest frame", (m) => m.type === "frame" && m.frame.cycle === 2)

    await publish(tap, 3, 5)
    const back = upstreamState(relay, "live")
    await proxy.restore()
    await back
    // Its clients are sent away to reconnect for the run's state as it is now.
    for (const c of [watching, meanwhile]) {
      const closed = await c.outcome
      expect(closed).toBeInstanceOf(MonitorClosed)
      expect((closed as MonitorClosed).code).toBe(closeCodes.reconnectForState)
    }
    const again = client(relay.websocketUrl)
    await again.waitFor("the latest frame", (m) => m.type === "frame" && m.frame.cycle === 5)
    expect(ofType(again.received, "hello")[0]).toMatchObject({ cycle: 5, upstream: { state: "live" } })
    expect(ofType(again.received, "history")[0]!.cycles).toEqual([0, 1, 2, 3, 4, 5])
    await publish(tap, 6, 6)
    await again.waitFor("cycle 6", (m) => m.type === "metrics" && m.cycle === 6)
  })

  it("passes the run's end on to its clients and stops", async () => {
    const { tap, scope } = await openTap()
    await publish(tap, 0, 1)
    const relay = await relayOf(tap.websocketUrl)
    await upstreamState(relay, "live")
    const watching = client(relay.websocketUrl)
    await watching.waitFor("hello", (m) => m.type === "hello")
    scopes.splice(scopes.indexOf(scope), 1)
    await Effect.runPromise(Scope.close(scope, Exit.void))
    const end = { v: 1, type: "end", status: "completed", cyclesCompleted: null, reason: null }
    await expect(relay.ended).resolves.toEqual(end)
    expect(await watching.outcome).toBe("completed")
    expect(ofType(watching.received, "end")).toEqual([end])
    const after = client(relay.websocketUrl)
    expect(await after.outcome).toMatchObject({ code: "ECONNREFUSED" })
  })
})
