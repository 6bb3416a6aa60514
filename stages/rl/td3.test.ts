/**
 * TD3 on small hand-checked cases: the clipped double-Q target with target
 * policy smoothing, the critic loss, delayed actor and target updates,
 * Polyak averaging, exact state round trips, and no leaked tensors.
 */
import * as tf from "@tensorflow/tfjs"
import { Schema } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../compute/backend.js"
import { Prng } from "../prng.js"
import { box } from "./environment.js"
import { mlp, readWeights, writeWeights } from "./networks.js"
import { ReplayBuffer, type TransitionBatch } from "./replay-buffer.js"
import { type Td3Config, polyakUpdate, td3, td3Fields } from "./td3.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const configOf = (overrides: Partial<Td3Config>): Td3Config => Schema.decodeUnknownSync(Schema.Struct(td3Fields))(overrides)

/**
 * One observation entry, actions in [-2, 2] (scale 2), two hidden units:
 * actor pre-activation = s (h = [relu(s), relu(-s)], output h₁ - h₂), so
 * μ(s) = 2 tanh(s); critic Q(s, a) = c (a + 10) + d, independent of s.
 */
const handSetAgent = (overrides: Partial<Td3Config> = {}) => {
  const agent = td3(configOf({ hiddenUnits: 2, hiddenLayers: 1, gamma: 0.99, policyNoise: 0.2, noiseClip: 0.5, ...overrides }), { observationSize: 1, actionSpace: box([-2], [2]) }, Prng.seeded(1))
  const f = (...values: number[]) => Float32Array.from(values)
  const identityActor = [f(1, -1), f(0, 0), f(1, -1), f(0)]
  const critic = (c: number, d: number) => [f(0, 0, 1, 0), f(10, 0), f(c, 0), f(d)]
  writeWeights(agent.networks.actor, identityActor)
  writeWeights(agent.networks.targetActor, identityActor)
  // Q1'(a) = a + 10, Q2'(a) = 2a + 10: Q1' is the smaller for a > 0, Q2' for a < 0.
  writeWeights(agent.networks.targetCritic1, critic(1, 0))
  writeWeights(agent.networks.targetCritic2, critic(2, -10))
  // Online critics: Q1(a) = a + 10, Q2(a) = 0.5 (a + 10) + 1.
  writeWeights(agent.networks.critic1, critic(1, 0))
  writeWeights(agent.networks.critic2, critic(0.5, 1))
  return agent
}

const batchOf = (rows: ReadonlyArray<{ s: number; a: number; r: number; next: number; terminated: 0 | 1 }>): TransitionBatch => ({
  size: rows.length,
  observations: Float32Array.from(rows, (row) => row.s),
  actions: Float32Array.from(rows, (row) => row.a),
  rewards: Float32Array.from(rows, (row) => row.r),
  nextObservations: Float32Array.from(rows, (row) => row.next),
  terminated: Float32Array.from(rows, (row) => row.terminated),
})

