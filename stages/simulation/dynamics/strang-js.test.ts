import { beforeAll, describe, expect, it } from "vitest"
import { Prng } from "../../prng.js"
import { norm2 } from "../field.js"
import { torusLattice } from "../lattice/index.js"
import { cayleyCondition, cgIterationBound } from "./cayley.js"
import { energy } from "./energy.js"
import { nls } from "./equation.js"
import { noiseField } from "./initial-field.js"
import { createIntegrator } from "./integrator.js"
import { spectralBound } from "./links.js"
import { JsStrang } from "./strang-js.js"

const lattice = torusLattice({ nu: 12, nv: 10, alpha: 0.5 })
const g = 1
const potential = 0.3

/** A smooth field of order one: a uniform part plus the lowest modes. */
const smoothField = () => {
  const re = new Float64Array(lattice.nodeCount)
  const im = new Float64Array(lattice.nodeCount)
  for (let i = 0; i < 12; i++) {
    for (let j = 0; j < 10; j++) {
      const u = (2 * Math.PI * i) / 12
      const v = (2 * Math.PI * j) / 10
      re[i * 10 + j] = 1 + 0.5 * Math.cos(u) + 0.3 * Math.sin(v)
      im[i * 10 + j] = 0.4 * Math.sin(u + v)
    }
  }
  return { re, im }
}

/** Largest relative energy error and norm error in each quarter of [0, 40]. */
const run = (dt: number) => {
  const initial = smoothField()
  const integrator = createIntegrator(lattice, nls({ g, potential }), { dt, initial, tolerance: 1e-12 })
  const e0 = energy(lattice, initial, potential, g)
  const n0 = norm2(initial)
  const steps = Math.round(40 / dt)
  const energyError = [0, 0, 0, 0]
  let normError = 0
  for (let step = 0; step < steps; step++) {
    integrator.advance(1)
    const psi = integrator.read()
    const quarter = Math.floor((4 * step) / steps)
    energyError[quarter] = Math.max(energyError[quarter]!, Math.abs(energy(lattice, psi, potential, g) - e0) / Math.abs(e0))
    normError = Math.max(normError, Math.abs(norm2(psi) - n0) / n0)
  }
  return { energyError, normError, steps }
}

describe("strang splitting for the NLS", () => {
  let runs: ReturnType<typeof run>[] = []
  beforeAll(() => {
    runs = [0.1, 0.05, 0.025].map(run)
  })

  it("keeps the norm to the solver tolerance over a long run", () => {
    for (const { normError, steps } of runs) expect(normError).toBeLessThanOrEqual(2e-12 * steps)
  })

  it("has an energy error shrinking at second order in dt", () => {
    const worst = runs.map((r) => Math.max(...r.energyError))
    for (let k = 0; k < 2; k++) {
      const order = Math.log2(worst[k]! / worst[k + 1]!)
      expect(order).toBeGreaterThan(1.6)
      expect(order).toBeLessThan(2.4)
    }
  })

  it("has a bounded energy error: no drift from the first quarter of the run to the last", () => {
    for (const { energyError } of runs) expect(energyError[3]!).toBeLessThan(1.5 * energyError[0]!)
  })

  it("needs no more CG iterations than the a priori bound", () => {
    const prng = Prng.seeded(9)
    for (const dt of [0.05, 0.4, 2]) {
      const tolerance = 1e-10
      const stepper = new JsStrang(lattice, nls({ g }), { dt, tolerance })
      stepper.write(noiseField(lattice.nodeCount, prng, 1))
      stepper.advance(3)
      const bound = cgIterationBound(cayleyCondition(dt, 1, spectralBound(lattice)), tolerance)
      expect(stepper.iterations).toBeGreaterThan(0)
      expect(stepper.iterations).toBeLessThanOrEqual(3 * bound)
    }
  })
})
