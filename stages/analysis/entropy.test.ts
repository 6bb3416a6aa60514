import { describe, expect, it } from "vitest"
import { histogram, histogramEntropy, shannonEntropy } from "./entropy.js"

describe("shannonEntropy", () => {
  it("is ln n for n equal weights, 0 for one non-zero weight, and ignores the scale", () => {
    expect(shannonEntropy([2, 2, 2, 2])).toBeCloseTo(Math.log(4), 14)
    expect(shannonEntropy([0, 5, 0])).toBe(0)
    expect(shannonEntropy([1, 3])).toBeCloseTo(shannonEntropy([10, 30]), 14)
    expect(shannonEntropy([1, 3])).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 14)
  })

  it("rejects negative, non-finite and all-zero weights", () => {
    expect(() => shannonEntropy([1, -1])).toThrow(/weights\[1\] must be a finite number >= 0, got -1/)
    expect(() => shannonEntropy([1, NaN])).toThrow(/weights\[1\]/)
    expect(() => shannonEntropy([0, 0])).toThrow(/positive sum/)
  })
})

describe("histogram and histogramEntropy", () => {
  it("counts values in equal bins, the top edge in the last bin", () => {
    expect(Array.from(histogram([0, 0.1, 0.5, 0.99, 1], 4, 0, 1))).toEqual([2, 0, 1, 2])
  })

  it("is 0 when every value shares a bin and ln(bins) when the bins are filled evenly", () => {
    expect(histogramEntropy([0.91, 0.95, 0.99], 10, 0, 1)).toBe(0)
    expect(histogramEntropy([0.05, 0.15, 0.25, 0.35], 4, 0, 0.4)).toBeCloseTo(Math.log(4), 14)
  })

  it("rejects values outside the range, bad bins and an empty set", () => {
    expect(() => histogram([1.5], 4, 0, 1)).toThrow(/values\[0\] must lie in \[0, 1\], got 1.5/)
    expect(() => histogram([0.5], 0, 0, 1)).toThrow(/bins must be an integer >= 1/)
    expect(() => histogram([0.5], 2, 1, 1)).toThrow(/low < high/)
    expect(() => histogramEntropy([], 2, 0, 1)).toThrow(/at least one value/)
  })
})
