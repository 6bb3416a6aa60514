/**
 * What waits to be sent to one client, bounded so that a client that reads
 * slowly (or not at all) costs the job a fixed amount of memory:
 *
 * - field frames are replaceable: beyond `maxFrames` the oldest queued frame
 *   is dropped and counted;
 * - every other message (metrics, events, heartbeats) must arrive: the queue
 *   holds at most `maxMessages` of them and `maxBytes` in all, and a push
 *   beyond either limit reports an overflow, after which the client is
 *   disconnected.
 *
 * Items leave in the order they were pushed.
 */

export interface QueuedItem {
  readonly data: Uint8Array
  /** Sent as a binary websocket message (field frames) rather than text. */
  readonly binary: boolean
}

export interface QueueLimits {
  readonly maxFrames: number
  readonly maxMessages: number
  readonly maxBytes: number
}

export type PushResult = "queued" | "overflow"

interface Entry {
  readonly item: QueuedItem
  readonly sequence: number
}

/**
 * A FIFO with O(1) push and shift: the head index moves, each slot it leaves
 * is cleared at once (so a dropped item is garbage straight away), and the
 * array is compacted once half of it is behind the head.
 */
class Fifo {
  private entries: Array<Entry | undefined> = []
  private head = 0

  get size(): number {
    return this.entries.length - this.head
  }

  peek(): Entry | undefined {
    return this.entries[this.head]
  }

  push(entry: Entry): void {
    this.entries.push(entry)
  }

  shift(): Entry | undefined {
    const entry = this.entries[this.head]
    if (entry === undefined) return undefined
    this.entries[this.head] = undefined
    this.head++
    if (this.head >= 64 && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head)
      this.head = 0
    }
    return entry
  }

  clear(): void {
    this.entries = []
    this.head = 0
  }
}

export class ClientQueue {
  private readonly frames = new Fifo()
  private readonly messages = new Fifo()
  private sequence = 0
  private bytes = 0
  private dropped = 0

  constructor(readonly limits: QueueLimits) {
    for (const key of ["maxFrames", "maxMessages", "maxBytes"] as const) {
      const value = limits[key]
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`client queue: ${key} must be an integer >= 1, got ${value}`)
    }
  }

  /** Field frames dropped so far. */
  get droppedFrames(): number {
    return this.dropped
  }

  get length(): number {
    return this.frames.size + this.messages.size
  }

  /** Queued items other than field frames. */
  get messageCount(): number {
    return this.messages.size
  }

  get queuedBytes(): number {
    return this.bytes
  }

  /** Queues a field frame, dropping the oldest queued one when `maxFrames` are waiting. */
  pushFrame(data: Uint8Array): void {
    if (this.frames.size >= this.limits.maxFrames) {
      this.bytes -= this.frames.shift()!.item.data.byteLength
      this.dropped++
    }
    this.frames.push({ item: { data, binary: true }, sequence: this.sequence++ })
    this.bytes += data.byteLength
  }

  /** Queues a message that must not be lost; "overflow" (and nothing queued) when a limit would be passed. */
  pushMessage(data: Uint8Array): PushResult {
    if (this.messages.size >= this.limits.maxMessages || this.bytes + data.byteLength > this.limits.maxBytes) return "overflow"
    this.messages.push({ item: { data, binary: false }, sequence: this.sequence++ })
    this.bytes += data.byteLength
    return "queued"
  }

  /** The oldest item, frames and messages interleaved in push order. */
  shift(): QueuedItem | undefined {
    const frame = this.frames.peek()
    const message = this.messages.peek()
    const from = frame === undefined ? this.messages : message === undefined || frame.sequence < message.sequence ? this.frames : this.messages
    const entry = from.shift()
    if (entry === undefined) return undefined
    this.bytes -= entry.item.data.byteLength
    return entry.item
  }

  /** Drops everything queued (the client is going away). */
  clear(): void {
    this.frames.clear()
    this.messages.clear()
    this.bytes = 0
  }
}
