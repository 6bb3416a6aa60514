/**
 * A Node client of the tap, for the `hhml monitor` command, tests and
 * benchmarks: the messages of one connection as an Observable. JSON messages
 * arrive parsed, field frames decoded. The Observable completes when the
 * server closes normally (the run ended) and fails with a `MonitorRefused`
 * (the upgrade was answered with an HTTP error: wrong token, foreign origin,
 * too many clients) or a `MonitorClosed` (any other close).
 */
import { Observable, retry, timer } from "rxjs"
import WebSocket from "ws"
import { type FieldFrame, decodeFieldFrame } from "./field-frame.js"
import { type ServerMessage, closeCodes, messageBytes } from "./protocol.js"

/** A field frame as received: decoded, and its bytes as sent (a relay passes them on unchanged). */
export type MonitorMessage = ServerMessage | { readonly type: "frame"; readonly frame: FieldFrame; readonly bytes: number; readonly data: Buffer }

export class MonitorRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`the monitor refused the connection: HTTP ${status}${body === "" ? "" : `: ${body}`}`)
    this.name = "MonitorRefused"
  }
}

export class MonitorClosed extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`the monitor closed the connection: ${code}${reason === "" ? "" : ` ${reason}`}`)
    this.name = "MonitorClosed"
  }
}

/**
 * The websocket URL for what a user has: a dashboard URL as printed at the
 * start of a run (http://host:port/?token=...), or a ws:// URL; `token`
 * replaces the URL's own.
 */
export const websocketUrl = (given: string, token?: string): URL => {
  let url: URL
  try {
    url = new URL(given)
  } catch {
    throw new RangeError(`expected a URL like http://127.0.0.1:8080/?token=... or ws://127.0.0.1:8080/ws?token=..., got ${JSON.stringify(given)}`)
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) throw new RangeError(`expected an http, https, ws or wss URL, got ${JSON.stringify(given)}`)
  const socket = new URL(url)
  socket.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:"
  socket.pathname = "/ws"
  socket.hash = ""
  const chosen = token ?? url.searchParams.get("token")
  socket.search = chosen === null ? "" : `?token=${encodeURIComponent(chosen)}`
  return socket
}

export interface ConnectOptions {
  /** The Origin header to send, as a browser would. */
  readonly origin?: string
}

/** The messages of one connection to `url` (a ws:// URL with the token). */
export const monitorMessages = (url: string | URL, options: ConnectOptions = {}): Observable<MonitorMessage> =>
  new Observable<MonitorMessage>((subscriber) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...(options.origin === undefined ? {} : { origin: options.origin }) })
    ws.on("message", (data, isBinary) => {
      try {
        const bytes = messageBytes(data)
        if (isBinary) subscriber.next({ type: "frame", frame: decodeFieldFrame(bytes), bytes: bytes.byteLength, data: bytes })
        else subscriber.next(JSON.parse(bytes.toString("utf8")) as ServerMessage)
      } catch (error) {
        subscriber.error(error)
      }
    })
    ws.on("unexpected-response", (_request, response) => {
      let body = ""
      response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")))
      response.on("end", () => subscriber.error(new MonitorRefused(response.statusCode ?? 0, body.trim())))
    })
    ws.on("error", (error) => subscriber.error(error))
    ws.on("close", (code, reason) => {
      if (code === closeCodes.runEnded) subscriber.complete()
      else subscriber.error(new MonitorClosed(code, reason.toString("utf8")))
    })
    return () => {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate()
      else if (ws.readyState === WebSocket.OPEN) ws.close(closeCodes.goingAway, "client leaving")
    }
  })

/** Whether reconnecting cannot help: the server refused what this client sent (a token, an origin, a message). */
const isFinal = (error: unknown): boolean =>
  (error instanceof MonitorRefused && error.status !== 503) || (error instanceof MonitorClosed && [closeCodes.invalidMessage, closeCodes.tooManyMessages, 1008].includes(error.code))

/** The delay before reconnection attempt `attempt` (from 1): 0.5 s doubling to 10 s. */
export const reconnectDelayMs = (attempt: number): number => Math.min(10_000, 500 * 2 ** (attempt - 1))

/**
 * `messages` resubscribed after each failure with backoff (reconnectDelayMs,
 * from the start again once messages flow), for as long as the run goes on;
 * refusals (a wrong token, a foreign origin) fail at once. `onRetry` hears
 * of each failure and the delay before the next attempt.
 */
export const reconnecting = (messages: Observable<MonitorMessage>, onRetry: (error: unknown, delayMs: number) => void): Observable<MonitorMessage> =>
  messages.pipe(
    retry({
      resetOnSuccess: true,
      delay: (error: unknown, attempt: number) => {
        if (isFinal(error)) throw error
        const delay = reconnectDelayMs(attempt)
        onRetry(error, delay)
        return timer(delay)
      },
    }),
  )
