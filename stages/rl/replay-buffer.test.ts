/**
 * The replay buffer: rows as stored, the ring overwriting the oldest, seeded
 * sampling, and exact state round trips.
 */
import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { ReplayBuffer } from "./replay-buffer.js"

const filled = (capacity: number, count: number) => {
  const buffer = new ReplayBuffer({ capacity, observationSize: 2, actionSize: 1 })
  for (let i = 0; i < count; i++) buffer.add([i, -i], [i / 10], i, [i + 1, -i - 1], i % 3 === 0)
  return buffer
}

describe("ReplayBuffer", () => {
  it("returns the rows it stored, as float32", () => {
    const batch = filled(8, 5).gather(Int32Array.of(4, 0, 4))
    expect(Array.from(batch.observations)).toEqual([4, -4, 0, -0, 4, -4])
    expect(Array.from(batch.actions)).toEqual([Math.fround(0.4), 0, Math.fround(0.4)])
    expect(Array.from(batch.rewards)).toEqual([4, 0, 4])
    expect(Array.from(batch.nextObservations)).toEqual([5, -5, 1, -1, 5, -5])
    expect(Array.from(batch.terminated)).toEqual([0, 1, 0])
  })

  it("keeps the last `capacity` transitions, overwriting the oldest", () => {
    const buffer = filled(4, 10)
    expect(buffer.size).toBe(4)
    // Rows 0..3 hold transitions 8, 9, 6, 7.
    expect(Array.from(buffer.gather(Int32Array.of(0, 1, 2, 3)).rewards)).toEqual([8, 9, 6, 7])
    expect(() => buffer.gather(Int32Array.of(4))).toThrow(/row 4 is outside \[0, 4\)/)
  })

  it("samples from the Prng: reproducible, every stored row reachable", () => {
    const buffer = filled(16, 10)
    const a = buffer.sampleIndices(Prng.seeded(1), 500)
    expect(Array.from(buffer.sampleIndices(Prng.seeded(1), 500))).toEqual(Array.from(a))
    expect(new Set(a).size).toBe(10)
    expect(Math.max(...a)).toBe(9)
    expect(() => new ReplayBuffer({ capacity: 3, observationSize: 1, actionSize: 1 }).sampleIndices(Prng.seeded(1), 1)).toThrow(/empty/)
  })

  it("round-trips its state exactly, before and after wrapping", () => {
    for (const count of [3, 11]) {
      const buffer = filled(8, count)
      const copy = ReplayBuffer.fromState(JSON.parse(JSON.stringify(buffer.state())))
      expect(copy.size).toBe(buffer.size)
      const all = Int32Array.from({ length: buffer.size }, (_, i) => i)
      expect(copy.gather(all)).toEqual(buffer.gather(all))
      copy.add([1, 1], [1], 1, [1, 1], false)
      buffer.add([1, 1], [1], 1, [1, 1], false)
      expect(copy.state()).toEqual(buffer.state())
    }
  })

  it("rejects bad shapes, rows and states", () => {
    expect(() => new ReplayBuffer({ capacity: 0, observationSize: 1, actionSize: 1 })).toThrow(/capacity must be an integer >= 1, got 0/)
    const buffer = filled(4, 2)
    expect(() => buffer.add([1], [1], 0, [1, 2], false)).toThrow(/observations must have 2 entries, got 1 and 2/)
    expect(() => buffer.add([1, 2], [], 0, [1, 2], false)).toThrow(/actions must have 1 entries, got 0/)
    expect(() => ReplayBuffer.fromState({ ...buffer.state(), size: 9 })).toThrow(/size 9 is outside \[0, 4\]/)
    expect(() => ReplayBuffer.fromState({ ...buffer.state(), next: 3 })).toThrow(/next 3 does not fit size 2/)
    expect(() => ReplayBuffer.fromState({ ...buffer.state(), rewards: "" })).toThrow(/rewards: expected 2 values, found 0/)
  })
})
