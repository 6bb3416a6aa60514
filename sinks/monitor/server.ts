/**
 * The tap's HTTP and websocket server: the dashboard at /, the live stream at
 * /ws. Every websocket connection must carry the run's token and, from a
 * browser, an allowed Origin; connections are counted and capped; a client
 * may send only small, infrequent control messages.
 *
 * Each client gets its own bounded queue (client-queue.ts) fed by its
 * subscription to the hub's hot Observables (sampled per client with RxJS)
 * and drained into the socket only while the socket's own buffer stays below
 * `maxBufferedBytes`. A client that falls too far behind is disconnected with
 * a reason; the job never waits for one.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http"
import type { Duplex } from "node:stream"
import { BehaviorSubject, EMPTY, type Subscription, asyncScheduler, filter, map, merge, switchMap, throttleTime, timer } from "rxjs"
import { WebSocket, WebSocketServer } from "ws"
import { ClientQueue, type QueueLimits } from "./client-queue.js"
import { type HubSnapshot, type MonitorHub, encodeMessage } from "./hub.js"
import {
  type ControlMessage,
  type EndMessage,
  type HelloMessage,
  type HistoryMessage,
  closeCodes,
  closeReason,
  epochMs,
  messageBytes,
  parseControlMessage,
} from "./protocol.js"
import { RateLimiter, originAllowed, ownOrigins, tokenMatches } from "./security.js"
import { type StaticFile, staticFiles } from "./static-files.js"

export interface ServerOptions {
  readonly host: string
  /** 0: any free port. */
  readonly port: number
  readonly token: string
  /** Browser origins allowed to connect; null: the server's own (security.ts ownOrigins). */
  readonly origins: readonly string[] | null
  readonly maxClients: number
  /** Largest message a client may send, bytes. */
  readonly maxPayloadBytes: number
  /** Messages a client may send per second, and at once. */
  readonly inboundPerSecond: number
  readonly inboundBurst: number
  readonly queue: QueueLimits
  /** Stop writing to a socket while this much is still unsent in its buffer. */
  readonly maxBufferedBytes: number
  readonly heartbeatMs: number
  /** How long a closing client has to take its last messages before it is cut off. */
  readonly closeTimeoutMs: number
}

export interface ClientStats {
  readonly id: number
  readonly origin: string | null
  readonly queued: number
  readonly queuedBytes: number
  /** The most ever queued for this client, in messages and bytes. */
  readonly peakQueued: number
  readonly peakQueuedBytes: number
  readonly bufferedAmount: number
  readonly droppedFrames: number
  readonly sent: number
}

export interface Disconnection {
  readonly id: number
  readonly code: number
  readonly reason: string
  /** Whether the server closed the connection (else the client did, or the socket failed). */
  readonly byServer: boolean
}

export interface ServerStats {
  readonly clients: readonly ClientStats[]
  /** The most recent disconnections, oldest first (at most 100). */
  readonly disconnections: readonly Disconnection[]
  /** Refused upgrade requests by HTTP status. */
  readonly refused: Readonly<Record<number, number>>
}

export interface MonitorServer {
  readonly host: string
  readonly port: number
  readonly stats: () => ServerStats
  /** Closes every client's connection with `code` (e.g. 1012: reconnect for the new state); the server goes on accepting. */
  readonly disconnectAll: (code: number, reason: string) => void
  /**
   * Sends `end` to every client, lets each take what it has queued (up to
   * closeTimeoutMs), and stops the server; without `end` (a relay that stops
   * while its run goes on), clients are closed with 1001 instead.
   */
  readonly close: (end: EndMessage | null) => Promise<void>
}

const drainRetryMs = 25
const keptDisconnections = 100

const statusText: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  503: "Service Unavailable",
}

