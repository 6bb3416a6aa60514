/**
 * The networks against the same computations written out in plain loops,
 * the custom matrix-product gradient against TensorFlow.js's own, and the
 * seeded initialisation.
 */
import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../compute/backend.js"
import { Prng } from "../prng.js"
import { chain, disposeNetwork, encodeThenConcat, lstmEncoder, matMul, mlp, readWeights, writeWeights } from "./networks.js"

beforeAll(async () => {
  await initBackend("cpu")
})

/** y = x W + b for one row, W row-major [inputs, outputs]. */
const affine = (x: readonly number[], w: Float32Array, b: Float32Array) =>
  Array.from(b, (bj, j) => x.reduce((sum, xi, i) => sum + xi * w[i * b.length + j]!, bj))

const relu = (x: readonly number[]) => x.map((v) => Math.max(0, v))
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

const run = (network: { apply: (x: tf.Tensor2D) => tf.Tensor2D }, rows: number[][]) => {
  const y = tf.tidy(() => network.apply(tf.tensor2d(rows)))
  const values = y.arraySync() as number[][]
  y.dispose()
  return values
}

describe("mlp", () => {
  it("computes relu(x W₁ + b₁) … W_L + b_L", () => {
    const net = mlp({ inputs: 3, hidden: [5, 4], outputs: 2 }, Prng.seeded(1))
    const [w1, b1, w2, b2, w3, b3] = readWeights(net)
    const rows = [
      [0.5, -1, 2],
      [-0.3, 0.8, 0.1],
    ]
    const got = run(net, rows)
    rows.forEach((x, r) => {
      const expected = affine(relu(affine(relu(affine(x, w1!, b1!)), w2!, b2!)), w3!, b3!)
      expected.forEach((e, j) => expect(got[r]![j]).toBeCloseTo(e, 5))
    })
    disposeNetwork(net)
  })

  it("has the gradients of the same network written with tf.matMul, tf.add and tf.relu", () => {
    const net = mlp({ inputs: 3, hidden: [6, 5], outputs: 2 }, Prng.seeded(2))
    const x = tf.tensor2d([
      [0.5, -1, 2],
      [-0.3, 0.8, 0.1],
      [1.5, 0.2, -0.7],
    ])
    const c = tf.tensor2d([
      [1, -2],
      [0.5, 3],
      [-1, 1],
    ])
    const reference = (input: tf.Tensor2D) => {
      const v = net.variables as tf.Variable[]
      const layer = (h: tf.Tensor2D, i: number) => tf.add(tf.matMul(h, v[2 * i] as tf.Tensor2D), v[2 * i + 1]!) as tf.Tensor2D
      return layer(tf.relu(layer(tf.relu(layer(input, 0)), 1)), 2)
    }
    const gradients = (apply: (input: tf.Tensor2D) => tf.Tensor2D) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(apply(x), c)) as tf.Scalar, [...net.variables])
        return net.variables.map((v) => Array.from(grads[v.name]!.dataSync()))
      })
    const expected = gradients(reference)
    gradients(net.apply).forEach((g, i) => g.forEach((value, j) => expect(value).toBeCloseTo(expected[i]![j]!, 5)))
    expect(expected.flat().some((value) => value !== 0)).toBe(true)
    tf.dispose([x, c])
    disposeNetwork(net)
  })

  it("draws its initial weights from the Prng: U(-1/√fan_in, 1/√fan_in), equal for equal seeds", () => {
    const [a, b, c] = [1, 1, 2].map((seed) => mlp({ inputs: 16, hidden: [9], outputs: 1 }, Prng.seeded(seed)))
    expect(readWeights(a!)).toEqual(readWeights(b!))
    expect(readWeights(a!)).not.toEqual(readWeights(c!))
    const [w1, b1, w2] = readWeights(a!)
    for (const x of [...w1!, ...b1!]) expect(Math.abs(x)).toBeLessThanOrEqual(1 / 4)
    for (const x of w2!) expect(Math.abs(x)).toBeLessThanOrEqual(1 / 3)
    expect(Math.max(...w1!.map(Math.abs))).toBeGreaterThan(0.2)
    ;[a, b, c].forEach((n) => disposeNetwork(n!))
  })

  it("rejects bad sizes and weight lists", () => {
    expect(() => mlp({ inputs: 0, hidden: [4], outputs: 1 }, Prng.seeded(1))).toThrow(/mlp inputs must be an integer >= 1, got 0/)
    expect(() => mlp({ inputs: 2, hidden: [4, 2.5], outputs: 1 }, Prng.seeded(1))).toThrow(/mlp hidden\[1\]/)
    const net = mlp({ inputs: 2, hidden: [3], outputs: 1 }, Prng.seeded(1))
    expect(() => writeWeights(net, [])).toThrow(/4 parameter arrays, got 0/)
    expect(() => writeWeights(net, [new Float32Array(5), new Float32Array(3), new Float32Array(3), new Float32Array(1)])).toThrow(/parameter 0 has 6 entries, got 5/)
    disposeNetwork(net)
  })
})

