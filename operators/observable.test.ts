import { Chunk, Effect, Stream } from "effect"
import { Subject, filter, firstValueFrom, map, toArray } from "rxjs"
import { describe, expect, it } from "vitest"
import { fromObservable, toObservable } from "./observable.js"

describe("toObservable", () => {
  it("emits the stream's values and completes", async () => {
    const values = await firstValueFrom(toObservable(Stream.range(1, 5)).pipe(map((x) => x * 10), toArray()))
    expect(values).toEqual([10, 20, 30, 40, 50])
  })

  it("forwards the typed failure as the Observable's error", async () => {
    const failing = Stream.concat(Stream.make(1), Stream.fail({ _tag: "Boom" as const }))
    await expect(firstValueFrom(toObservable(failing).pipe(toArray()))).rejects.toEqual({ _tag: "Boom" })
  })

  it("interrupts the stream and runs its finalisers on unsubscribe", async () => {
    let finalised = false
    const endless = Stream.repeatEffect(Effect.succeed(1).pipe(Effect.delay(1))).pipe(
      Stream.ensuring(Effect.sync(() => (finalised = true))),
    )
    const received: number[] = []
    const subscription = toObservable(endless).subscribe((x) => received.push(x))
    await new Promise((resolve) => setTimeout(resolve, 30))
    subscription.unsubscribe()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(received.length).toBeGreaterThan(0)
    expect(finalised).toBe(true)
  })
})

describe("fromObservable", () => {
  it("streams an Observable's values until it completes, composing with rxjs operators", async () => {
    const subject = new Subject<number>()
    const collected = Effect.runPromise(Stream.runCollect(fromObservable(subject.pipe(filter((x) => x % 2 === 0)))))
    await new Promise((resolve) => setTimeout(resolve, 5))
    for (let i = 0; i < 10; i++) subject.next(i)
    subject.complete()
    expect(Chunk.toReadonlyArray(await collected)).toEqual([0, 2, 4, 6, 8])
  })

  it("fails when the Observable errors", async () => {
    const subject = new Subject<number>()
    const result = Effect.runPromise(Effect.either(Stream.runCollect(fromObservable(subject))))
    await new Promise((resolve) => setTimeout(resolve, 5))
    subject.error(new Error("source broke"))
    const either = await result
    expect(either._tag).toBe("Left")
  })

  it("keeps the newest values when a slow consumer overflows its buffer (sliding)", async () => {
    const subject = new Subject<number>()
    const collected = Effect.runPromise(
      Stream.runCollect(fromObservable(subject, { bufferSize: 4 }).pipe(Stream.tap(() => Effect.sleep(50)))),
    )
    await new Promise((resolve) => setTimeout(resolve, 5))
    for (let i = 0; i < 100; i++) subject.next(i)
    subject.complete()
    const values = Chunk.toReadonlyArray(await collected)
    expect(values.length).toBeLessThan(100)
    expect(values[values.length - 1]).toBe(99)
  })
})
