/**
 * TD3, Twin Delayed Deep Deterministic policy gradient (Fujimoto, van Hoof,
 * Meger 2018), in TensorFlow.js, laid out as CleanRL's td3_continuous_action.py:
 * hyperparameters first, then the networks, acting, and one update.
 *
 * - twin critics Q1, Q2 and the clipped double-Q target
 *     y = r + γ (1 - terminated) min(Q1'(s', ã), Q2'(s', ã));
 * - target policy smoothing: ã = clip(μ'(s') + clip(σ z, -c, c) · scale, low, high), z ~ N(0, 1);
 * - the actor and the three target networks are updated after every
 *   `policyDelay`-th critic update: the actor by ascending Q1(s, μ(s)), the
 *   targets by Polyak averaging θ' ← τ θ + (1 - τ) θ'.
 *
 * The actor outputs tanh(·) · scale + offset with scale = (high - low)/2 and
 * offset = (high + low)/2, so its actions always lie in the action box.
 * With `encoder: lstm` every network reads the last `history` observations
 * through its own LSTM encoder (the "RNN controller"); with `none` they read
 * the window as one flat vector (history 1: the observation alone).
 *
 * Every random draw (initial weights, smoothing noise) comes from the Prng
 * handed in; `state()` and `load()` carry weights and optimiser moments, so a
 * resumed run continues bit for bit on the same backend.
 */
import * as tf from "@tensorflow/tfjs"
import type { Schema } from "effect"
import type { Prng } from "../prng.js"
import { choice, integer, number } from "../parameters.js"
import { type Adam, type AdamState, adam } from "./adam.js"
import type { Box } from "./environment.js"
import { type Network, chain, disposeNetwork, encodeThenConcat, lstmEncoder, mlp, readWeights, writeWeights } from "./networks.js"
import type { TransitionBatch } from "./replay-buffer.js"
import { decodeFloat32, encodeArray } from "./snapshot.js"

// Hyperparameters: the paper's, as in CleanRL (the defaults of the `agent` config section).
export const td3Fields = {
  hiddenUnits: integer({ default: 256, min: 1, max: 4096, unit: "units", description: "Width of each hidden layer of the actor and the critics (ReLU)" }),
  hiddenLayers: integer({ default: 2, min: 1, max: 8, unit: "layers", description: "Hidden layers of the actor and the critics" }),
  learningRate: number({ default: 3e-4, above: 0, max: 1, unit: "1", description: "Adam step size of the actor and the critics" }),
  gamma: number({ default: 0.99, min: 0, max: 1, unit: "1", description: "Discount factor γ" }),
  tau: number({ default: 0.005, above: 0, max: 1, unit: "1", description: "Polyak factor τ of the target networks: θ' ← τθ + (1-τ)θ'" }),
  batchSize: integer({ default: 256, min: 1, max: 65536, unit: "transitions", description: "Minibatch drawn from the replay buffer per update" }),
  policyNoise: number({ default: 0.2, min: 0, max: 10, unit: "action half-range", description: "Standard deviation σ of the target policy smoothing noise" }),
  noiseClip: number({ default: 0.5, min: 0, max: 10, unit: "action half-range", description: "The smoothing noise is clipped to ±noiseClip" }),
  policyDelay: integer({ default: 2, min: 1, max: 1000, unit: "updates", description: "Critic updates per actor and target update" }),
  encoder: choice({ values: ["none", "lstm"], default: "none", description: "Observation encoder: none (the history window as one vector) or lstm (an LSTM over the window)" }),
  history: integer({ default: 1, min: 1, max: 256, unit: "observations", description: "Observations the networks see: the current one and history - 1 before it (padded with the episode's first)" }),
  lstmUnits: integer({ default: 64, min: 1, max: 1024, unit: "units", description: "Hidden state size of the LSTM encoder (encoder: lstm)" }),
  explorationNoise: number({ default: 0.1, min: 0, max: 10, unit: "action half-range", description: "Standard deviation of the Gaussian noise added to the actor's actions while training" }),
  warmupSteps: integer({ default: 25_000, min: 0, max: 1e9, unit: "steps", description: "Environment steps with uniformly random actions before learning starts" }),
  bufferSize: integer({ default: 1_000_000, min: 1, max: 1e8, unit: "transitions", description: "Capacity of the replay buffer" }),
}

