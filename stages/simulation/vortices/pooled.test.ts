import { Chunk, Effect, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../../compute/backend.js"
import { createWorkerPool, type WorkerPool } from "../../compute/parallel.js"
import type { ComplexField } from "../field.js"
import type { Frame } from "../frame.js"
import {
  kleinLattice,
  type Lattice,
  mobiusLattice,
  planeLattice,
  ringLattice,
  sphereLattice,
  tokamakLattice,
  torusLattice,
} from "../lattice/index.js"
import { randomField } from "../testing.js"
import { plaquetteCharges } from "./charges.js"
import { vortexCurrents } from "./currents.js"
import { parallelNodeThreshold } from "./pooled.js"
import { detectVortices, trackVortices } from "./stage.js"

let pool: WorkerPool

beforeAll(async () => {
  await initBackend("cpu")
  pool = await createWorkerPool({ threads: 2 })
})

afterAll(async () => {
  await pool.close()
})

const lattices: readonly Lattice[] = [
  planeLattice({ nu: 9, nv: 7 }),
  torusLattice({ nu: 11, nv: 6, alpha: 1.3 }),
  sphereLattice({ nodes: 80 }),
  kleinLattice({ nu: 7, nv: 5, alpha: -0.4 }),
  mobiusLattice({ nu: 10, nv: 4, halfTwists: 3, alpha: 2.2 }),
  tokamakLattice({ strips: 2, nu: 6, nv: 3, alpha: 0.9 }),
  ringLattice({ nodes: 12, alpha: 0.5 }),
]

/** The pool on every lattice, however small (the pool exists once beforeAll has run). */
const pooled = () => ({ pool, parallelThreshold: 1 })

/** A pool whose every use throws: proves a call stayed on one thread. */
const refusing = (threads: number): WorkerPool => ({
  threads,
  bind: () => {
    throw new Error("the pool must not be used")
  },
  release: () => undefined,
  run: () => {
    throw new Error("the pool must not be used")
  },
  close: async () => undefined,
})

describe("vortex ops on the worker pool", () => {
  it("give charges and currents identical to the single-threaded kernel on every geometry", () => {
    lattices.forEach((lattice, k) => {
      for (let seed = 0; seed < 4; seed++) {
        const before = randomField(lattice.nodeCount, 100 * k + 2 * seed)
        const after = randomField(lattice.nodeCount, 100 * k + 2 * seed + 1)
        expect(plaquetteCharges(lattice, before, pooled())).toEqual(plaquetteCharges(lattice, before))
        expect(vortexCurrents(lattice, before, after, pooled())).toEqual(vortexCurrents(lattice, before, after))
      }
    })
  })

  it("give the same results when calls move between lattices and between later-frame link phases", () => {
    const seamless = torusLattice({ nu: 8, nv: 5, alpha: 0 })
    const twisted = torusLattice({ nu: 8, nv: 5, alpha: 2.5 })
    const sphere = sphereLattice({ nodes: 50 })
    const calls: readonly (() => Int32Array)[] = [
      () => plaquetteCharges(seamless, randomField(40, 1), pooled()),
      () => vortexCurrents(seamless, randomField(40, 2), randomField(40, 3), { ...pooled(), latticeAfter: twisted }),
      () => vortexCurrents(seamless, randomField(40, 2), randomField(40, 3), pooled()),
      () => plaquetteCharges(sphere, randomField(50, 4), pooled()),
      () => vortexCurrents(twisted, randomField(40, 5), randomField(40, 6), { ...pooled(), latticeAfter: seamless }),
      () => plaquetteCharges(seamless, randomField(40, 1), pooled()),
    ]
    const serial: readonly (() => Int32Array)[] = [
      () => plaquetteCharges(seamless, randomField(40, 1)),
      () => vortexCurrents(seamless, randomField(40, 2), randomField(40, 3), { latticeAfter: twisted }),
      () => vortexCurrents(seamless, randomField(40, 2), randomField(40, 3)),
      () => plaquetteCharges(sphere, randomField(50, 4)),
      () => vortexCurrents(twisted, randomField(40, 5), randomField(40, 6), { latticeAfter: seamless }),
      () => plaquetteCharges(seamless, randomField(40, 1)),
    ]
    // The twist changes currents across the seam, so the later-frame phases are really in use.
    expect(serial[1]!()).not.toEqual(serial[2]!())
    calls.forEach((call, k) => expect(call()).toEqual(serial[k]!()))
  })

  it("hands out results that later calls do not overwrite", () => {
    const lattice = torusLattice({ nu: 6, nv: 6 })
    const first = plaquetteCharges(lattice, randomField(36, 7), pooled())
    const kept = Int32Array.from(first)
    plaquetteCharges(lattice, randomField(36, 8), pooled())
    expect(first).toEqual(kept)
  })

  it("stays single-threaded below the threshold, on a one-thread pool and for the tfjs kernel", () => {
    const lattice = torusLattice({ nu: 8, nv: 8 })
    const field = randomField(64, 9)
    const next = randomField(64, 10)
    expect(plaquetteCharges(lattice, field, { pool: refusing(2), parallelThreshold: 65 })).toEqual(plaquetteCharges(lattice, field))
    expect(lattice.nodeCount).toBeLessThan(parallelNodeThreshold)
    expect(vortexCurrents(lattice, field, next, { pool: refusing(2) })).toEqual(vortexCurrents(lattice, field, next))
    expect(plaquetteCharges(lattice, field, { pool: refusing(1), parallelThreshold: 1 })).toEqual(plaquetteCharges(lattice, field))
    expect(() => plaquetteCharges(lattice, field, { pool: refusing(2), parallelThreshold: 64 })).toThrow(/the pool must not be used/)
    expect(() => vortexCurrents(lattice, field, next, { kernel: "tfjs", pool: refusing(2), parallelThreshold: 1 })).not.toThrow()
    const currentsOnRing = (nodes: number) => () => vortexCurrents(ringLattice({ nodes }), randomField(nodes, 13), randomField(nodes, 14), { pool: refusing(2) })
    expect(currentsOnRing(parallelNodeThreshold - 1)).not.toThrow()
    expect(currentsOnRing(parallelNodeThreshold)).toThrow(/the pool must not be used/)
  })

  it("rejects a threshold that is not a positive integer", () => {
    const lattice = torusLattice({ nu: 4, nv: 4 })
    const field = randomField(16, 11)
    expect(() => plaquetteCharges(lattice, field, { pool, parallelThreshold: 0 })).toThrow(
      /plaquetteCharges: options.parallelThreshold must be an integer >= 1, got 0/,
    )
    expect(() => vortexCurrents(lattice, field, field, { pool, parallelThreshold: 2.5 })).toThrow(
      /vortexCurrents: options.parallelThreshold must be an integer >= 1, got 2.5/,
    )
  })
})

describe("vortex stages on the worker pool", () => {
  const frames = (lattice: Lattice, fields: readonly ComplexField[]): Stream.Stream<Frame> =>
    Stream.fromIterable(fields.map((field, cycle) => ({ cycle, step: cycle, time: cycle, lattice, field })))

  const run = (lattice: Lattice, fields: readonly ComplexField[], options: { readonly pool?: WorkerPool; readonly parallelThreshold?: number }) =>
    Effect.runPromise(Stream.runCollect(frames(lattice, fields).pipe(detectVortices(options), trackVortices(options)))).then(Chunk.toReadonlyArray)

  it("pass the pool to the ops and give the frames of the single-threaded run", async () => {
    const lattice = kleinLattice({ nu: 12, nv: 9, alpha: 0.8 })
    const fields = Array.from({ length: 5 }, (_, k) => randomField(lattice.nodeCount, 40 + k))
    const serial = await run(lattice, fields, {})
    const parallel = await run(lattice, fields, pooled())
    expect(parallel.map((f) => f.vortices)).toEqual(serial.map((f) => f.vortices))
    expect(parallel.map((f) => f.tracking)).toEqual(serial.map((f) => f.tracking))
    await expect(run(lattice, fields, { pool: refusing(2), parallelThreshold: 1 })).rejects.toThrow(/the pool must not be used/)
  })
})