describe("matMul", () => {
  it("has the gradient of tf.matMul", () => {
    const prng = Prng.seeded(4)
    const draw = (rows: number, columns: number) => tf.tensor2d(Float32Array.from({ length: rows * columns }, () => prng.normal()), [rows, columns])
    const [x, w, c] = [draw(5, 3), draw(3, 4), draw(5, 4)]
    const loss = (product: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(product(a as tf.Tensor2D, b as tf.Tensor2D), c))
    const ours = tf.grads(loss(matMul))([x, w])
    const theirs = tf.grads(loss((a, b) => tf.matMul(a, b)))([x, w])
    ours.forEach((g, i) => {
      const expected = theirs[i]!.dataSync()
      g.dataSync().forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 5))
    })
    tf.dispose([x, w, c, ...ours, ...theirs])
  })
})

describe("lstmEncoder", () => {
  it("runs the LSTM recurrence over the window, oldest first, and returns the last hidden state", () => {
    const spec = { inputs: 2, steps: 3, units: 4 }
    const net = lstmEncoder(spec, Prng.seeded(7))
    const [wx, wh, b] = readWeights(net)
    const row = [0.3, -0.2, 1.1, 0.4, -0.7, 0.9]
    let h = [0, 0, 0, 0]
    let c = [0, 0, 0, 0]
    for (let t = 0; t < spec.steps; t++) {
      const x = row.slice(t * 2, t * 2 + 2)
      const zx = affine(x, wx!, b!)
      const zh = affine(h, wh!, new Float32Array(16))
      const z = zx.map((v, k) => v + zh[k]!)
      const gate = (g: number, k: number) => z[g * 4 + k]!
      c = c.map((ck, k) => sigmoid(gate(1, k)) * ck + sigmoid(gate(0, k)) * Math.tanh(gate(2, k)))
      h = c.map((ck, k) => sigmoid(gate(3, k)) * Math.tanh(ck))
    }
    const [got] = run(net, [row])
    h.forEach((e, k) => expect(got![k]).toBeCloseTo(e, 5))
    disposeNetwork(net)
  })

  it("composes: an encoder chained to a head, and an encoder beside passed-through columns", () => {
    const prng = Prng.seeded(8)
    const encoder = lstmEncoder({ inputs: 2, steps: 2, units: 3 }, prng)
    const head = mlp({ inputs: 4, hidden: [5], outputs: 1 }, prng)
    const critic = encodeThenConcat(encoder, 1, head)
    const row = [0.1, 0.2, 0.3, 0.4, -0.5]
    const [encoded] = run(encoder, [row.slice(0, 4)])
    const [expected] = run(head, [[...encoded!, -0.5]])
    const [got] = run(critic, [row])
    expect(got![0]).toBeCloseTo(expected![0]!, 6)
    expect(critic.variables).toHaveLength(encoder.variables.length + head.variables.length)
    expect(() => chain(encoder, head)).toThrow(/3 outputs feed a network of 4 inputs/)
    disposeNetwork(critic)
  })
})

describe("frozen networks", () => {
  it("give the same values and input gradients; a frozen MLP has no path to its parameters", () => {
    const prng = Prng.seeded(9)
    const networks = [
      mlp({ inputs: 5, hidden: [7, 6], outputs: 1 }, prng),
      encodeThenConcat(lstmEncoder({ inputs: 2, steps: 2, units: 3 }, prng), 1, mlp({ inputs: 4, hidden: [5], outputs: 1 }, prng)),
    ]
    const x = tf.tensor2d(Float32Array.from({ length: 15 }, () => prng.normal()), [3, 5])
    for (const net of networks) {
      const inputGradient = (frozen: boolean) =>
        tf.tidy(() => {
          const [value, gradient] = [net.apply(x, frozen), tf.grad((input: tf.Tensor) => tf.sum(net.apply(input as tf.Tensor2D, frozen)))(x)]
          return [Array.from(value.dataSync()), Array.from(gradient.dataSync())]
        })
      const [value, gradient] = inputGradient(false)
      const [frozenValue, frozenGradient] = inputGradient(true)
      frozenValue!.forEach((v, i) => expect(v).toBeCloseTo(value![i]!, 6))
      frozenGradient!.forEach((g, i) => expect(g).toBeCloseTo(gradient![i]!, 5))
      expect(gradient!.some((g) => g !== 0)).toBe(true)
      disposeNetwork(net)
    }
    const frozen = mlp({ inputs: 5, hidden: [4], outputs: 1 }, prng)
    expect(() => tf.variableGrads(() => tf.sum(frozen.apply(x, true)) as tf.Scalar, [...frozen.variables])).toThrow(/Cannot find a connection between any variable and the result/)
    disposeNetwork(frozen)
    x.dispose()
  })
})