export type Td3Config = Schema.Schema.Type<Schema.Struct<typeof td3Fields>>


export interface Td3Spec {
  /** Entries of one observation (the networks see `history` of them). */
  readonly observationSize: number
  readonly actionSpace: Box
}

export interface UpdateStats {
  /** MSE(Q1, y) + MSE(Q2, y) before the step. */
  readonly criticLoss: number
  /** -mean Q1(s, μ(s)) before the actor step, or null when the actor was not updated. */
  readonly actorLoss: number | null
  /** Batch means of Q1(s, a) and Q2(s, a). */
  readonly q1: number
  readonly q2: number
}

export interface Td3State {
  readonly updates: number
  /** Parameters of each network, base64 float32, in variable order. */
  readonly networks: Readonly<Record<NetworkName, ReadonlyArray<string>>>
  readonly optimisers: { readonly actor: AdamState; readonly critic: AdamState }
}

export const networkNames = ["actor", "critic1", "critic2", "targetActor", "targetCritic1", "targetCritic2"] as const
export type NetworkName = (typeof networkNames)[number]

export interface Td3Agent {
  readonly networks: Readonly<Record<NetworkName, Network>>
  /** Critic updates so far. */
  readonly updates: () => number
  /** μ(s) for `count` observation windows laid out row by row: `count` actions inside the action box. */
  readonly act: (observations: Float32Array, count: number) => Float32Array
  /** The critics' regression targets y for a batch, given the standard normal draws z of the smoothing noise. */
  readonly targets: (batch: TransitionBatch, standardNormals: Float32Array) => Float32Array
  /** One TD3 update on a batch; draws the smoothing noise from the Prng. */
  readonly update: (batch: TransitionBatch) => UpdateStats
  readonly state: () => Td3State
  readonly load: (state: Td3State) => void
  readonly dispose: () => void
}

/** Observation window → pre-activation actions; with an LSTM the window is encoded first. */
const actorNetwork = (config: Td3Config, spec: Td3Spec, prng: Prng): Network => {
  const hidden = Array.from({ length: config.hiddenLayers }, () => config.hiddenUnits)
  const actionSize = spec.actionSpace.low.length
  if (config.encoder === "none") return mlp({ inputs: spec.observationSize * config.history, hidden, outputs: actionSize }, prng)
  const encoder = lstmEncoder({ inputs: spec.observationSize, steps: config.history, units: config.lstmUnits }, prng)
  return chain(encoder, mlp({ inputs: config.lstmUnits, hidden, outputs: actionSize }, prng))
}

/** [observation window, action] → Q. */
const criticNetwork = (config: Td3Config, spec: Td3Spec, prng: Prng): Network => {
  const hidden = Array.from({ length: config.hiddenLayers }, () => config.hiddenUnits)
  const actionSize = spec.actionSpace.low.length
  if (config.encoder === "none") return mlp({ inputs: spec.observationSize * config.history + actionSize, hidden, outputs: 1 }, prng)
  const encoder = lstmEncoder({ inputs: spec.observationSize, steps: config.history, units: config.lstmUnits }, prng)
  return encodeThenConcat(encoder, actionSize, mlp({ inputs: config.lstmUnits + actionSize, hidden, outputs: 1 }, prng))
}

/** target ← τ · source + (1 - τ) · target, parameter by parameter. */
export const polyakUpdate = (target: Network, source: Network, tau: number): void =>
  tf.tidy(() => target.variables.forEach((t, i) => t.assign(tf.add(tf.mul(source.variables[i]!, tau), tf.mul(t, 1 - tau)))))

const copyWeights = (target: Network, source: Network): void => target.variables.forEach((t, i) => t.assign(source.variables[i]!))