describe("td3 target", () => {
  it("smooths the target action with clipped noise, clips it to the action box, takes the smaller twin and masks terminal states", () => {
    const agent = handSetAgent()
    const half = Math.atanh(0.5) // μ'(s') = 2 tanh(s') = 1
    const most = Math.atanh(0.9) // μ'(s') = 1.8
    const batch = batchOf([
      { s: 0, a: 0, r: 1, next: half, terminated: 0 },
      { s: 0, a: 0, r: 0.5, next: most, terminated: 0 },
      { s: 0, a: 0, r: -1, next: 0, terminated: 0 },
      { s: 0, a: 0, r: 2, next: half, terminated: 1 },
      { s: 0, a: 0, r: 0, next: -most, terminated: 0 },
    ])
    const z = Float32Array.of(1, 5, -3, 0, -5)
    // Noise = clip(0.2 z, ±0.5) · 2; ã = clip(μ' + noise, -2, 2); y = r + 0.99 (1 - t) min(ã + 10, 2ã + 10).
    //   z = 1:  noise 0.4,                  ã = 1.4                → min(11.4, 12.8) = 11.4, y = 1 + 0.99 · 11.4
    //   z = 5:  0.2 · 5 = 1 clipped to 0.5 → noise 1, 1.8 + 1 = 2.8 → ã = 2 → min(12, 14) = 12, y = 0.5 + 0.99 · 12
    //   z = -3: -0.6 clipped to -0.5       → noise -1, ã = -1       → min(9, 8) = 8, y = -1 + 0.99 · 8
    //   terminated: y = r = 2
    //   z = -5: noise -1, -1.8 - 1 = -2.8  → ã = -2 → min(8, 6) = 6, y = 0 + 0.99 · 6
    const expected = [1 + 0.99 * 11.4, 0.5 + 0.99 * 12, -1 + 0.99 * 8, 2, 0.99 * 6]
    const y = agent.targets(batch, z)
    expected.forEach((value, i) => expect(y[i]).toBeCloseTo(value, 4))
    agent.dispose()
  })

  it("reports MSE(Q1, y) + MSE(Q2, y) and the batch means of Q1 and Q2 (no smoothing noise)", () => {
    const agent = handSetAgent({ policyNoise: 0 })
    const half = Math.atanh(0.5)
    const batch = batchOf([
      { s: 0, a: 1, r: 1, next: half, terminated: 0 },
      { s: 0, a: -2, r: 0, next: half, terminated: 1 },
    ])
    // y: ã = 1 → min(11, 12) = 11 → 1 + 10.89 = 11.89; terminated → 0.
    // Q1(a) = a + 10: 11, 8. Q2(a) = 0.5 (a + 10) + 1: 6.5, 5.
    const y = [11.89, 0]
    const q1 = [11, 8]
    const q2 = [6.5, 5]
    const mse = (q: number[]) => ((q[0]! - y[0]!) ** 2 + (q[1]! - y[1]!) ** 2) / 2
    const stats = agent.update(batch)
    expect(stats.criticLoss).toBeCloseTo(mse(q1) + mse(q2), 3)
    expect(stats.q1).toBeCloseTo(9.5, 5)
    expect(stats.q2).toBeCloseTo(5.75, 5)
    expect(stats.actorLoss).toBeNull()
    agent.dispose()
  })
})

describe("td3 delayed updates and Polyak averaging", () => {
  it("Polyak: θ' ← τθ + (1-τ)θ', so from θ' = 0 toward θ = 1 it reaches 1 - (1-τ)^k after k updates", () => {
    const prng = Prng.seeded(3)
    const source = mlp({ inputs: 2, hidden: [3], outputs: 1 }, prng)
    const target = mlp({ inputs: 2, hidden: [3], outputs: 1 }, prng)
    writeWeights(source, source.variables.map((v) => new Float32Array(v.size).fill(1)))
    writeWeights(target, target.variables.map((v) => new Float32Array(v.size)))
    const values = [0.005, 0.009975, 0.014925125]
    for (const expected of values) {
      polyakUpdate(target, source, 0.005)
      for (const w of readWeights(target)) for (const x of w) expect(x).toBeCloseTo(expected, 7)
    }
    ;[source, target].forEach((n) => n.variables.forEach((v) => v.dispose()))
  })

  it("updates the critics every time, the actor and the targets after every 2nd critic update", () => {
    const prng = Prng.seeded(11)
    const agent = td3(configOf({ hiddenUnits: 8, hiddenLayers: 2, batchSize: 16, tau: 0.25 }), { observationSize: 3, actionSpace: box([-1, 0], [1, 3]) }, prng)
    const buffer = new ReplayBuffer({ capacity: 64, observationSize: 3, actionSize: 2 })
    for (let i = 0; i < 64; i++) {
      const o = [prng.normal(), prng.normal(), prng.normal()]
      buffer.add(o, [prng.between(-1, 1), prng.between(0, 3)], prng.normal(), [prng.normal(), prng.normal(), prng.normal()], prng.uniform() < 0.1)
    }
    const snapshot = () => Object.fromEntries(Object.entries(agent.networks).map(([name, network]) => [name, readWeights(network)]))
    const same = (a: Float32Array[], b: Float32Array[]) => a.every((w, i) => w.every((x, j) => x === b[i]![j]))
    for (let k = 1; k <= 6; k++) {
      const before = snapshot()
      const stats = agent.update(buffer.sample(prng, 16))
      const after = snapshot()
      expect(agent.updates()).toBe(k)
      expect(same(before.critic1!, after.critic1!)).toBe(false)
      expect(same(before.critic2!, after.critic2!)).toBe(false)
      const delayed = k % 2 === 0
      expect(stats.actorLoss === null).toBe(!delayed)
      expect(same(before.actor!, after.actor!)).toBe(!delayed)
      for (const [target, online] of [["targetActor", "actor"], ["targetCritic1", "critic1"], ["targetCritic2", "critic2"]] as const) {
        if (!delayed) {
          expect(same(before[target]!, after[target]!)).toBe(true)
          continue
        }
        // θ' = τ θ (after this update's step) + (1 - τ) θ' (before), in float32.
        after[target]!.forEach((w, i) =>
          w.forEach((x, j) => expect(x).toBeCloseTo(0.25 * after[online]![i]![j]! + 0.75 * before[target]![i]![j]!, 6)),
        )
      }
    }
    agent.dispose()
  })
})

