import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../../compute/backend.js"
import { Prng } from "../../prng.js"
import { ringLattice } from "../lattice/index.js"
import { cgle, type Equation } from "./equation.js"
import { noiseField } from "./initial-field.js"
import { createIntegrator } from "./integrator.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const nodes = 24
const alpha = 2.1
const lattice = ringLattice({ nodes, alpha })
const q = (2 * Math.PI * -1 + alpha) / nodes
const lambda = 4 * Math.sin(q / 2) ** 2

describe("tfjs rk4", () => {
  it("reproduces the CGLE plane wave to single precision", () => {
    const [b, c] = [-0.6, 0.9]
    const a = Math.sqrt(1 - lambda)
    const omega = b * lambda + c * a * a
    const at = (t: number) => ({
      re: Float64Array.from({ length: nodes }, (_, j) => a * Math.cos(q * j - omega * t)),
      im: Float64Array.from({ length: nodes }, (_, j) => a * Math.sin(q * j - omega * t)),
    })
    const integrator = createIntegrator(lattice, cgle({ b, c }), { dt: 0.1, kernel: "tfjs", initial: at(0) })
    integrator.advance(200)
    const psi = integrator.read()
    const exact = at(20)
    for (let j = 0; j < nodes; j++) expect(Math.hypot(psi.re[j]! - exact.re[j]!, psi.im[j]! - exact.im[j]!)).toBeLessThan(2e-5)
    integrator.dispose()
  })

  it("keeps the tensor count constant over 1,000 steps and frees everything on dispose", () => {
    const prng = Prng.seeded(4)
    const equation: Equation = {
      ...cgle({ b: 0.5, c: -0.5, potential: prng.fillNormal(new Float64Array(nodes)) }),
      drive: { amplitude: 0.3, frequency: 2, profile: noiseField(nodes, prng, 1) },
    }
    const before = tf.memory().numTensors
    const integrator = createIntegrator(lattice, equation, { dt: 0.05, kernel: "tfjs", initial: noiseField(nodes, prng, 0.1) })
    const held = tf.memory().numTensors
    for (let k = 0; k < 10; k++) integrator.advance(100)
    integrator.read()
    integrator.setEquation(cgle({ b: 0.1, c: 0.1 }))
    integrator.write(noiseField(nodes, prng, 0.1))
    expect(tf.memory().numTensors).toBe(held)
    integrator.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})
