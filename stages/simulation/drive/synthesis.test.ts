import * as tf from "@tensorflow/tfjs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../../compute/backend.js"
import { createWorkerPool, type WorkerPool } from "../../compute/parallel.js"
import { Prng } from "../../prng.js"
import type { ComplexMatrix } from "./complex-matrix.js"
import { synthesize, synthesizeBatch } from "./synthesis.js"
import { transferMatrix } from "./transfer.js"

// K = [[1, i], [2 - i, 3]], c = (1 + i, 2): K c = (1 + i + 2i, (2 - i)(1 + i) + 6) = (1 + 3i, 9 + i)
const k: ComplexMatrix = { rows: 2, cols: 2, re: Float64Array.from([1, 0, 2, 3]), im: Float64Array.from([0, 1, -1, 0]) }
const c = { re: Float64Array.from([1, 2]), im: Float64Array.from([1, 0]) }
// C = [c, i c] as columns: K C = [K c, i K c]
const batch: ComplexMatrix = { rows: 2, cols: 2, re: Float64Array.from([1, -1, 2, 0]), im: Float64Array.from([1, 1, 0, 2]) }

let pool: WorkerPool
beforeAll(async () => {
  await initBackend("cpu")
  // Three threads on any machine, so rows split unevenly and chunk boundaries fall mid-matrix.
  pool = await createWorkerPool({ threads: 3 })
})
afterAll(async () => {
  await pool.close()
})

const randomMatrix = (prng: Prng, rows: number, cols: number): ComplexMatrix => ({
  rows,
  cols,
  re: prng.fillNormal(new Float64Array(rows * cols)),
  im: prng.fillNormal(new Float64Array(rows * cols)),
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

describe("synthesis on the worker pool", () => {
  it("gives results identical to the single-threaded kernel", () => {
    const prng = Prng.seeded(11)
    // A plain K (copied to shared memory per call) and one from transferMatrix (shared already, read in place).
    const positions = prng.fillNormal(new Float64Array(3 * 101))
    const sources = prng.fillNormal(new Float64Array(3 * 7), 0, 3)
    for (const matrix of [randomMatrix(prng, 37, 5), transferMatrix(positions, sources, { wavenumber: 4, decay: 1, rMin: 0.05 })]) {
      const weights = randomMatrix(prng, matrix.cols, 1)
      const vector = { re: weights.re, im: weights.im }
      const columns = randomMatrix(prng, matrix.cols, 6)
      const pooled = { pool, parallelThreshold: 1 }
      const serialVector = synthesize(matrix, vector)
      const pooledVector = synthesize(matrix, vector, "js", pooled)
      expect(pooledVector.re.buffer).toBeInstanceOf(SharedArrayBuffer)
      expect(pooledVector).toEqual(serialVector)
      expect(synthesizeBatch(matrix, columns, "js", pooled)).toEqual(synthesizeBatch(matrix, columns))
    }
  })

  it("stays single-threaded below the threshold and for the tfjs kernel", () => {
    const refusing: WorkerPool = {
      threads: 2,
      bind: () => {
        throw new Error("the pool must not be used")
      },
      release: () => undefined,
      run: () => undefined,
      close: async () => undefined,
    }
    const prng = Prng.seeded(12)
    const matrix = randomMatrix(prng, 8, 4)
    const columns = randomMatrix(prng, 4, 3)
    const vector = { re: columns.re.subarray(0, 4), im: columns.im.subarray(0, 4) }
    expect(synthesize(matrix, vector, "js", { pool: refusing, parallelThreshold: 33 })).toEqual(synthesize(matrix, vector))
    expect(synthesizeBatch(matrix, columns, "js", { pool: refusing, parallelThreshold: 97 })).toEqual(synthesizeBatch(matrix, columns))
    expect(() => synthesizeBatch(matrix, columns, "js", { pool: refusing, parallelThreshold: 96 })).toThrow(/the pool must not be used/)
    expect(() => synthesize(matrix, vector, "tfjs", { pool: refusing, parallelThreshold: 1 })).not.toThrow()
  })

  it("rejects a threshold that is not a positive integer", () => {
    expect(() => synthesize(k, c, "js", { pool, parallelThreshold: 0 })).toThrow(/synthesize: parallelThreshold must be an integer >= 1, got 0/)
    expect(() => synthesizeBatch(k, batch, "js", { pool, parallelThreshold: 2.5 })).toThrow(
      /synthesizeBatch: parallelThreshold must be an integer >= 1, got 2.5/,
    )
  })
})
