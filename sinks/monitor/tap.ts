/**
 * The monitoring tap: a scoped HTTP/websocket server with the dashboard, and
 * a sink that publishes records to it. The sink never changes the stream and
 * never waits for a client: a record is turned into messages and handed to
 * every client's bounded queue synchronously, so the job runs as fast with a
 * stalled client as without one.
 *
 *   Effect.flatMap(openMonitor({ port: 8080 }), (tap) =>
 *     runInto(frames, parquetDataset(...), tap.sink(simulationMonitorView)))
 *
 * When the scope closes, clients receive an `end` message with the run's
 * status and the server stops.
 */
import { Cause, Chunk, Data, Effect, Exit, type Scope } from "effect"
import { errorMessage } from "../../stages/stage.js"
import type { SinkResource } from "../sink.js"
import type { QueueLimits } from "./client-queue.js"
import { type HubOptions, MonitorHub } from "./hub.js"
import { type EndMessage, type FieldSettings, protocolVersion } from "./protocol.js"
import { generateToken, tokenProblem } from "./security.js"
import { type MonitorServer, type ServerOptions, type ServerStats, startMonitorServer } from "./server.js"
import type { MonitorView } from "./view.js"

export class MonitorError extends Data.TaggedError("MonitorError")<{ readonly message: string }> {}

export interface MonitorOptions extends Omit<ServerOptions, "token">, Omit<HubOptions, "field"> {
  /** The token clients must present; null: a new random one. */
  readonly token: string | null
  readonly field: FieldSettings & { readonly maxMarkers: number }
}

export const defaultMonitorOptions: MonitorOptions = {
  host: "127.0.0.1",
  port: 0,
  token: null,
  origins: null,
  field: { fps: 5, every: 0, maxWidth: 128, maxHeight: 64, maxMarkers: 2048 },
  historyLength: 2000,
  recentEvents: 50,
  maxEventsPerMessage: 200,
  maxClients: 64,
  maxPayloadBytes: 4096,
  inboundPerSecond: 10,
  inboundBurst: 20,
  queue: { maxFrames: 4, maxMessages: 4096, maxBytes: 16 * 2 ** 20 },
  maxBufferedBytes: 2 ** 20,
  heartbeatMs: 5000,
  closeTimeoutMs: 3000,
}

/** Options as given: any subset, nested sections too. */
export type MonitorSettings = Partial<Omit<MonitorOptions, "field" | "queue">> & {
  readonly field?: Partial<MonitorOptions["field"]>
  readonly queue?: Partial<QueueLimits>
}

export const resolveMonitorOptions = (settings: MonitorSettings): MonitorOptions => ({
  ...defaultMonitorOptions,
  ...settings,
  field: { ...defaultMonitorOptions.field, ...settings.field },
  queue: { ...defaultMonitorOptions.queue, ...settings.queue },
})

const integerChecks: ReadonlyArray<readonly [string, (o: MonitorOptions) => number, number, number]> = [
  ["port", (o) => o.port, 0, 65535],
  ["field.maxWidth", (o) => o.field.maxWidth, 1, 4096],
  ["field.maxHeight", (o) => o.field.maxHeight, 1, 4096],
  ["field.maxMarkers", (o) => o.field.maxMarkers, 0, 1e6],
  ["field.every", (o) => o.field.every, 0, Number.MAX_SAFE_INTEGER],
  ["historyLength", (o) => o.historyLength, 0, 1e6],
  ["recentEvents", (o) => o.recentEvents, 0, 1e4],
  ["maxEventsPerMessage", (o) => o.maxEventsPerMessage, 1, 1e5],
  ["maxClients", (o) => o.maxClients, 1, 1e4],
  ["maxPayloadBytes", (o) => o.maxPayloadBytes, 16, 2 ** 20],
  ["inboundBurst", (o) => o.inboundBurst, 1, 1e4],
  ["queue.maxFrames", (o) => o.queue.maxFrames, 1, 1e4],
  ["queue.maxMessages", (o) => o.queue.maxMessages, 1, 1e7],
  ["queue.maxBytes", (o) => o.queue.maxBytes, 1, 2 ** 32],
  ["maxBufferedBytes", (o) => o.maxBufferedBytes, 1, 2 ** 32],
  ["heartbeatMs", (o) => o.heartbeatMs, 10, 3_600_000],
  ["closeTimeoutMs", (o) => o.closeTimeoutMs, 0, 600_000],
]

/** The first problem with the options, naming the option, what it accepts and what it got; null when they are fine. */
export const monitorOptionsProblem = (options: MonitorOptions): string | null => {
  for (const [name, get, min, max] of integerChecks) {
    const value = get(options)
    if (!Number.isSafeInteger(value) || value < min || value > max) return `monitor ${name}: expected an integer from ${min} to ${max}, got ${value}`
  }
  const { fps } = options.field
  if (!(Number.isFinite(fps) && fps >= 0 && fps <= 60)) return `monitor field.fps: expected a number from 0 to 60, got ${fps}`
  if (!(Number.isFinite(options.inboundPerSecond) && options.inboundPerSecond > 0)) {
    return `monitor inboundPerSecond: expected a number > 0, got ${options.inboundPerSecond}`
  }
  if (options.token !== null) {
    const problem = tokenProblem(options.token)
    if (problem !== null) return `monitor token: ${problem}`
  }
  const badOrigin = (options.origins ?? []).find((origin) => !/^https?:\/\/[^/\s]+$/.test(origin))
  if (badOrigin !== undefined) return `monitor origins: expected origins like http://host:port, got ${JSON.stringify(badOrigin)}`
  return null
}

