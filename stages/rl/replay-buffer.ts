/**
 * The replay buffer of an off-policy agent: a ring of the last `capacity`
 * transitions (observation, action, reward, next observation, terminated) in
 * float32 typed arrays, sampled uniformly with replacement from a `Prng`.
 * Its state is plain JSON (base64 arrays), so a checkpoint holds it exactly.
 */
import type { Prng } from "../prng.js"
import { decodeFloat32, decodeUint8, encodeArray, expectLength } from "./snapshot.js"

export interface ReplayBufferShape {
  readonly capacity: number
  readonly observationSize: number
  readonly actionSize: number
}

/** A minibatch, row-major: `observations[i * observationSize + j]`. */
export interface TransitionBatch {
  readonly size: number
  readonly observations: Float32Array
  readonly actions: Float32Array
  readonly rewards: Float32Array
  readonly nextObservations: Float32Array
  /** 1 where the transition ended the episode in a terminal state (no bootstrapping), else 0. */
  readonly terminated: Float32Array
}

export interface ReplayBufferState extends ReplayBufferShape {
  /** Where the next transition goes. */
  readonly next: number
  readonly size: number
  /** The first `size` rows of each array, base64. */
  readonly observations: string
  readonly actions: string
  readonly rewards: string
  readonly nextObservations: string
  readonly terminated: string
}

const checkShape = (shape: ReplayBufferShape) => {
  for (const [key, value] of [["capacity", shape.capacity], ["observationSize", shape.observationSize], ["actionSize", shape.actionSize]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`replay buffer: ${key} must be an integer >= 1, got ${value}`)
  }
}

export class ReplayBuffer {
  readonly shape: ReplayBufferShape
  private readonly observations: Float32Array
  private readonly actions: Float32Array
  private readonly rewards: Float32Array
  private readonly nextObservations: Float32Array
  private readonly terminated: Uint8Array
  private next = 0
  private filled = 0

  constructor(shape: ReplayBufferShape) {
    checkShape(shape)
    this.shape = { capacity: shape.capacity, observationSize: shape.observationSize, actionSize: shape.actionSize }
    this.observations = new Float32Array(shape.capacity * shape.observationSize)
    this.actions = new Float32Array(shape.capacity * shape.actionSize)
    this.rewards = new Float32Array(shape.capacity)
    this.nextObservations = new Float32Array(shape.capacity * shape.observationSize)
    this.terminated = new Uint8Array(shape.capacity)
  }

  /** Transitions held: min(added, capacity). */
  get size(): number {
    return this.filled
  }

  add(observation: ArrayLike<number>, action: ArrayLike<number>, reward: number, nextObservation: ArrayLike<number>, terminated: boolean): void {
    const { observationSize, actionSize, capacity } = this.shape
    if (observation.length !== observationSize || nextObservation.length !== observationSize) {
      throw new RangeError(`replay buffer: observations must have ${observationSize} entries, got ${observation.length} and ${nextObservation.length}`)
    }
    if (action.length !== actionSize) throw new RangeError(`replay buffer: actions must have ${actionSize} entries, got ${action.length}`)
    const row = this.next
    this.observations.set(observation, row * observationSize)
    this.actions.set(action, row * actionSize)
    this.rewards[row] = reward
    this.nextObservations.set(nextObservation, row * observationSize)
    this.terminated[row] = terminated ? 1 : 0
    this.next = (row + 1) % capacity
    this.filled = Math.min(this.filled + 1, capacity)
  }

  /** `count` row indices drawn uniformly from [0, size), with replacement. */
  sampleIndices(prng: Prng, count: number): Int32Array {
    if (this.filled === 0) throw new RangeError("replay buffer: cannot sample from an empty buffer")
    const indices = new Int32Array(count)
    for (let i = 0; i < count; i++) indices[i] = prng.int(0, this.filled - 1)
    return indices
  }

  /** The transitions at these rows. */
  gather(indices: Int32Array): TransitionBatch {
    const { observationSize: o, actionSize: a } = this.shape
    const n = indices.length
    const batch = {
      size: n,
      observations: new Float32Array(n * o),
      actions: new Float32Array(n * a),
      rewards: new Float32Array(n),
      nextObservations: new Float32Array(n * o),
      terminated: new Float32Array(n),
    }
    for (let i = 0; i < n; i++) {
      const row = indices[i]!
      if (!(row >= 0 && row < this.filled)) throw new RangeError(`replay buffer: row ${row} is outside [0, ${this.filled})`)
      batch.observations.set(this.observations.subarray(row * o, (row + 1) * o), i * o)
      batch.actions.set(this.actions.subarray(row * a, (row + 1) * a), i * a)
      batch.rewards[i] = this.rewards[row]!
      batch.nextObservations.set(this.nextObservations.subarray(row * o, (row + 1) * o), i * o)
      batch.terminated[i] = this.terminated[row]!
    }
    return batch
  }

  sample(prng: Prng, count: number): TransitionBatch {
    return this.gather(this.sampleIndices(prng, count))
  }

  state(): ReplayBufferState {
    const { observationSize: o, actionSize: a } = this.shape
    const n = this.filled
    return {
      ...this.shape,
      next: this.next,
      size: n,
      observations: encodeArray(this.observations.subarray(0, n * o)),
      actions: encodeArray(this.actions.subarray(0, n * a)),
      rewards: encodeArray(this.rewards.subarray(0, n)),
      nextObservations: encodeArray(this.nextObservations.subarray(0, n * o)),
      terminated: encodeArray(this.terminated.subarray(0, n)),
    }
  }

  static fromState(state: ReplayBufferState): ReplayBuffer {
    const buffer = new ReplayBuffer(state)
    const { capacity, observationSize: o, actionSize: a } = buffer.shape
    const n = state.size
    if (!Number.isSafeInteger(n) || n < 0 || n > capacity) throw new RangeError(`replay buffer state: size ${n} is outside [0, ${capacity}]`)
    if (!Number.isSafeInteger(state.next) || state.next < 0 || state.next >= capacity || (n < capacity && state.next !== n)) {
      throw new RangeError(`replay buffer state: next ${state.next} does not fit size ${n} and capacity ${capacity}`)
    }
    buffer.observations.set(expectLength(decodeFloat32(state.observations), n * o, "replay buffer observations"))
    buffer.actions.set(expectLength(decodeFloat32(state.actions), n * a, "replay buffer actions"))
    buffer.rewards.set(expectLength(decodeFloat32(state.rewards), n, "replay buffer rewards"))
    buffer.nextObservations.set(expectLength(decodeFloat32(state.nextObservations), n * o, "replay buffer next observations"))
    buffer.terminated.set(expectLength(decodeUint8(state.terminated), n, "replay buffer terminated flags"))
    buffer.next = state.next
    buffer.filled = n
    return buffer
  }
}
