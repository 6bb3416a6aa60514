import { Chunk, Effect, Fiber, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { type Stage, mapStage } from "../stages/stage.js"
import { type SinkResource, deferredSink, runInto, runIntoWithCheckpoints } from "./sink.js"

const recordBytes = 1 << 20 // 1 MiB per record: buffering would show in the heap at once

/** A sink that takes `delayMs` per chunk and tracks how far the producer ran ahead of it. */
const slowSink = (delayMs: number, state: { produced: number; consumed: number; maxAhead: number }): SinkResource<Float64Array> =>
  Effect.succeed({
    name: "slow",
    write: (chunk: Chunk.Chunk<Float64Array>) =>
      Effect.gen(function* () {
        state.maxAhead = Math.max(state.maxAhead, state.produced - state.consumed)
        yield* Effect.sleep(delayMs)
        state.consumed += Chunk.size(chunk)
      }),
  })

const scale: Stage<Float64Array, Float64Array> = mapStage("scale", (a: Float64Array) => a.map((x) => 2 * x))

describe("runInto", () => {
  it("applies backpressure: a slow sink bounds how far the producer runs ahead and how much memory grows", async () => {
    const state = { produced: 0, consumed: 0, maxAhead: 0 }
    const records = 600 // 600 MiB in total if anything buffered them all
    const source = Stream.repeatEffect(
      Effect.sync(() => {
        state.produced += 1
        return new Float64Array(recordBytes / 8).fill(state.produced)
      }),
    ).pipe(Stream.take(records))
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers
    let heapPeak = heapBefore
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers)
    }, 5)
    await Effect.runPromise(Effect.scoped(runInto(scale(source), slowSink(1, state))))
    clearInterval(sampler)
    expect(state.consumed).toBe(records)
    // The producer never gets more than a chunk or two ahead of the sink.
    expect(state.maxAhead).toBeLessThanOrEqual(2)
    // Garbage may lag behind, but nowhere near the 600 MiB an unbounded buffer would hold.
    expect(heapPeak - heapBefore).toBeLessThan(200 * recordBytes)
  })

  it("closes every sink when the pipeline completes, fails or is interrupted", async () => {
    const events: string[] = []
    const tracked = (name: string): SinkResource<number> =>
      Effect.acquireRelease(
        Effect.sync(() => ({ name, write: () => Effect.sleep(1) })),
        () => Effect.sync(() => events.push(`closed ${name}`)),
      )
    await Effect.runPromise(Effect.scoped(runInto(Stream.range(1, 10), tracked("a"), tracked("b"))))
    expect(events).toEqual(["closed b", "closed a"])

    events.length = 0
    const failing = Stream.concat(Stream.range(1, 3), Stream.fail("boom"))
    const exit = await Effect.runPromiseExit(Effect.scoped(runInto(failing, tracked("a"))))
    expect(exit._tag).toBe("Failure")
    expect(events).toEqual(["closed a"])

    events.length = 0
    const fiber = Effect.runFork(Effect.scoped(runInto(Stream.forever(Stream.succeed(1)), tracked("a"))))
    await Effect.runPromise(Effect.sleep(20))
    await Effect.runPromise(Fiber.interrupt(fiber))
    expect(events).toEqual(["closed a"])
  })

  it("turns a thrown error inside a stage into a StageError naming the stage", async () => {
    const explode = mapStage("explode", (x: number) => {
      if (x === 3) throw new Error("bad record")
      return x
    })
    const result = await Effect.runPromise(Effect.either(Stream.runCollect(explode(Stream.range(1, 5)))))
    expect(result._tag).toBe("Left")
    if (result._tag === "Left") expect(result.left).toMatchObject({ _tag: "StageError", stage: "explode", message: "bad record" })
  })

  it("checkpoints after the chosen records, once every sink has written and flushed everything before them", async () => {
    const log: string[] = []
    const sink: SinkResource<number> = Effect.succeed({
      name: "logging",
      write: (chunk) => Effect.sync(() => log.push(`write ${Chunk.toReadonlyArray(chunk).join(",")}`)),
      flush: Effect.sync(() => log.push("flush")),
    })
    const source = Stream.range(0, 9).pipe(Stream.rechunk(4))
    await Effect.runPromise(
      Effect.scoped(
        runIntoWithCheckpoints(source, [sink], {
          after: (n) => n % 3 === 2,
          save: (n) => Effect.sync(() => log.push(`checkpoint ${n}`)),
        }),
      ),
    )
    expect(log).toEqual([
      "write 0,1,2", "flush", "checkpoint 2", "write 3",
      "write 4,5", "flush", "checkpoint 5", "write 6,7",
      "write 8", "flush", "checkpoint 8", "write 9",
    ])
  })
})

describe("deferredSink", () => {
  it("opens its sink from the first record, writes every record to it and closes it with the scope", async () => {
    const log: string[] = []
    const inner = (first: number): SinkResource<number> =>
      Effect.acquireRelease(
        Effect.sync(() => {
          log.push(`open from ${first}`)
          return {
            name: "inner",
            write: (chunk: Chunk.Chunk<number>) => Effect.sync(() => void log.push(`write ${Chunk.toReadonlyArray(chunk).join(",")}`)),
            flush: Effect.sync(() => void log.push("flush")),
          }
        }),
        () => Effect.sync(() => void log.push("close")),
      )
    const policy = { after: (x: number) => x === 5, save: () => Effect.sync(() => void log.push("checkpoint")) }
    await Effect.runPromise(Effect.scoped(runIntoWithCheckpoints(Stream.make(5, 6, 7), [deferredSink("deferred", inner)], policy)))
    expect(log).toEqual(["open from 5", "write 5", "flush", "checkpoint", "write 6,7", "close"])

    log.length = 0
    await Effect.runPromise(Effect.scoped(runIntoWithCheckpoints(Stream.empty, [deferredSink("deferred", inner)], policy)))
    expect(log).toEqual([])
  })
})
