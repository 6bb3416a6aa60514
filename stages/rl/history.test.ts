/**
 * Observation windows: oldest first, filled with the episode's first
 * observation at a start, one row per environment.
 */
import { describe, expect, it } from "vitest"
import { observationHistory } from "./history.js"

describe("observationHistory", () => {
  it("keeps the last `length` observations, oldest first, padded with the first of the episode", () => {
    const history = observationHistory(2, 2, 3)
    expect(history.columns).toBe(6)
    history.start(0, [1, 10])
    history.start(1, [7, 70])
    expect(Array.from(history.window(0))).toEqual([1, 10, 1, 10, 1, 10])
    expect(Array.from(history.following(0, [2, 20]))).toEqual([1, 10, 1, 10, 2, 20])
    expect(Array.from(history.window(0))).toEqual([1, 10, 1, 10, 1, 10])
    history.push(0, [2, 20])
    history.push(0, [3, 30])
    history.push(0, [4, 40])
    expect(Array.from(history.window(0))).toEqual([2, 20, 3, 30, 4, 40])
    expect(Array.from(history.windows())).toEqual([2, 20, 3, 30, 4, 40, 7, 70, 7, 70, 7, 70])
    history.start(0, [5, 50])
    expect(Array.from(history.window(0))).toEqual([5, 50, 5, 50, 5, 50])
  })

  it("round-trips its state and rejects bad input", () => {
    const history = observationHistory(1, 1, 2)
    history.start(0, [1])
    history.push(0, [2])
    const copy = observationHistory(1, 1, 2)
    copy.load(history.state())
    expect(Array.from(copy.window(0))).toEqual([1, 2])
    expect(() => copy.load(observationHistory(1, 1, 3).state())).toThrow(/expected 2 values, found 3/)
    expect(() => copy.push(1, [0])).toThrow(/environment 1 is outside \[0, 1\)/)
    expect(() => copy.push(0, [0, 0])).toThrow(/expected 1 entries, got 2/)
    expect(() => observationHistory(1, 0, 1)).toThrow(/observationSize must be an integer >= 1, got 0/)
  })
})
