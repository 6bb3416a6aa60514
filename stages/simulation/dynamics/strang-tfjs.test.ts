import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../../compute/backend.js"
import { Prng } from "../../prng.js"
import { norm2 } from "../field.js"
import { torusLattice } from "../lattice/index.js"
import { nls } from "./equation.js"
import { noiseField } from "./initial-field.js"
import { createIntegrator } from "./integrator.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const lattice = torusLattice({ nu: 6, nv: 5, alpha: 0.4 })

describe("tfjs strang", () => {
  it("keeps the norm to single precision and tracks the js kernel", () => {
    const initial = noiseField(lattice.nodeCount, Prng.seeded(8), 1)
    const run = (kernel: "js" | "tfjs") => {
      const integrator = createIntegrator(lattice, nls({ g: 0.8, potential: 0.1 }), { dt: 0.05, kernel, initial, tolerance: 1e-12 })
      integrator.advance(100)
      const psi = integrator.read()
      integrator.dispose()
      return psi
    }
    const js = run("js")
    const tfjs = run("tfjs")
    expect(Math.abs(norm2(tfjs) - norm2(initial)) / norm2(initial)).toBeLessThan(1e-5)
    for (let i = 0; i < lattice.nodeCount; i++) expect(Math.hypot(js.re[i]! - tfjs.re[i]!, js.im[i]! - tfjs.im[i]!)).toBeLessThan(1e-4)
  })

  it("keeps the tensor count constant over 1,000 steps and frees everything on dispose", () => {
    const before = tf.memory().numTensors
    const integrator = createIntegrator(lattice, nls({ g: 1 }), { dt: 0.05, kernel: "tfjs", initial: noiseField(lattice.nodeCount, Prng.seeded(2), 1), tolerance: 1e-4 })
    const held = tf.memory().numTensors
    for (let k = 0; k < 10; k++) integrator.advance(100)
    integrator.read()
    integrator.setEquation(nls({ g: -1, potential: new Float64Array(lattice.nodeCount).fill(0.2) }))
    integrator.advance(1)
    expect(tf.memory().numTensors).toBe(held)
    integrator.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})