const checkSpec = (spec: Td3Spec) => {
  if (!Number.isSafeInteger(spec.observationSize) || spec.observationSize < 1) {
    throw new RangeError(`td3: observationSize must be an integer >= 1, got ${spec.observationSize}`)
  }
  const { low, high } = spec.actionSpace
  if (low.length === 0) throw new RangeError("td3: the action space has no dimensions")
  for (let j = 0; j < low.length; j++) {
    if (!Number.isFinite(low[j]!) || !Number.isFinite(high[j]!) || !(high[j]! > low[j]!)) {
      throw new RangeError(`td3: action bounds must be finite with low < high, got [${low[j]}, ${high[j]}] for action ${j}`)
    }
  }
}

export const td3 = (config: Td3Config, spec: Td3Spec, prng: Prng): Td3Agent => {
  checkSpec(spec)
  const observationColumns = spec.observationSize * config.history
  const actionSize = spec.actionSpace.low.length
  const { low, high } = spec.actionSpace
  const scaleValues = Float32Array.from(low, (l, j) => (high[j]! - l) / 2)
  const offsetValues = Float32Array.from(low, (l, j) => (high[j]! + l) / 2)
  const scale = tf.tensor2d(scaleValues, [1, actionSize])
  const offset = tf.tensor2d(offsetValues, [1, actionSize])
  const lowTensor = tf.tensor2d(Float32Array.from(low), [1, actionSize])
  const highTensor = tf.tensor2d(Float32Array.from(high), [1, actionSize])

  // Networks: the targets start as copies of their online networks.
  const actor = actorNetwork(config, spec, prng)
  const critic1 = criticNetwork(config, spec, prng)
  const critic2 = criticNetwork(config, spec, prng)
  const targetActor = actorNetwork(config, spec, prng)
  const targetCritic1 = criticNetwork(config, spec, prng)
  const targetCritic2 = criticNetwork(config, spec, prng)
  copyWeights(targetActor, actor)
  copyWeights(targetCritic1, critic1)
  copyWeights(targetCritic2, critic2)
  const networks: Record<NetworkName, Network> = { actor, critic1, critic2, targetActor, targetCritic1, targetCritic2 }

  // One optimiser for the actor, one for both critics (their losses are summed).
  const criticVariables = [...critic1.variables, ...critic2.variables]
  const actorOptimiser: Adam = adam(actor.variables, { learningRate: config.learningRate })
  const criticOptimiser: Adam = adam(criticVariables, { learningRate: config.learningRate })
  let updates = 0

  /** The deterministic policy μ(s) = tanh(actor(s)) · scale + offset. */
  const policy = (network: Network, observations: tf.Tensor2D): tf.Tensor2D => tf.add(tf.mul(tf.tanh(network.apply(observations)), scale), offset)

  const batchTensors = (batch: TransitionBatch) => ({
    observations: tf.tensor2d(batch.observations, [batch.size, observationColumns]),
    actions: tf.tensor2d(batch.actions, [batch.size, actionSize]),
    rewards: tf.tensor2d(batch.rewards, [batch.size, 1]),
    nextObservations: tf.tensor2d(batch.nextObservations, [batch.size, observationColumns]),
    terminated: tf.tensor2d(batch.terminated, [batch.size, 1]),
  })

  /** y = r + γ (1 - terminated) min(Q1'(s', ã), Q2'(s', ã)), ã the smoothed target action. */
  const targetValues = (b: ReturnType<typeof batchTensors>, standardNormals: tf.Tensor2D): tf.Tensor2D => {
    const noise: tf.Tensor2D = tf.mul(tf.clipByValue(tf.mul(standardNormals, config.policyNoise), -config.noiseClip, config.noiseClip), scale)
    const smoothed: tf.Tensor2D = tf.minimum(tf.maximum(tf.add(policy(targetActor, b.nextObservations), noise), lowTensor), highTensor)
    const next = tf.concat([b.nextObservations, smoothed], 1)
    const nextQ = tf.minimum(targetCritic1.apply(next), targetCritic2.apply(next))
    return tf.add(b.rewards, tf.mul(tf.mul(tf.sub(1, b.terminated), config.gamma), nextQ))
  }

  const standardNormals = (count: number): Float32Array => {
    const z = new Float32Array(count * actionSize)
    for (let i = 0; i < z.length; i++) z[i] = prng.normal()
    return z
  }

  const update = (batch: TransitionBatch): UpdateStats => {
    const z = standardNormals(batch.size)
    updates += 1
    const delayed = updates % config.policyDelay === 0
    // Batch means of Q1 and Q2 are computed inside the gradient scope; kept, read once, then disposed.
    const kept: tf.Tensor[] = []
    const read = tf.tidy(() => {
      const b = batchTensors(batch)
      const y = targetValues(b, tf.tensor2d(z, [batch.size, actionSize]))
      const input = tf.concat([b.observations, b.actions], 1)

      // Critics: regress both on the same target.
      const critic = tf.variableGrads(() => {
        const q1 = critic1.apply(input)
        const q2 = critic2.apply(input)
        kept.push(tf.keep(tf.mean(q1)), tf.keep(tf.mean(q2)))
        return tf.add(tf.losses.meanSquaredError(y, q1), tf.losses.meanSquaredError(y, q2)) as tf.Scalar
      }, criticVariables)
      criticOptimiser.apply(criticVariables.map((v) => critic.grads[v.name]!))

      // Delayed: the actor ascends Q1(s, μ(s)) (Q1 frozen: no gradient for its weights), then every target moves toward its network.
      let actorLoss: tf.Scalar = tf.scalar(Number.NaN)
      if (delayed) {
        const policyStep = tf.variableGrads(
          () => tf.neg(tf.mean(critic1.apply(tf.concat([b.observations, policy(actor, b.observations)], 1), true))) as tf.Scalar,
          [...actor.variables],
        )
        actorOptimiser.apply(actor.variables.map((v) => policyStep.grads[v.name]!))
        actorLoss = policyStep.value
        polyakUpdate(targetActor, actor, config.tau)
        polyakUpdate(targetCritic1, critic1, config.tau)
        polyakUpdate(targetCritic2, critic2, config.tau)
      }
      return tf.stack([critic.value, actorLoss, ...kept])
    })
    const [criticLoss, actorLoss, q1, q2] = read.dataSync()
    read.dispose()
    kept.forEach((t) => t.dispose())
    return { criticLoss: criticLoss!, actorLoss: delayed ? actorLoss! : null, q1: q1!, q2: q2! }
  }

  return {
    networks,
    updates: () => updates,
    act: (observations, count) => {
      if (observations.length !== count * observationColumns) {
        throw new RangeError(`td3: expected ${count} × ${observationColumns} observation entries, got ${observations.length}`)
      }
      const actions = tf.tidy(() => policy(actor, tf.tensor2d(observations, [count, observationColumns])))
      const values = actions.dataSync() as Float32Array
      actions.dispose()
      return values
    },
    targets: (batch, z) => {
      const y = tf.tidy(() => targetValues(batchTensors(batch), tf.tensor2d(z, [batch.size, actionSize])))
      const values = y.dataSync() as Float32Array
      y.dispose()
      return values
    },
    update,
    state: () => ({
      updates,
      networks: Object.fromEntries(networkNames.map((name) => [name, readWeights(networks[name]).map(encodeArray)])) as Record<NetworkName, string[]>,
      optimisers: { actor: actorOptimiser.state(), critic: criticOptimiser.state() },
    }),
    load: (state) => {
      for (const name of networkNames) {
        const saved = state.networks[name]
        if (saved === undefined) throw new RangeError(`td3: the state has no weights for the ${name} network`)
        writeWeights(networks[name], saved.map((text, i) => decodeFloat32(text, `${name} parameter ${i}`)))
      }
      actorOptimiser.load(state.optimisers.actor)
      criticOptimiser.load(state.optimisers.critic)
      updates = state.updates
    },
    dispose: () => {
      networkNames.forEach((name) => disposeNetwork(networks[name]))
      actorOptimiser.dispose()
      criticOptimiser.dispose()
      ;[scale, offset, lowTensor, highTensor].forEach((t) => t.dispose())
    },
  }
}
