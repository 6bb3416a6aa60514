/**
 * Adam against the update rule written out in plain numbers, and exact
 * continuation from a saved state.
 */
import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../compute/backend.js"
import { adam } from "./adam.js"

beforeAll(async () => {
  await initBackend("cpu")
})

/** Gradient of Σ (p - 3)² at p. */
const gradient = (p: tf.Variable) => tf.tidy(() => tf.mul(tf.sub(p, 3), 2))

const step = (optimiser: ReturnType<typeof adam>, p: tf.Variable) => {
  const g = gradient(p)
  optimiser.apply([g])
  g.dispose()
}

describe("adam", () => {
  it("follows m ← β₁m + (1-β₁)g, v ← β₂v + (1-β₂)g², p ← p - lr/(1-β₁ᵗ) · m/(√v/√(1-β₂ᵗ) + ε)", () => {
    const p = tf.variable(tf.tensor1d([1, -2, 3.5]))
    const optimiser = adam([p], { learningRate: 0.1 })
    // The same steps in double precision, by hand.
    let x = [1, -2, 3.5]
    const m = [0, 0, 0]
    const v = [0, 0, 0]
    for (let t = 1; t <= 5; t++) {
      step(optimiser, p)
      x = x.map((xi, i) => {
        const g = 2 * (xi - 3)
        m[i] = 0.9 * m[i]! + 0.1 * g
        v[i] = 0.999 * v[i]! + 0.001 * g * g
        return xi - (0.1 / (1 - 0.9 ** t)) * (m[i]! / (Math.sqrt(v[i]!) / Math.sqrt(1 - 0.999 ** t) + 1e-8))
      })
      const got = p.dataSync()
      x.forEach((xi, i) => expect(got[i]).toBeCloseTo(xi, 5))
      // The first step moves every coordinate by lr against the sign of its gradient.
      if (t === 1) [1.1, -1.9, 3.4].forEach((xi, i) => expect(got[i]).toBeCloseTo(xi, 6))
    }
    optimiser.dispose()
    p.dispose()
  })

  it("continues exactly from a saved state", () => {
    const a = tf.variable(tf.tensor1d([0.5, -1, 7]))
    const optA = adam([a], { learningRate: 0.05 })
    for (let t = 0; t < 3; t++) step(optA, a)
    const b = tf.variable(tf.tensor1d(a.dataSync()))
    const optB = adam([b], { learningRate: 0.05 })
    optB.load(JSON.parse(JSON.stringify(optA.state())))
    for (let t = 0; t < 4; t++) {
      step(optA, a)
      step(optB, b)
    }
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()))
    expect(optB.state()).toEqual(optA.state())
    for (const x of [optA, optB]) x.dispose()
    a.dispose()
    b.dispose()
  })

  it("rejects bad settings, states and gradient lists", () => {
    const p = tf.variable(tf.zeros([2]))
    expect(() => adam([p], { learningRate: 0 })).toThrow(/learningRate > 0/)
    const optimiser = adam([p], { learningRate: 0.1 })
    expect(() => optimiser.apply([])).toThrow(/1 variables but 0 gradients/)
    expect(() => optimiser.load({ step: 1, m: [], v: [] })).toThrow(/0\/0 moments/)
    expect(() => optimiser.load({ step: 1, m: ["AAAAAA=="], v: ["AAAAAA=="] })).toThrow(/adam first moment 0: expected 2 values, found 1/)
    optimiser.dispose()
    p.dispose()
  })
})
