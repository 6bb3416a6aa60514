import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../../compute/backend.js"
import type { ComplexMatrix } from "./complex-matrix.js"
import { synthesize, synthesizeBatch } from "./synthesis.js"

// K = [[1, i], [2 - i, 3]], c = (1 + i, 2): K c = (1 + i + 2i, (2 - i)(1 + i) + 6) = (1 + 3i, 9 + i)
const k: ComplexMatrix = { rows: 2, cols: 2, re: Float64Array.from([1, 0, 2, 3]), im: Float64Array.from([0, 1, -1, 0]) }
const c = { re: Float64Array.from([1, 2]), im: Float64Array.from([1, 0]) }
// C = [c, i c] as columns: K C = [K c, i K c]
const batch: ComplexMatrix = { rows: 2, cols: 2, re: Float64Array.from([1, -1, 2, 0]), im: Float64Array.from([1, 1, 0, 2]) }

beforeAll(async () => {
  await initBackend("cpu")
})

describe("synthesize", () => {
  it.each(["js", "tfjs"] as const)("computes K c by hand (%s kernel)", (kernel) => {
    const g = synthesize(k, c, kernel)
    expect([...g.re]).toEqual([1, 9])
    expect([...g.im]).toEqual([3, 1])
  })

  it.each(["js", "tfjs"] as const)("computes K C column by column (%s kernel)", (kernel) => {
    const g = synthesizeBatch(k, batch, kernel)
    // [[1 + 3i, i(1 + 3i)], [9 + i, i(9 + i)]] row-major
    expect([...g.re]).toEqual([1, -3, 9, -1])
    expect([...g.im]).toEqual([3, 1, 1, 9])
  })

  it("rejects inputs of the wrong shape or values, naming the argument", () => {
    expect(() => synthesize(k, { re: new Float64Array(3), im: new Float64Array(3) })).toThrow(
      /synthesize: c.re and c.im must hold one weight per source \(2\), got 3 and 3/,
    )
    expect(() => synthesize(k, { re: Float64Array.from([1, Number.NaN]), im: new Float64Array(2) })).toThrow(/c.re must be finite, entry 1 is NaN/)
    expect(() => synthesize({ ...k, re: new Float64Array(3) }, c)).toThrow(/K.re and K.im must hold rows × cols = 4 entries, got 3 and 4/)
    expect(() => synthesize(k, c, "gpu" as never)).toThrow(/kernel must be one of "js", "tfjs", got "gpu"/)
    expect(() => synthesizeBatch(k, { rows: 3, cols: 1, re: new Float64Array(3), im: new Float64Array(3) })).toThrow(
      /C must have one row per source of K \(2\), got 3 rows/,
    )
    expect(() => synthesizeBatch(k, { rows: 2, cols: 0, re: new Float64Array(0), im: new Float64Array(0) })).toThrow(
      /C must have integer rows and cols >= 1, got 2 × 0/,
    )
  })

  it("leaks no tensors over many tfjs calls", () => {
    synthesize(k, c, "tfjs")
    const before = tf.memory().numTensors
    for (let i = 0; i < 50; i++) {
      synthesize(k, c, "tfjs")
      synthesizeBatch(k, batch, "tfjs")
    }
    expect(tf.memory().numTensors).toBe(before)
  })
})