/** What the tap tells clients about the run it serves. */
export interface MonitoredRun {
  /** The run's manifest as it stands (read at each hello and at the end). */
  readonly manifest: () => Readonly<Record<string, unknown>>
  readonly plannedCycles: number | null
}

export interface MonitorStats extends ServerStats {
  readonly recordsPublished: number
  /** Records the view failed on (they were skipped; the job went on). */
  readonly viewErrors: number
}

export interface MonitorTap {
  readonly host: string
  readonly port: number
  readonly token: string
  /** The dashboard, with the token: http://host:port/?token=... */
  readonly url: string
  /** The live stream: ws://host:port/ws?token=... */
  readonly websocketUrl: string
  /** Names the run being served (its manifest goes into every hello). */
  readonly attachRun: (run: MonitoredRun) => void
  /** A sink publishing each record through `view`; it never fails and never waits. */
  readonly sink: <A extends { readonly cycle: number }>(view: MonitorView<A>) => SinkResource<A>
  readonly stats: () => MonitorStats
}

/** The host to put in URLs: a wildcard bind is reached locally through the loopback address. */
export const reachableHost = (host: string) => (host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host)

const endOf = (exit: Exit.Exit<unknown, unknown>, run: MonitoredRun | null): EndMessage => {
  const manifest = run?.manifest()
  const recorded = manifest !== undefined && manifest.status !== "running" ? String(manifest.status) : null
  const status = recorded ?? (Exit.isSuccess(exit) ? "completed" : Cause.isInterruptedOnly(exit.cause) ? "interrupted" : "failed")
  const cycles = manifest?.cyclesCompleted
  const reason = manifest?.reason ?? (Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause) ? errorMessage(Cause.squash(exit.cause)) : null)
  return { v: 1, type: "end", status, cyclesCompleted: typeof cycles === "number" ? cycles : null, reason: reason === null ? null : String(reason) }
}

/**
 * A pipeline of synchronous stages keeps the event loop busy, and the server
 * could then neither accept a connection nor answer one: the sink lets the
 * event loop take a turn at least this often. A turn waits for nothing but
 * the callbacks already due (setImmediate), never for a client.
 */
const turnEveryMs = 25

const open = (options: MonitorOptions, token: string) => {
  const hub = new MonitorHub(options)
  let run: MonitoredRun | null = null
  let viewErrors = 0
  let lastTurn = performance.now()
  const takeTurn = Effect.async<void>((resume) => {
    const handle = setImmediate(() => {
      lastTurn = performance.now()
      resume(Effect.void)
    })
    return Effect.sync(() => clearImmediate(handle))
  })
  return Effect.map(
    Effect.tryPromise({
      try: () =>
        startMonitorServer(hub, { ...options, token }, (clientId, snapshot) => ({
          v: 1,
          type: "hello",
          protocol: protocolVersion,
          run: run?.manifest() ?? null,
          plannedCycles: run?.plannedCycles ?? null,
          metrics: snapshot.columns,
          field: { fps: options.field.fps, every: options.field.every, maxWidth: options.field.maxWidth, maxHeight: options.field.maxHeight },
          cycle: snapshot.cycle,
          clientId,
        })),
      catch: (error) => new MonitorError({ message: `cannot start the monitor: ${errorMessage(error)}` }),
    }),
    (server) => ({
      server,
      hub,
      attachRun: (attached: MonitoredRun) => (run = attached),
      run: () => run,
      publish: <A extends { readonly cycle: number }>(view: MonitorView<A>, record: A) => {
        try {
          hub.publish(view, record)
        } catch (error) {
          if (viewErrors++ === 0) process.emitWarning(`monitor: the view failed at cycle ${record.cycle}: ${errorMessage(error)}; the run goes on without it`)
        }
      },
      viewErrors: () => viewErrors,
      lastTurn: () => lastTurn,
      takeTurn,
    }),
  )
}

type Opened = Effect.Effect.Success<ReturnType<typeof open>>

const closeServer = (server: MonitorServer, end: EndMessage) => Effect.promise(() => server.close(end))

/** Starts the tap within a scope; closing the scope tells every client how the run ended and stops the server. */
export const openMonitor = (settings: MonitorSettings = {}): Effect.Effect<MonitorTap, MonitorError, Scope.Scope> =>
  Effect.gen(function* () {
    const options = resolveMonitorOptions(settings)
    const problem = monitorOptionsProblem(options)
    if (problem !== null) return yield* new MonitorError({ message: problem })
    const token = options.token ?? generateToken()
    const opened: Opened = yield* Effect.acquireRelease(open(options, token), (o, exit) => closeServer(o.server, endOf(exit, o.run())))
    const host = reachableHost(options.host)
    const base = `${host}:${opened.server.port}`
    return {
      host: options.host,
      port: opened.server.port,
      token,
      url: `http://${base}/?token=${token}`,
      websocketUrl: `ws://${base}/ws?token=${token}`,
      attachRun: opened.attachRun,
      sink: <A extends { readonly cycle: number }>(view: MonitorView<A>): SinkResource<A> =>
        Effect.succeed({
          name: "monitor",
          write: (records: Chunk.Chunk<A>) =>
            Effect.suspend(() => {
              for (const record of records) opened.publish(view, record)
              return performance.now() - opened.lastTurn() < turnEveryMs ? Effect.void : opened.takeTurn
            }),
        }),
      stats: () => ({ ...opened.server.stats(), recordsPublished: opened.hub.recordsPublished, viewErrors: opened.viewErrors() }),
    }
  })
