import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createWorkerPool, type WorkerPool } from "../../compute/parallel.js"
import { Prng } from "../../prng.js"
import { mobiusLattice, torusLattice } from "../lattice/index.js"
import { type Equation } from "./equation.js"
import { noiseField } from "./initial-field.js"
import { createIntegrator } from "./integrator.js"

let pool: WorkerPool
beforeAll(async () => {
  pool = await createWorkerPool({ threads: 2 })
})
afterAll(async () => {
  await pool.close()
})

/** A CGLE with every term switched on: per-node potential and a drive. */
const fullEquation = (nodeCount: number, prng: Prng): Equation => ({
  mu: 1,
  potential: prng.fillNormal(new Float64Array(nodeCount), 0, 0.3),
  diffusion: { re: 1, im: 0.7 },
  nonlinearity: { re: 1, im: -0.4 },
  drive: { amplitude: 0.2, frequency: 1.7, profile: noiseField(nodeCount, prng, 1) },
})

describe("js rk4 on the worker pool", () => {
  it("gives results identical to the single-threaded kernel", () => {
    for (const lattice of [torusLattice({ nu: 20, nv: 11, alpha: 1.1 }), mobiusLattice({ nu: 17, nv: 6, alpha: Math.PI })]) {
      const prng = Prng.seeded(lattice.nodeCount)
      const equation = fullEquation(lattice.nodeCount, prng)
      const initial = noiseField(lattice.nodeCount, prng, 0.5)
      const serial = createIntegrator(lattice, equation, { dt: 0.05, initial, time: 0.3 })
      const parallel = createIntegrator(lattice, equation, { dt: 0.05, initial, time: 0.3, pool, parallelThreshold: 1 })
      expect(serial.parallel).toBe(false)
      expect(parallel.parallel).toBe(true)
      for (const steps of [1, 7, 12]) {
        serial.advance(steps)
        parallel.advance(steps)
        expect(parallel.read()).toEqual(serial.read())
      }
      parallel.dispose()
      serial.dispose()
    }
  })

  it("stays single-threaded below the node threshold", () => {
    const lattice = torusLattice({ nu: 8, nv: 8 })
    const integrator = createIntegrator(lattice, fullEquation(64, Prng.seeded(3)), { dt: 0.05, pool, parallelThreshold: 65 })
    expect(integrator.parallel).toBe(false)
  })
})
