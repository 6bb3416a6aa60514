/**
 * The monitor's wire protocol, version 1 (docs/monitoring.md is the
 * reference). The server sends JSON text messages (hello, schema, history,
 * metrics, events, heartbeat, pong, configured, upstream, end), each with `v`
 * and `type`, and binary field frames (field-frame.ts). A client may send only the
 * control messages parsed here (ping, configure); anything else closes its
 * connection with a code from `closeCodes` and a reason saying what was wrong.
 */

export const protocolVersion = 1

/**
 * How the dashboard groups a metric into charts; without a group it decides
 * from the name. "progress" columns (step, time, wall time) are shown as text,
 * not charted.
 */
export const metricGroups = ["reward", "return", "loss", "q", "vortex-density", "vortex-count", "control", "field", "other", "progress"] as const
export type MetricGroup = (typeof metricGroups)[number]

export interface MetricColumn {
  readonly name: string
  readonly type: "DOUBLE" | "INT64" | "INT32"
  readonly unit?: string
  readonly description?: string
  readonly group?: MetricGroup
}

/** Something that happened at a cycle, e.g. a vortex pair created; details are flat scalars. */
export interface MonitorEvent {
  readonly kind: string
  readonly [detail: string]: string | number | boolean | null
}

export type MetricValues = Readonly<Record<string, number | null>>

export interface FieldSettings {
  /** Field frames per second at most (0: only every `every` cycles). */
  readonly fps: number
  /** A frame every this many cycles (0: by `fps` instead). */
  readonly every: number
  readonly maxWidth: number
  readonly maxHeight: number
}

export interface HelloMessage {
  readonly v: 1
  readonly type: "hello"
  readonly protocol: number
  /** The run's manifest (pipelines/run/manifest.ts) when the tap serves a run, else null. */
  readonly run: Readonly<Record<string, unknown>> | null
  /** Cycles the run will produce, when known. */
  readonly plannedCycles: number | null
  readonly metrics: readonly MetricColumn[]
  readonly field: FieldSettings
  /** The latest cycle published so far (null before the first record). */
  readonly cycle: number | null
  readonly clientId: number
  /** From a relay (`hhml monitor --serve`) only: its connection to the run. */
  readonly upstream?: UpstreamStatus
}

/** A relay's connection to the run it passes on. */
export interface UpstreamStatus {
  /** live: passing the run's messages on; waiting: not connected to the run (yet, or any more), retrying. */
  readonly state: "live" | "waiting"
  /** Why it is waiting: the last connection error. */
  readonly reason: string | null
  /** When it tries again, in milliseconds from `t` (null: it is trying now, or live). */
  readonly retryInMs: number | null
}

export interface SchemaMessage {
  readonly v: 1
  readonly type: "schema"
  readonly metrics: readonly MetricColumn[]
}

/** The recent metrics, column by column, sent once on connecting. */
export interface HistoryMessage {
  readonly v: 1
  readonly type: "history"
  readonly cycles: readonly number[]
  readonly values: Readonly<Record<string, ReadonlyArray<number | null>>>
}

export interface MetricsMessage {
  readonly v: 1
  readonly type: "metrics"
  readonly cycle: number
  /** When the tap published it: milliseconds since the Unix epoch, fractional. */
  readonly t: number
  readonly values: MetricValues
}

export interface EventsMessage {
  readonly v: 1
  readonly type: "events"
  readonly cycle: number
  readonly t: number
  readonly events: readonly MonitorEvent[]
  /** Events of this cycle left out beyond the per-message limit. */
  readonly omitted: number
}

export interface HeartbeatMessage {
  readonly v: 1
  readonly type: "heartbeat"
  readonly t: number
  readonly cycle: number | null
  readonly clients: number
  /** Field frames dropped for this client because it read too slowly. */
  readonly droppedFrames: number
  /** Messages waiting in this client's queue. */
  readonly queued: number
}

export interface PongMessage {
  readonly v: 1
  readonly type: "pong"
  readonly id: number | null
  readonly t: number
}

export interface ConfiguredMessage {
  readonly v: 1
  readonly type: "configured"
  readonly fieldFps: number
  readonly events: boolean
}

/** From a relay, when it has lost the run; it keeps serving its clients and reconnects. */
export interface UpstreamMessage extends UpstreamStatus {
  readonly v: 1
  readonly type: "upstream"
  readonly t: number
}

export interface EndMessage {
  readonly v: 1
  readonly type: "end"
  /** completed, interrupted or failed (the manifest's status). */
  readonly status: string
  readonly cyclesCompleted: number | null
  readonly reason: string | null
}