describe("td3 state", () => {
  const config = configOf({ hiddenUnits: 16, hiddenLayers: 2, batchSize: 8, encoder: "lstm", history: 3, lstmUnits: 4 })
  const spec = { observationSize: 2, actionSpace: box([-1], [1]) }
  const fill = (prng: Prng) => {
    const buffer = new ReplayBuffer({ capacity: 32, observationSize: 6, actionSize: 1 })
    for (let i = 0; i < 32; i++) {
      buffer.add(Array.from({ length: 6 }, () => prng.normal()), [prng.between(-1, 1)], prng.normal(), Array.from({ length: 6 }, () => prng.normal()), false)
    }
    return buffer
  }

  it("continues bit for bit from state() and the Prng: weights, Adam moments and the update count", () => {
    const prngA = Prng.seeded(5)
    const buffer = fill(prngA)
    const a = td3(config, spec, prngA)
    for (let k = 0; k < 3; k++) a.update(buffer.sample(prngA, 8))
    const saved = JSON.parse(JSON.stringify(a.state()))
    const prngB = Prng.seeded(99)
    const b = td3(config, spec, prngB)
    b.load(saved)
    prngB.load(prngA.state())
    expect(b.updates()).toBe(3)
    for (let k = 0; k < 3; k++) {
      const sa = a.update(buffer.sample(prngA, 8))
      const sb = b.update(buffer.sample(prngB, 8))
      expect(sb).toEqual(sa)
    }
    for (const name of Object.keys(a.networks) as (keyof typeof a.networks)[]) {
      expect(readWeights(b.networks[name])).toEqual(readWeights(a.networks[name]))
    }
    expect(b.state()).toEqual(a.state())
    a.dispose()
    b.dispose()
  })

  it("acts inside the action box and leaves no tensor behind over many updates", () => {
    const prng = Prng.seeded(6)
    const buffer = fill(prng)
    const agent = td3(config, { observationSize: 2, actionSpace: box([-1], [1]) }, prng)
    agent.update(buffer.sample(prng, 8))
    const held = tf.memory().numTensors
    for (let k = 0; k < 40; k++) {
      agent.update(buffer.sample(prng, 8))
      const actions = agent.act(Float32Array.from({ length: 12 }, () => 10 * prng.normal()), 2)
      for (const x of actions) expect(Math.abs(x)).toBeLessThanOrEqual(1)
      agent.state()
    }
    expect(tf.memory().numTensors).toBe(held)
    const before = tf.memory().numTensors
    agent.dispose()
    expect(tf.memory().numTensors).toBeLessThan(before)
  })

  it("rejects unusable action spaces and badly sized observations", () => {
    expect(() => td3(config, { observationSize: 2, actionSpace: box([-Infinity], [1]) }, Prng.seeded(1))).toThrow(/action bounds must be finite/)
    expect(() => td3(config, { observationSize: 2, actionSpace: box([1], [1]) }, Prng.seeded(1))).toThrow(/low < high/)
    const agent = td3(config, spec, Prng.seeded(1))
    expect(() => agent.act(new Float32Array(5), 1)).toThrow(/expected 1 × 6 observation entries, got 5/)
    agent.dispose()
  })
})
