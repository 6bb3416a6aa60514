import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../../compute/backend.js"
import { Prng } from "../../prng.js"
import { cgle, type Equation } from "../../simulation/dynamics/equation.js"
import { noiseField } from "../../simulation/dynamics/initial-field.js"
import { createIntegrator } from "../../simulation/dynamics/integrator.js"
import { torusLattice } from "../../simulation/lattice/torus.js"
import { createEnsembleIntegrator } from "./ensemble-integrator.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const lattice = torusLattice({ nu: 8, nv: 6, alpha: 0.7 })
const n = lattice.nodeCount
const prng = Prng.seeded(12)
// A driven CGLE with a potential that varies per node: every term of the equation is exercised.
const equation: Equation = {
  ...cgle({ b: 2, c: -1, potential: prng.fillNormal(new Float64Array(n), 0, 0.3) }),
  drive: { amplitude: 0.4, frequency: 1.3, profile: noiseField(n, prng, 1) },
}
const branches = Array.from({ length: 5 }, () => noiseField(n, prng, 0.8))

const maxDifference = (a: readonly { re: Float64Array; im: Float64Array }[], b: readonly { re: Float64Array; im: Float64Array }[]): number =>
  Math.max(...a.flatMap((field, k) => Array.from(field.re, (x, i) => Math.hypot(x - b[k]!.re[i]!, field.im[i]! - b[k]!.im[i]!))))

describe("createEnsembleIntegrator", () => {
  it("on js steps each branch exactly as its own js RK4 integrator would", () => {
    const ensemble = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches, time: 2 })
    ensemble.advance(15)
    ensemble.advance(25)
    const alone = branches.map((initial) => {
      const integrator = createIntegrator(lattice, equation, { dt: 0.05, scheme: "rk4", initial, time: 2 })
      // The same advances: the drive's times t0 + steps·dt + k·dt then round alike.
      integrator.advance(15)
      integrator.advance(25)
      return integrator.read()
    })
    expect(maxDifference(ensemble.read(), alone)).toBe(0)
    expect(ensemble.time).toBe(2 + 40 * 0.05)
    expect(ensemble.steps).toBe(40)
    ensemble.dispose()
  })

  it("batched on tfjs agrees with the per-branch js kernel to float32 rounding", () => {
    const js = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches, kernel: "js", time: 1 })
    const batched = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches, kernel: "tfjs", time: 1 })
    js.advance(40)
    batched.advance(40)
    const scale = Math.max(...js.read().flatMap((f) => Array.from(f.re, (x, i) => Math.hypot(x, f.im[i]!))))
    expect(maxDifference(batched.read(), js.read())).toBeLessThan(2e-5 * scale)
    // The branches stay distinct: the batch did not mix them up.
    expect(maxDifference([batched.read()[0]!], [batched.read()[1]!])).toBeGreaterThan(0.1)
    js.dispose()
    batched.dispose()
  })

  it("batched on tfjs matches the single-field tfjs integrator per branch", () => {
    const batched = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches, kernel: "tfjs" })
    batched.advance(20)
    const alone = branches.map((initial) => {
      const integrator = createIntegrator(lattice, equation, { dt: 0.05, kernel: "tfjs", scheme: "rk4", initial })
      integrator.advance(20)
      const field = integrator.read()
      integrator.dispose()
      return field
    })
    expect(maxDifference(batched.read(), alone)).toBeLessThan(1e-5)
    batched.dispose()
  })

  it("continues a resumed ensemble exactly: 20 steps, a restart from the branches, 20 more equal 20 + 20 uninterrupted", () => {
    for (const kernel of ["js", "tfjs"] as const) {
      const whole = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches, kernel })
      whole.advance(20)
      whole.advance(20)
      const first = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches, kernel })
      first.advance(20)
      const resumed = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches: first.read(), kernel, stepsTaken: 20 })
      resumed.advance(20)
      expect(resumed.time).toBe(whole.time)
      expect(maxDifference(resumed.read(), whole.read())).toBe(0)
      for (const integrator of [whole, first, resumed]) integrator.dispose()
    }
  })

  it("holds a constant number of tensors while stepping and frees them all on dispose", () => {
    const before = tf.memory().numTensors
    const batched = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches, kernel: "tfjs" })
    const held = tf.memory().numTensors
    for (let k = 0; k < 5; k++) {
      batched.advance(10)
      batched.read()
    }
    expect(tf.memory().numTensors).toBe(held)
    batched.dispose()
    batched.dispose()
    expect(tf.memory().numTensors).toBe(before)
    expect(() => batched.advance(1)).toThrow(/disposed/)
  })

  it("rejects a step beyond the RK4 limit, mismatched branches and bad counts", () => {
    expect(() => createEnsembleIntegrator(lattice, equation, { dt: 0.5, branches })).toThrow(/dt must be <= 0\.\d+ for rk4/)
    expect(() => createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches: [] })).toThrow(/at least one field/)
    expect(() => createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches: [noiseField(n + 1, prng, 1)] })).toThrow(/must hold 48 values/)
    expect(() => createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches, stepsTaken: -1 })).toThrow(/stepsTaken must be an integer >= 0/)
    const ensemble = createEnsembleIntegrator(lattice, equation, { dt: 0.05, branches })
    expect(() => ensemble.advance(1.5)).toThrow(/steps must be an integer >= 0, got 1.5/)
    ensemble.dispose()
  })
})