export type ServerMessage =
  | HelloMessage
  | SchemaMessage
  | HistoryMessage
  | MetricsMessage
  | EventsMessage
  | HeartbeatMessage
  | PongMessage
  | ConfiguredMessage
  | UpstreamMessage
  | EndMessage

/**
 * Close codes: 1000 the run ended, 1001 the server is shutting down, 1009 a
 * message over the size limit (sent by the websocket layer), 1012 a relay has
 * (re)connected to its run and the client should reconnect for the run's
 * state; the 44xx codes name what the client did wrong.
 */
export const closeCodes = {
  runEnded: 1000,
  goingAway: 1001,
  messageTooBig: 1009,
  reconnectForState: 1012,
  invalidMessage: 4400,
  unresponsive: 4408,
  queueOverflow: 4413,
  tooManyMessages: 4429,
} as const

/** The field frame rate a client may ask for, at most. */
export const maxClientFieldFps = 60

export type ControlMessage =
  | { readonly type: "ping"; readonly id: number | null }
  | { readonly type: "configure"; readonly fieldFps?: number; readonly events?: boolean }

export type ParsedControl = { readonly ok: true; readonly message: ControlMessage } | { readonly ok: false; readonly reason: string }

const reject = (reason: string): ParsedControl => ({ ok: false, reason })

/** A value as it appears in a reason, cut short (a close reason holds at most 123 bytes). */
const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 24 ? `${text.slice(0, 21)}...` : text
}

const onlyKeys = (message: Record<string, unknown>, type: string, allowed: readonly string[]): string | null => {
  const extra = Object.keys(message).find((key) => !allowed.includes(key))
  return extra === undefined ? null : `${type}: unknown field ${shown(extra)}`
}

const parsePing = (message: Record<string, unknown>): ParsedControl => {
  const extra = onlyKeys(message, "ping", ["v", "type", "id"])
  if (extra !== null) return reject(extra)
  const id = message.id ?? null
  if (id !== null && !(typeof id === "number" && Number.isSafeInteger(id))) return reject(`ping.id: expected an integer, got ${shown(id)}`)
  return { ok: true, message: { type: "ping", id } }
}

const parseConfigure = (message: Record<string, unknown>): ParsedControl => {
  const extra = onlyKeys(message, "configure", ["v", "type", "fieldFps", "events"])
  if (extra !== null) return reject(extra)
  const { fieldFps, events } = message
  if (fieldFps !== undefined && !(typeof fieldFps === "number" && Number.isFinite(fieldFps) && fieldFps >= 0 && fieldFps <= maxClientFieldFps)) {
    return reject(`configure.fieldFps: expected a number from 0 to ${maxClientFieldFps}, got ${shown(fieldFps)}`)
  }
  if (events !== undefined && typeof events !== "boolean") return reject(`configure.events: expected true or false, got ${shown(events)}`)
  return { ok: true, message: { type: "configure", ...(fieldFps === undefined ? {} : { fieldFps }), ...(events === undefined ? {} : { events }) } }
}

/** Parses a client's text message: one of the documented control messages, or the reason to reject it. */
export const parseControlMessage = (text: string): ParsedControl => {
  let message: unknown
  try {
    message = JSON.parse(text)
  } catch {
    return reject("malformed JSON")
  }
  if (message === null || typeof message !== "object" || Array.isArray(message)) return reject(`expected a JSON object, got ${shown(message)}`)
  const record = message as Record<string, unknown>
  if (record.v !== protocolVersion) return reject(`v: expected ${protocolVersion}, got ${shown(record.v)}`)
  switch (record.type) {
    case "ping":
      return parsePing(record)
    case "configure":
      return parseConfigure(record)
    default:
      return reject(`unknown message type ${shown(record.type)}; expected ping or configure`)
  }
}

/** A close reason within the websocket limit of 123 bytes of UTF-8, cut at a character boundary. */
export const closeReason = (text: string): string => {
  if (Buffer.byteLength(text) <= 123) return text
  let cut = ""
  for (const character of text) {
    if (Buffer.byteLength(`${cut}${character}...`) > 123) break
    cut += character
  }
  return `${cut}...`
}

/** Milliseconds since the Unix epoch with sub-millisecond resolution, comparable across threads of one machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now()

/** The bytes of a websocket message as the ws library hands it over (one buffer, an ArrayBuffer or fragments). */
export const messageBytes = (data: Buffer | ArrayBuffer | Buffer[]): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
