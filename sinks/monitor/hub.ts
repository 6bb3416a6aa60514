/**
 * The live side of the tap: records are turned into protocol messages once,
 * encoded once, and published through two hot multicast Subjects (messages
 * and field frames) that every connected client subscribes to. The hub also
 * keeps the latest state (schema, recent metrics and events, the newest
 * field frame) so a client that connects mid-run gets it at once.
 *
 * Publishing is synchronous and never waits for a client: subscribers only
 * queue what they receive (client-queue.ts). A relay (relay.ts) feeds the hub
 * the messages of another tap instead of records, and the same latest state
 * is kept from them.
 */
import { Subject } from "rxjs"
import { encodeFieldFrame, type GridLimits } from "./field-frame.js"
import {
  type EventsMessage,
  type FieldSettings,
  type HistoryMessage,
  type MetricColumn,
  type MetricValues,
  type MetricsMessage,
  type SchemaMessage,
  type ServerMessage,
  type UpstreamMessage,
  epochMs,
} from "./protocol.js"
import type { FieldSnapshot, MonitorView } from "./view.js"

export interface HubOptions {
  readonly field: FieldSettings & Pick<GridLimits, "maxMarkers">
  /** Cycles of metrics kept for clients that connect later. */
  readonly historyLength: number
  /** Events kept for clients that connect later. */
  readonly recentEvents: number
  /** Events sent per cycle at most; the rest are counted as omitted. */
  readonly maxEventsPerMessage: number
}

interface HistoryEntry {
  readonly cycle: number
  readonly values: MetricValues
}

/** A ring buffer of the last `capacity` items. */
class Ring<T> {
  private readonly items: T[] = []
  private start = 0

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.capacity === 0) return
    if (this.items.length < this.capacity) this.items.push(item)
    else {
      this.items[this.start] = item
      this.start = (this.start + 1) % this.capacity
    }
  }

  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)]
  }

  clear(): void {
    this.items.length = 0
    this.start = 0
  }
}

const encoder = new TextEncoder()

export const encodeMessage = (message: ServerMessage): Uint8Array => encoder.encode(JSON.stringify(message))

/** A JSON message as published: its type (for per-client filtering) and its encoded text. */
export interface Published {
  readonly type: ServerMessage["type"]
  readonly data: Uint8Array
}

const published = (message: ServerMessage): Published => ({ type: message.type, data: encodeMessage(message) })

/** What a client receives first, in order: its hello is built by the server. */
export interface HubSnapshot {
  readonly cycle: number | null
  readonly columns: readonly MetricColumn[]
  readonly history: readonly HistoryEntry[]
  readonly events: readonly EventsMessage[]
  readonly frame: Uint8Array | null
}

export class MonitorHub {
  /** JSON messages for every client (schema, metrics, events, end), encoded once. */
  readonly messages = new Subject<Published>()
  /** Binary field frames, at the hub's rate; clients may sample them further. */
  readonly frames = new Subject<Uint8Array>()
  private readonly columns = new Map<string, MetricColumn>()
  private readonly history: Ring<HistoryEntry>
  private readonly events: Ring<EventsMessage>
  private cycle: number | null = null
  private published = 0
  private lastFrameAt = Number.NEGATIVE_INFINITY
  private latestFrame: { readonly cycle: number; readonly data: Uint8Array } | null = null
  private latestField: { readonly cycle: number; readonly snapshot: () => FieldSnapshot | null } | null = null

  constructor(readonly options: HubOptions) {
    this.history = new Ring(options.historyLength)
    this.events = new Ring(options.recentEvents)
  }

  /** Records published so far (not counting those the view failed on). */
  get recordsPublished(): number {
    return this.published
  }

  get latestCycle(): number | null {
    return this.cycle
  }

  /** Publishes one record through `view`; returns at once whatever the clients do. */
  publish<A extends { readonly cycle: number }>(view: MonitorView<A>, record: A): void {
    const t = epochMs()
    const cycle = record.cycle
    const values = view.metrics(record)
    // A view may declare more columns than a record has (every control a task could have): chart only those it sends.
    this.addMetrics({ v: 1, type: "metrics", cycle, t, values }, (view.columns ?? []).filter((column) => column.name in values))
    const events = view.events?.(record) ?? []
    if (events.length > 0) {
      const limit = this.options.maxEventsPerMessage
      this.addEvents({ v: 1, type: "events", cycle, t, events: events.slice(0, limit), omitted: Math.max(0, events.length - limit) })
    }
    const field = view.field
    if (field !== undefined) {
      this.latestField = { cycle, snapshot: () => field(record) }
      if (this.frames.observed && this.frameDue(cycle, t)) this.publishFrame(t)
    }
    this.published++
  }

