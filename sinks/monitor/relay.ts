/**
 * A relay (`hhml monitor <run> --serve [port]`): a client of a run's tap that
 * serves the same dashboard and protocol to browsers of its own, on its own
 * address and with its own token. The run's messages and field frames are
 * passed on as they come and kept in a hub (hub.ts), so a browser that
 * connects mid-run gets the latest state at once.
 *
 * When the run is lost the relay keeps serving what it has, tells its clients
 * (an `upstream` message: waiting, why, when it retries) and reconnects with
 * backoff. Once connected again it starts from the run's own state and closes
 * its clients with 1012, so that each reconnects and gets that state whole.
 * When the run ends, the relay passes the `end` on and stops.
 */
import { Observable, Subject, type Subscription } from "rxjs"
import { errorMessage } from "../../stages/stage.js"
import { type MonitorMessage, monitorMessages, reconnecting } from "./client.js"
import { MonitorHub } from "./hub.js"
import { type EndMessage, type HelloMessage, type UpstreamStatus, closeCodes, epochMs, protocolVersion } from "./protocol.js"
import { generateToken } from "./security.js"
import { type ServerStats, startMonitorServer } from "./server.js"
import { MonitorError, type MonitorSettings, monitorOptionsProblem, reachableHost, resolveMonitorOptions } from "./tap.js"

export interface Relay {
  readonly host: string
  readonly port: number
  /** The relay's own token, which its clients must present (never the run's). */
  readonly token: string
  /** The relay's dashboard, with its token: http://host:port/?token=... */
  readonly url: string
  readonly websocketUrl: string
  /**
   * What the relay receives from the run (field frames included), and its own
   * `upstream` messages when it loses the run or gets it back; completes when
   * the run has ended, fails when the run refuses the relay (a wrong token).
   */
  readonly messages: Observable<MonitorMessage>
  /** The run's `end`; rejects when the run refused the relay. */
  readonly ended: Promise<EndMessage>
  readonly stats: () => ServerStats
  /** Stops the relay while the run goes on: its clients are closed with 1001. */
  readonly close: () => Promise<void>
}

/** The message a relay passes on when the run's monitor closed without saying how the run ended. */
const endWithoutMessage: EndMessage = {
  v: 1,
  type: "end",
  status: "unknown",
  cyclesCompleted: null,
  reason: "the run's monitor closed the connection without an end message",
}

/**
 * Starts a relay of the tap at `upstream` (a ws:// URL with the run's token),
 * serving on the address and with the token of `settings` (a new random
 * token when it has none).
 */
export const startRelay = async (upstream: URL, settings: MonitorSettings = {}): Promise<Relay> => {
  const options = resolveMonitorOptions(settings)
  const problem = monitorOptionsProblem(options)
  if (problem !== null) throw new MonitorError({ message: problem })
  const token = options.token ?? generateToken()
  const hub = new MonitorHub(options)
  const notes = new Subject<MonitorMessage>()
  let run: HelloMessage | null = null
  let status: UpstreamStatus = { state: "waiting", reason: null, retryInMs: null }
  const server = await startMonitorServer(hub, { ...options, token }, (clientId, snapshot) => ({
    v: 1,
    type: "hello",
    protocol: protocolVersion,
    run: run?.run ?? null,
    plannedCycles: run?.plannedCycles ?? null,
    metrics: snapshot.columns,
    field: run?.field ?? { fps: options.field.fps, every: options.field.every, maxWidth: options.field.maxWidth, maxHeight: options.field.maxHeight },
    cycle: snapshot.cycle,
    clientId,
    upstream: status,
  }))

  const report = (next: UpstreamStatus) => {
    status = next
    const message = { v: 1, type: "upstream", t: epochMs(), ...next } as const
    hub.relay(message)
    notes.next(message)
  }

  const pass = (message: MonitorMessage) => {
    switch (message.type) {
      case "hello":
        run = message
        hub.reset(message.metrics, message.cycle, null)
        report({ state: "live", reason: null, retryInMs: null })
        // Clients hold the state from before: each reconnects for the run's.
        server.disconnectAll(closeCodes.reconnectForState, "the relay has connected to the run: reconnect for its state")
        return
      case "history":
        return hub.reset(hub.metricColumns, hub.latestCycle, message)
      case "schema":
      case "metrics":
      case "events":
      case "upstream":
        return hub.relay(message)
      case "frame":
        return hub.relayFrame(message.frame.cycle, message.data)
      default:
        return
    }
  }

  let finish: (end: EndMessage) => void = () => {}
  let fail: (error: unknown) => void = () => {}
  const ended = new Promise<EndMessage>((resolve, reject) => {
    finish = resolve
    fail = reject
  })
  // The caller may never ask how the run ended.
  ended.catch(() => {})
  let last: EndMessage | null = null
  let stopped = false
  let subscription: Subscription | null = null
  const stop = async (end: EndMessage | null) => {
    if (stopped) return
    stopped = true
    subscription?.unsubscribe()
    await server.close(end)
  }

  subscription = reconnecting(monitorMessages(upstream), (error, delay) =>
    report({ state: "waiting", reason: errorMessage(error), retryInMs: delay }),
  ).subscribe({
    next: (message) => {
      if (message.type === "end") last = message
      else pass(message)
      notes.next(message)
    },
    complete: () => {
      const end = last ?? endWithoutMessage
      void stop(end).then(() => {
        notes.complete()
        finish(end)
      })
    },
    error: (error: unknown) => {
      void stop(null).then(() => {
        notes.error(error)
        fail(error)
      })
    },
  })

  const host = reachableHost(options.host)
  const base = `${host}:${server.port}`
  return {
    host: options.host,
    port: server.port,
    token,
    url: `http://${base}/?token=${token}`,
    websocketUrl: `ws://${base}/ws?token=${token}`,
    messages: notes.asObservable(),
    ended,
    stats: server.stats,
    close: () => stop(null).then(() => notes.complete()),
  }
}
