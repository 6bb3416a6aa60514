/**
 * The live monitor: metrics messages per second delivered from the tap to 1
 * and to 50 websocket clients, and the latency from the stage (the moment the
 * sink publishes a record) to the client (the moment it receives it), p50
 * and p99, at a steady 200 records per second. The clients run in a process
 * of their own (bench/monitor-clients.ts); each record has 20 numeric
 * metrics, like the simulation's.
 */
import { type ChildProcess, fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Chunk, Effect, Exit, Scope } from "effect"
import type { RecordSink } from "../sinks/sink.js"
import { openMonitor } from "../sinks/monitor/tap.js"
import { genericMonitorView } from "../sinks/monitor/view.js"
import type { ClientsReply, ClientsRequest } from "./monitor-clients.js"
import { type Benchmark, type Result, measure } from "./harness.js"

const sizes = { full: { clients: [1, 50], pacedRecords: 600 }, quick: { clients: [1, 5], pacedRecords: 40 } } as const
const pacedRate = 200
const chunk = 64

type Metrics = { readonly cycle: number } & Readonly<Record<string, number>>

const record = (cycle: number): Metrics => ({ cycle, ...Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`metric_${k}`, Math.sin(cycle + k)])) })

/** The clients process and a way to ask it something and await its answer. */
const startClients = () => {
  const child: ChildProcess = fork(fileURLToPath(new URL("./monitor-clients.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"], stdio: "inherit" })
  const ask = <T extends ClientsReply["type"]>(request: ClientsRequest, answer: T) =>
    new Promise<Extract<ClientsReply, { type: T }>>((resolve) => {
      const listen = (reply: ClientsReply) => {
        if (reply.type !== answer) return
        child.off("message", listen)
        resolve(reply as Extract<ClientsReply, { type: T }>)
      }
      child.on("message", listen)
      child.send(request)
    })
  return { child, ask }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** Publishes `count` records from `first` on as a fast pipeline would: chunks of 64, the event loop free between them. */
const publishFast = async (sink: RecordSink<Metrics>, first: number, count: number) => {
  for (let start = 0; start < count; start += chunk) {
    const records = Chunk.makeBy(Math.min(chunk, count - start), (k) => record(first + start + k))
    await Effect.runPromise(sink.write(records))
    await nextTurn()
  }
}

/** Publishes `count` records at `perSecond`, each on time. */
const publishPaced = async (sink: RecordSink<Metrics>, first: number, count: number, perSecond: number) => {
  const started = performance.now()
  for (let k = 0; k < count; k++) {
    const due = started + (1000 * k) / perSecond
    while (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())))
    await Effect.runPromise(sink.write(Chunk.of(record(first + k))))
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000

export const monitor: Benchmark = {
  name: "monitor",
  description: "live monitor: metrics messages/s to 1 and 50 websocket clients, and p50/p99 stage→client latency at 200 records/s",
  run: async (context) => {
    const size = context.quick ? sizes.quick : sizes.full
    const results: Result[] = []
    for (const clients of size.clients) {
      const scope = await Effect.runPromise(Scope.make())
      const { child, ask } = startClients()
      try {
        // Queues large enough that no client is cut off while the benchmark publishes as fast as it can.
        const tap = await Effect.runPromise(
          Scope.extend(openMonitor({ maxClients: clients + 1, historyLength: 0, heartbeatMs: 600_000, queue: { maxMessages: 10_000_000, maxBytes: 2 ** 31 } }), scope),
        )
        const sink = await Effect.runPromise(Scope.extend(tap.sink(genericMonitorView), scope))
        await ask({ type: "connect", url: tap.websocketUrl, clients }, "connected")
        let cycle = 0
        context.log(`monitor: ${clients} client${clients === 1 ? "" : "s"}, as fast as the clients take them`)
        const timing = await measure(async (records) => {
          await ask({ type: "reset" }, "reset")
          const done = ask({ type: "await", messages: records }, "received")
          await publishFast(sink, cycle, records)
          cycle += records
          await done
        }, context.settings)
        context.log(`monitor: ${clients} client${clients === 1 ? "" : "s"}, ${size.pacedRecords} records at ${pacedRate}/s`)
        await ask({ type: "reset" }, "reset")
        const received = ask({ type: "await", messages: size.pacedRecords }, "received")
        await publishPaced(sink, cycle, size.pacedRecords, pacedRate)
        const { latenciesMs } = await received
        results.push({
          case: "metrics to websocket clients",
          sizes: { clients, metrics: 20, pacedRecordsPerSecond: pacedRate, p50LatencyMs: round(latenciesMs.p50), p99LatencyMs: round(latenciesMs.p99), maxLatencyMs: round(latenciesMs.max) },
          kernel: "js",
          backend: null,
          threads: null,
          unit: "message",
          itemsPerOp: clients,
          timing,
        })
      } finally {
        child.send({ type: "close" } satisfies ClientsRequest)
        await Effect.runPromise(Scope.close(scope, Exit.void))
      }
    }
    return results
  },
}