  /** Passes on a message of another tap's stream (a relay's), keeping the latest state as `publish` does. */
  relay(message: SchemaMessage | MetricsMessage | EventsMessage | UpstreamMessage): void {
    if (message.type === "schema") this.addColumns(message.metrics, {})
    else if (message.type === "metrics") this.addMetrics(message, [])
    else if (message.type === "events") this.addEvents(message)
    else this.send(message)
  }

  /** Passes on another tap's field frame as it is, and keeps it for clients that connect later. */
  relayFrame(cycle: number, data: Uint8Array): void {
    this.latestField = null
    this.latestFrame = { cycle, data }
    this.frames.next(data)
  }

  /** Forgets the latest state and starts again from another tap's (a relay that has connected to its run). */
  reset(columns: readonly MetricColumn[], cycle: number | null, history: HistoryMessage | null): void {
    this.columns.clear()
    this.history.clear()
    this.events.clear()
    this.latestField = null
    this.latestFrame = null
    this.cycle = cycle
    this.learnColumns(columns, {})
    history?.cycles.forEach((entryCycle, k) => {
      this.history.push({ cycle: entryCycle, values: Object.fromEntries(Object.entries(history.values).map(([name, column]) => [name, column[k] ?? null])) })
    })
  }

  /** The latest state, for a client that has just connected; the newest field frame is computed now if it is stale. */
  snapshot(): HubSnapshot {
    return {
      cycle: this.cycle,
      columns: [...this.columns.values()],
      history: this.history.toArray(),
      events: this.events.toArray(),
      frame: this.currentFrame(epochMs()),
    }
  }

  get metricColumns(): readonly MetricColumn[] {
    return [...this.columns.values()]
  }

  /** Sends a last message to every client and completes both streams. */
  close(last: ServerMessage): void {
    this.messages.next(published(last))
    this.messages.complete()
    this.frames.complete()
  }

  private send(message: ServerMessage): void {
    if (this.messages.observed) this.messages.next(published(message))
  }

  private addMetrics(message: MetricsMessage, declared: readonly MetricColumn[]): void {
    this.cycle = message.cycle
    this.addColumns(declared, message.values)
    this.history.push({ cycle: message.cycle, values: message.values })
    this.send(message)
  }

  /** Learns columns and tells the clients the whole schema when it grew. */
  private addColumns(declared: readonly MetricColumn[], values: MetricValues): void {
    if (this.learnColumns(declared, values)) this.send({ v: 1, type: "schema", metrics: this.metricColumns } satisfies SchemaMessage)
  }

  /** Adds the view's declared columns and any new names among `values`; whether the schema grew. */
  private learnColumns(declared: readonly MetricColumn[], values: MetricValues): boolean {
    const before = this.columns.size
    for (const column of declared) if (!this.columns.has(column.name)) this.columns.set(column.name, column)
    for (const name of Object.keys(values)) if (!this.columns.has(name)) this.columns.set(name, { name, type: "DOUBLE" })
    return this.columns.size > before
  }

  private addEvents(message: EventsMessage): void {
    this.events.push(message)
    this.send(message)
  }

  private frameDue(cycle: number, t: number): boolean {
    const { every, fps } = this.options.field
    if (every > 0) return cycle % every === 0
    return fps > 0 && t - this.lastFrameAt >= 1000 / fps
  }

  private publishFrame(t: number): void {
    const frame = this.currentFrame(t)
    if (frame !== null) this.frames.next(frame)
  }

  private currentFrame(t: number): Uint8Array | null {
    const latest = this.latestField
    if (latest === null) return this.latestFrame?.data ?? null
    if (this.latestFrame?.cycle === latest.cycle) return this.latestFrame.data
    const snapshot = latest.snapshot()
    if (snapshot === null) return null
    const data = encodeFieldFrame(latest.cycle, t, snapshot, { ...this.options.field })
    this.latestFrame = { cycle: latest.cycle, data }
    this.lastFrameAt = t
    return data
  }
}
