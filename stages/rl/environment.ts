/**
 * The environment contract of `stages/rl`, Gymnasium-style: `reset(seed)`,
 * `step(action)` → observation, reward, terminated, truncated, info, with Box
 * spaces. Agents see only this interface, so a user's own environment plugs
 * in by implementing it.
 */
import type { FieldSnapshot } from "../simulation/frame.js"

/** A box in R^n: elementwise bounds, each finite (actions) or ±Infinity (observations). */
export interface Box {
  readonly low: Float64Array
  readonly high: Float64Array
}

export const box = (low: ArrayLike<number>, high: ArrayLike<number>): Box => {
  if (low.length !== high.length) throw new RangeError(`box: low has ${low.length} entries but high has ${high.length}`)
  for (let i = 0; i < low.length; i++) {
    if (!(low[i]! <= high[i]!)) throw new RangeError(`box: low[${i}] = ${low[i]} must be ≤ high[${i}] = ${high[i]}`)
  }
  return { low: Float64Array.from(low), high: Float64Array.from(high) }
}

export const boxSize = (space: Box): number => space.low.length

/** Whether every entry of `x` lies inside the box (NaN does not). */
export const contains = (space: Box, x: ArrayLike<number>): boolean => {
  if (x.length !== space.low.length) return false
  for (let i = 0; i < x.length; i++) if (!(x[i]! >= space.low[i]! && x[i]! <= space.high[i]!)) return false
  return true
}

/** Clips `x` into the box (a new array). */
export const clip = (space: Box, x: ArrayLike<number>): Float64Array => {
  const out = new Float64Array(space.low.length)
  for (let i = 0; i < out.length; i++) out[i] = Math.min(space.high[i]!, Math.max(space.low[i]!, x[i]!))
  return out
}

/**
 * What a step reports beside the reward. `components` are the named terms the
 * reward is the sum of; `metrics` anything worth recording per step; `reason`
 * says why an episode ended early (NaN, divergence, …).
 */
export interface StepInfo {
  readonly components?: Readonly<Record<string, number>>
  readonly metrics?: Readonly<Record<string, number>>
  readonly reason?: string
}

export interface StepResult {
  readonly observation: Float64Array
  readonly reward: number
  /** The episode reached a terminal state of the task (or failed: see `info.reason`). */
  readonly terminated: boolean
  /** The episode was cut by a time limit; bootstrapping past it is still valid. */
  readonly truncated: boolean
  readonly info: StepInfo
}

export interface ResetResult {
  readonly observation: Float64Array
  readonly info: StepInfo
}

/**
 * A single environment. `state`/`load` capture everything needed to continue
 * bit-for-bit (the environment's own PRNG included) as plain JSON, so training
 * checkpoints can hold it.
 */
export interface Environment {
  readonly name: string
  readonly observationSpace: Box
  readonly actionSpace: Box
  /** Names of the observation and action entries, in order (for tables and plots). */
  readonly observationNames: ReadonlyArray<string>
  readonly actionNames: ReadonlyArray<string>
  reset(seed: number): ResetResult
  step(action: Float64Array): StepResult
  state(): unknown
  load(state: unknown): void
  /**
   * Gymnasium's render, for environments on a lattice: a copy of the field as
   * it is now, with its plaquette charges; null before the first reset.
   * Optional: environments without a field leave it out.
   */
  render?(): FieldSnapshot | null
  /** Releases what the environment holds (tensors, worker pools). */
  dispose(): void
}