/** Answers an upgrade request with an HTTP error and closes the socket; no websocket is created. */
const refuseUpgrade = (socket: Duplex, status: number, reason: string) => {
  const body = `${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

const hostHeaderPattern = /^[A-Za-z0-9.\-:[\]]+$/

const securityHeaders = (request: IncomingMessage): Record<string, string> => {
  const host = request.headers.host
  const socketOrigin = host !== undefined && hostHeaderPattern.test(host) ? ` ws://${host}` : ""
  return {
    "Content-Security-Policy": `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'${socketOrigin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
  }
}

const serveFile = (files: ReadonlyMap<string, StaticFile>) => (request: IncomingMessage, response: ServerResponse) => {
  const plain = (status: number, text: string, extra: Record<string, string> = {}) => {
    response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...securityHeaders(request), ...extra })
    response.end(`${text}\n`)
  }
  if (request.method !== "GET" && request.method !== "HEAD") return plain(405, "only GET and HEAD", { Allow: "GET, HEAD" })
  const path = new URL(request.url ?? "/", "http://monitor").pathname
  if (path === "/ws") return plain(426, "the live stream is a websocket: connect with ws://.../ws?token=...", { Upgrade: "websocket" })
  const file = files.get(path)
  if (file === undefined) return plain(404, "not found")
  response.writeHead(200, { "Content-Type": file.contentType, "Content-Length": file.body.byteLength, ...securityHeaders(request) })
  response.end(request.method === "HEAD" ? undefined : file.body)
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? "the port is in use" : error.code === "EADDRNOTAVAIL" ? "no such local address" : error.message
      reject(new Error(`cannot listen on ${host}:${port}: ${why}`))
    }
    server.once("error", onError)
    server.listen(port, host, () => {
      server.off("error", onError)
      const address = server.address()
      resolve(typeof address === "object" && address !== null ? address.port : port)
    })
  })

interface ClientSettings {
  /** Field frames per second for this client; null: every frame the hub publishes. */
  readonly fieldFps: number | null
  readonly events: boolean
}

interface Client {
  readonly stats: () => ClientStats
  readonly disconnect: (code: number, reason: string) => void
  readonly end: () => Promise<void>
}

export const startMonitorServer = async (
  hub: MonitorHub,
  options: ServerOptions,
  hello: (clientId: number, snapshot: HubSnapshot) => HelloMessage,
): Promise<MonitorServer> => {
  const files = staticFiles()
  const server = createServer({ maxHeaderSize: 16 * 1024 }, serveFile(files))
  server.headersTimeout = 10_000
  server.requestTimeout = 15_000
  server.maxConnections = 2 * options.maxClients + 16
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, perMessageDeflate: false, clientTracking: false })
  const clients = new Map<number, Client>()
  const disconnections: Disconnection[] = []
  const refused: Record<number, number> = {}
  let upgrading = 0
  let nextId = 1
  let closing = false
  let allowed: ReadonlySet<string> = new Set()

  const recordDisconnection = (entry: Disconnection) => {
    disconnections.push(entry)
    if (disconnections.length > keptDisconnections) disconnections.shift()
  }

  const connect = (ws: WebSocket, request: IncomingMessage) => {
    const id = nextId++
    const origin = request.headers.origin ?? null
    const queue = new ClientQueue(options.queue)
    const limiter = new RateLimiter(options.inboundPerSecond, options.inboundBurst, performance.now())
    const settings = new BehaviorSubject<ClientSettings>({ fieldFps: null, events: true })
    let sent = 0
    let peakQueued = 0
    let peakQueuedBytes = 0
    let retry: NodeJS.Timeout | null = null
    let answeredPing = true
    let closedByServer = false
    let ended = false
    let subscription: Subscription | null = null
    let finished: () => void = () => {}
    const gone = new Promise<void>((resolve) => (finished = resolve))

    const drain = () => {
      if (ws.readyState !== WebSocket.OPEN) return
      while (ws.bufferedAmount < options.maxBufferedBytes) {
        const item = queue.shift()
        if (item === undefined) break
        ws.send(item.data, { binary: item.binary })
        sent++
      }
      if (queue.length > 0 || (ended && ws.bufferedAmount > 0)) {
        retry ??= setTimeout(() => {
          retry = null
          drain()
        }, drainRetryMs)
      } else if (ended) disconnect(closeCodes.runEnded, "run ended")
    }

    const track = () => {
      peakQueued = Math.max(peakQueued, queue.length)
      peakQueuedBytes = Math.max(peakQueuedBytes, queue.queuedBytes)
    }

    const queueMessage = (data: Uint8Array) => {
      if (queue.pushMessage(data) === "overflow") {
        disconnect(closeCodes.queueOverflow, `client too slow: ${queue.messageCount} messages (${queue.queuedBytes} bytes) unsent`)
        return
      }
      track()
      drain()
    }

    const queueFrame = (data: Uint8Array) => {
      queue.pushFrame(data)
      track()
      drain()
    }

    function disconnect(code: number, why: string) {
      if (closedByServer) return
      closedByServer = true
      const reason = closeReason(why)
      recordDisconnection({ id, code, reason, byServer: true })
      subscription?.unsubscribe()
      queue.clear()
      ws.close(code, reason)
      // A client that does not read will never answer the close: cut it off.
      setTimeout(() => ws.terminate(), options.closeTimeoutMs).unref()
    }

    const heartbeat = () => {
      if (!answeredPing) return disconnect(closeCodes.unresponsive, `no answer to a ping within ${options.heartbeatMs} ms`)
      answeredPing = false
      ws.ping()
      queueMessage(
        encodeMessage({
          v: 1,
          type: "heartbeat",
          t: epochMs(),
          cycle: hub.latestCycle,
          clients: clients.size,
          droppedFrames: queue.droppedFrames,
          queued: queue.length,
        }),
      )
    }

    const handleControl = (message: ControlMessage) => {
      if (message.type === "ping") return queueMessage(encodeMessage({ v: 1, type: "pong", id: message.id, t: epochMs() }))
      const current = settings.value
      const next = { fieldFps: message.fieldFps ?? current.fieldFps, events: message.events ?? current.events }
      settings.next(next)
      queueMessage(encodeMessage({ v: 1, type: "configured", fieldFps: next.fieldFps ?? hub.options.field.fps, events: next.events }))
    }

    ws.on("message", (data, isBinary) => {
      if (closedByServer) return
      if (!limiter.allow(performance.now())) {
        return disconnect(closeCodes.tooManyMessages, `more than ${options.inboundPerSecond} messages per second (burst ${options.inboundBurst})`)
      }
      if (isBinary) return disconnect(closeCodes.invalidMessage, "binary messages are not accepted")
      const parsed = parseControlMessage(messageBytes(data).toString("utf8"))
      if (!parsed.ok) return disconnect(closeCodes.invalidMessage, parsed.reason)
      handleControl(parsed.message)
    })
    ws.on("pong", () => (answeredPing = true))
    // Protocol violations (an oversized message, invalid UTF-8) surface here, the websocket layer having sent the close
    // already; so do failures of the connection itself (a client that vanished).
    ws.on("error", (error: Error & { code?: string }) => {
      if (closedByServer) return
      closedByServer = true
      const violation = error.code?.startsWith("WS_ERR_") ?? false
      const code = error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" ? closeCodes.messageTooBig : error.code === "WS_ERR_INVALID_UTF8" ? 1007 : violation ? 1002 : 1006
      recordDisconnection({ id, code, reason: error.message, byServer: violation })
    })
    ws.on("close", (code, reason) => {
      if (!closedByServer) recordDisconnection({ id, code, reason: reason.toString("utf8"), byServer: false })
      closedByServer = true
      subscription?.unsubscribe()
      queue.clear()
      if (retry !== null) clearTimeout(retry)
      clients.delete(id)
      finished()
    })

    const snapshot = hub.snapshot()
    queueMessage(encodeMessage(hello(id, snapshot)))
    if (snapshot.history.length > 0) queueMessage(encodeMessage(historyMessage(snapshot)))
    for (const events of snapshot.events) queueMessage(encodeMessage(events))
    if (snapshot.frame !== null) queueFrame(snapshot.frame)

    subscription = merge(
      settings.pipe(
        switchMap((s) =>
          merge(
            hub.messages.pipe(filter((m) => s.events || m.type !== "events")),
            s.fieldFps === null
              ? hub.frames.pipe(map((data) => ({ type: "frame" as const, data })))
              : s.fieldFps === 0
                ? EMPTY
                : hub.frames.pipe(
                    throttleTime(1000 / s.fieldFps, asyncScheduler, { leading: true, trailing: true }),
                    map((data) => ({ type: "frame" as const, data })),
                  ),
          ),
        ),
      ),
      // The first heartbeat right away: it tells a new client how many are watching.
      timer(0, options.heartbeatMs).pipe(map(() => ({ type: "heartbeat" as const, data: new Uint8Array(0) }))),
    ).subscribe((item) => {
      if (item.type === "heartbeat") heartbeat()
      else if (item.type === "frame") queueFrame(item.data)
      else {
        queueMessage(item.data)
        if (item.type === "end") {
          ended = true
          drain()
        }
      }
    })

    if (closedByServer) subscription.unsubscribe()
    clients.set(id, {
      stats: () => ({
        id,
        origin,
        queued: queue.length,
        queuedBytes: queue.queuedBytes,
        peakQueued,
        peakQueuedBytes,
        bufferedAmount: ws.bufferedAmount,
        droppedFrames: queue.droppedFrames,
        sent,
      }),
      disconnect,
      end: () => {
        const cutOff = setTimeout(() => ws.terminate(), options.closeTimeoutMs)
        return gone.finally(() => clearTimeout(cutOff))
      },
    })
  }

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, reason: string) => {
      refused[status] = (refused[status] ?? 0) + 1
      refuseUpgrade(socket, status, reason)
    }
    socket.on("error", () => socket.destroy())
    const url = new URL(request.url ?? "/", "http://monitor")
    if (url.pathname !== "/ws") return refuse(404, "not found: the live stream is at /ws")
    if (closing) return refuse(503, "the run has ended")
    const origin = request.headers.origin
    if (!originAllowed(origin, allowed)) return refuse(403, `origin ${JSON.stringify(origin)} is not allowed`)
    if (!tokenMatches(url.searchParams.get("token"), options.token)) return refuse(401, "a valid token is required: /ws?token=<the run's token>")
    if (clients.size + upgrading >= options.maxClients) return refuse(503, `too many clients: the limit is ${options.maxClients}`)
    upgrading++
    let counted = true
    const settle = () => {
      if (counted) upgrading--
      counted = false
    }
    socket.once("close", settle)
    sockets.handleUpgrade(request, socket, head, (ws) => {
      settle()
      connect(ws, request)
    })
  })

  const port = await listen(server, options.port, options.host)
  allowed = new Set(options.origins ?? ownOrigins(options.host, port))

  return {
    host: options.host,
    port,
    stats: () => ({ clients: [...clients.values()].map((c) => c.stats()), disconnections: [...disconnections], refused: { ...refused } }),
    disconnectAll: (code, reason) => {
      for (const client of clients.values()) client.disconnect(code, reason)
    },
    close: async (end) => {
      closing = true
      if (end === null) for (const client of clients.values()) client.disconnect(closeCodes.goingAway, "server shutting down")
      const leaving = [...clients.values()].map((client) => client.end())
      if (end !== null) hub.close(end)
      server.close()
      await Promise.all(leaving)
      server.closeAllConnections()
    },
  }
}

const historyMessage = (snapshot: HubSnapshot): HistoryMessage => {
  const names = snapshot.columns.map((c) => c.name)
  const values: Record<string, Array<number | null>> = Object.fromEntries(names.map((name) => [name, []]))
  for (const entry of snapshot.history) for (const name of names) values[name]!.push(entry.values[name] ?? null)
  return { v: 1, type: "history", cycles: snapshot.history.map((e) => e.cycle), values }
}
