import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import { ClientQueue } from "./client-queue.js"

type Operation = { readonly kind: "frame" | "message"; readonly size: number } | { readonly kind: "shift" }

const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("frame" as const, "message" as const), size: fc.integer({ min: 1, max: 64 }) }),
  fc.constant({ kind: "shift" as const }),
)

const limitsArb = fc.record({
  maxFrames: fc.integer({ min: 1, max: 5 }),
  maxMessages: fc.integer({ min: 1, max: 20 }),
  maxBytes: fc.integer({ min: 64, max: 600 }),
})

/** An item labelled with its push number in its first byte pair. */
const item = (label: number, size: number) => {
  const data = new Uint8Array(Math.max(2, size))
  data[0] = label & 0xff
  data[1] = label >> 8
  return data
}
const labelOf = (data: Uint8Array) => data[0]! | (data[1]! << 8)

describe("ClientQueue", () => {
  test.prop([limitsArb, fc.array(operationArb, { maxLength: 300 })])(
    "stays within its limits, drops the oldest frames first, refuses messages past a limit, and keeps push order",
    (limits, operations) => {
      const queue = new ClientQueue(limits)
      // The model: what should be queued, in order.
      let model: Array<{ label: number; frame: boolean; size: number }> = []
      let dropped = 0
      let label = 0
      for (const operation of operations) {
        if (operation.kind === "shift") {
          const expected = model.shift()
          const got = queue.shift()
          expect(got === undefined ? undefined : { label: labelOf(got.data), frame: got.binary }).toEqual(
            expected === undefined ? undefined : { label: expected.label, frame: expected.frame },
          )
          continue
        }
        const data = item(label, operation.size)
        const size = data.byteLength
        if (operation.kind === "frame") {
          const frames = model.filter((e) => e.frame)
          if (frames.length >= limits.maxFrames) {
            model = model.filter((e) => e !== frames[0])
            dropped++
          }
          queue.pushFrame(data)
          model.push({ label, frame: true, size })
        } else {
          const bytes = model.reduce((sum, e) => sum + e.size, 0)
          const messages = model.filter((e) => !e.frame).length
          const fits = messages < limits.maxMessages && bytes + size <= limits.maxBytes
          expect(queue.pushMessage(data)).toBe(fits ? "queued" : "overflow")
          if (fits) model.push({ label, frame: false, size })
        }
        label++
        expect(queue.length).toBe(model.length)
        expect(queue.queuedBytes).toBe(model.reduce((sum, e) => sum + e.size, 0))
        expect(queue.droppedFrames).toBe(dropped)
        expect(model.filter((e) => e.frame).length).toBeLessThanOrEqual(limits.maxFrames)
        expect(model.filter((e) => !e.frame).length).toBeLessThanOrEqual(limits.maxMessages)
      }
    },
  )

  it("holds at most maxFrames frames however many arrive, counting the rest as dropped", () => {
    const queue = new ClientQueue({ maxFrames: 3, maxMessages: 10, maxBytes: 1 << 20 })
    for (let k = 0; k < 10_000; k++) queue.pushFrame(item(k, 100))
    expect(queue.length).toBe(3)
    expect(queue.droppedFrames).toBe(9_997)
    expect([queue.shift(), queue.shift(), queue.shift()].map((i) => labelOf(i!.data))).toEqual([9_997, 9_998, 9_999].map((k) => k & 0xffff))
    expect(queue.shift()).toBeUndefined()
    expect(queue.queuedBytes).toBe(0)
  })

  it("rejects limits that are not integers >= 1", () => {
    expect(() => new ClientQueue({ maxFrames: 0, maxMessages: 1, maxBytes: 1 })).toThrow("maxFrames must be an integer >= 1, got 0")
    expect(() => new ClientQueue({ maxFrames: 1, maxMessages: 1.5, maxBytes: 1 })).toThrow("maxMessages must be an integer >= 1, got 1.5")
  })
})
