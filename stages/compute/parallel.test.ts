import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { torusLattice } from "../simulation/lattice/index.js"
import { laplacianRange, laplacianTask } from "../simulation/dynamics/laplacian-js.js"
import { linksOf } from "../simulation/dynamics/links.js"
import { createWorkerPool, shareCopy, sharedFloat64, splitRange, type WorkerPool } from "./parallel.js"

const lattice = torusLattice({ nu: 17, nv: 9, alpha: 0.7 })
const links = linksOf(lattice)
const n = lattice.nodeCount

const laplacianBinding = (pool: WorkerPool, seed: number) => {
  const prng = Prng.seeded(seed)
  const arrays = {
    rowStart: shareCopy(links.rowStart),
    column: shareCopy(links.column),
    cosine: shareCopy(links.cosine),
    sine: shareCopy(links.sine),
    degree: shareCopy(links.degree),
    re: prng.fillNormal(sharedFloat64(n)),
    im: prng.fillNormal(sharedFloat64(n)),
    outRe: sharedFloat64(n),
    outIm: sharedFloat64(n),
  }
  return { arrays, binding: pool.bind(arrays) }
}

describe("splitRange", () => {
  it("splits [0, count) into contiguous chunks that cover it exactly", () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.integer({ min: 1, max: 64 }), (count, parts) => {
        let next = 0
        for (let part = 0; part < parts; part++) {
          const [start, end] = splitRange(count, parts, part)
          expect(start).toBe(next)
          expect(end).toBeGreaterThanOrEqual(start)
          expect(end - start).toBeLessThanOrEqual(Math.ceil(count / parts))
          next = end
        }
        expect(next).toBe(count)
      }),
    )
  })
})

describe("createWorkerPool", () => {
  let pool: WorkerPool
  beforeAll(async () => {
    pool = await createWorkerPool({ threads: 3 })
  })
  afterAll(async () => {
    await pool.close()
  })

  it("gives results identical to the serial kernel", () => {
    for (const seed of [1, 2, 3]) {
      const { arrays, binding } = laplacianBinding(pool, seed)
      pool.run(laplacianTask, binding, n, [])
      const serial = { re: new Float64Array(n), im: new Float64Array(n) }
      laplacianRange(links, arrays.re, arrays.im, serial.re, serial.im, 0, n)
      expect(arrays.outRe).toEqual(serial.re)
      expect(arrays.outIm).toEqual(serial.im)
      pool.release(binding)
    }
  })

  it("reports a task that throws in a worker and stays usable", () => {
    const { arrays, binding } = laplacianBinding(pool, 4)
    const broken = pool.bind({ re: arrays.re, im: arrays.im })
    // With one node the caller's chunk is empty, so the failure can only come from a worker.
    expect(() => pool.run(laplacianTask, broken, 1, [])).toThrow(/worker \d: /)
    pool.run(laplacianTask, binding, n, [])
    const serial = { re: new Float64Array(n), im: new Float64Array(n) }
    laplacianRange(links, arrays.re, arrays.im, serial.re, serial.im, 0, n)
    expect(arrays.outRe).toEqual(serial.re)
  })

  it("refuses arrays outside shared memory", () => {
    expect(() => pool.bind({ re: new Float64Array(4) })).toThrow(/"re" must be backed by a SharedArrayBuffer/)
  })
})

describe("pool lifecycle", () => {
  it("runs with the caller alone when threads is 1", async () => {
    const pool = await createWorkerPool({ threads: 1 })
    const { arrays, binding } = laplacianBinding(pool, 5)
    pool.run(laplacianTask, binding, n, [])
    const serial = { re: new Float64Array(n), im: new Float64Array(n) }
    laplacianRange(links, arrays.re, arrays.im, serial.re, serial.im, 0, n)
    expect(arrays.outIm).toEqual(serial.im)
    await pool.close()
  })

  it("cannot run after close, and closing twice is harmless", async () => {
    const pool = await createWorkerPool({ threads: 2 })
    const { binding } = laplacianBinding(pool, 6)
    await pool.close()
    await pool.close()
    expect(() => pool.run(laplacianTask, binding, n, [])).toThrow(/closed/)
  })

  it("rejects a thread count outside 1..256", async () => {
    await expect(createWorkerPool({ threads: 0 })).rejects.toThrow(/threads must be an integer in 1..256, got 0/)
  })
})
