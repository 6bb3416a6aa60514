/**
 * The websocket clients of the monitor benchmark, in a process of their own
 * (as browsers would be), driven over IPC by bench/monitor.ts. Each client
 * reads a metrics message's cycle and publish time from its fixed prefix
 * rather than parsing it whole, so the clients cost little beside the server
 * they measure.
 */
import WebSocket from "ws"
import { epochMs, messageBytes } from "../sinks/monitor/protocol.js"

export type ClientsRequest =
  | { readonly type: "connect"; readonly url: string; readonly clients: number }
  | { readonly type: "reset" }
  | { readonly type: "await"; readonly messages: number }
  | { readonly type: "close" }

export type ClientsReply =
  | { readonly type: "connected" }
  | { readonly type: "reset" }
  | { readonly type: "received"; readonly latenciesMs: { readonly p50: number; readonly p99: number; readonly max: number; readonly count: number } }

const metricsPrefix = /^\{"v":1,"type":"metrics","cycle":\d+,"t":([0-9.e+-]+)/

let sockets: WebSocket[] = []
let counts: number[] = []
let latencies: number[] = []
let waiting: { readonly messages: number } | null = null

const send = (reply: ClientsReply) => process.send!(reply)

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

const check = () => {
  if (waiting === null || counts.some((count) => count < waiting!.messages)) return
  waiting = null
  const sorted = Float64Array.from(latencies).sort()
  send({ type: "received", latenciesMs: { p50: quantile([...sorted], 0.5), p99: quantile([...sorted], 0.99), max: sorted[sorted.length - 1] ?? Number.NaN, count: sorted.length } })
}

const connect = async (url: string, clients: number) => {
  counts = new Array<number>(clients).fill(0)
  sockets = await Promise.all(
    Array.from(
      { length: clients },
      (_, k) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false })
          ws.on("message", (data, binary) => {
            if (binary) return
            const match = metricsPrefix.exec(messageBytes(data).toString("utf8", 0, 80))
            if (match === null) return
            latencies.push(epochMs() - Number(match[1]))
            counts[k]!++
            check()
          })
          ws.on("open", () => resolve(ws))
          ws.on("error", reject)
        }),
    ),
  )
  send({ type: "connected" })
}

process.on("message", (request: ClientsRequest) => {
  switch (request.type) {
    case "connect":
      void connect(request.url, request.clients)
      return
    case "reset":
      counts.fill(0)
      latencies = []
      send({ type: "reset" })
      return
    case "await":
      waiting = { messages: request.messages }
      check()
      return
    case "close":
      for (const ws of sockets) ws.terminate()
      process.disconnect()
      return
  }
})
