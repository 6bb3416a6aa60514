import { describe, expect, it } from "vitest"
import { contiguousRegions, interval } from "./regions.js"

describe("boundary regions", () => {
  it("are intervals that wrap around the boundary", () => {
    expect(interval(6, 4, 3).legs).toEqual([4, 5, 0])
    expect(interval(6, 0, 0).legs).toEqual([])
  })

  it("cover each size from min to max at every stride, half the boundary by default", () => {
    const regions = contiguousRegions(8, { minSize: 1, maxSize: 0, stride: 2 })
    expect(regions.map((r) => [r.start, r.size])).toEqual([1, 2, 3, 4].flatMap((size) => [0, 2, 4, 6].map((start) => [start, size])))
  })

  it("reject sizes the boundary cannot hold", () => {
    expect(() => contiguousRegions(8, { minSize: 1, maxSize: 8, stride: 1 })).toThrow(/must be below the 8 boundary legs/)
    expect(() => contiguousRegions(8, { minSize: 5, maxSize: 4, stride: 1 })).toThrow(/no region sizes from 5 to 4/)
    expect(() => interval(4, 4, 1)).toThrow(/start 4 is not in \[0, 4\)/)
  })
})
