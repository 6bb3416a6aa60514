/**
 * Policies to evaluate, and one evaluation episode: a trained agent's
 * deterministic policy μ(s), a uniformly random one, one that holds a fixed
 * action, and the best fixed action of a grid over the action box, chosen on
 * seeds other than those it is evaluated on.
 */
import type { Prng } from "../prng.js"
import { type Box, type Environment, contains } from "./environment.js"
import { observationHistory } from "./history.js"
import type { Td3Agent } from "./td3.js"

export interface Policy {
  readonly name: string
  /** The action for an observation window (the last `history` observations, oldest first). */
  readonly act: (window: Float32Array) => Float64Array
}

/** The agent's deterministic policy, without exploration noise. */
export const trainedPolicy = (agent: Td3Agent): Policy => ({ name: "trained", act: (window) => Float64Array.from(agent.act(window, 1)) })

/** Uniform over the action box, from the Prng. */
export const randomPolicy = (space: Box, prng: Prng): Policy => ({
  name: "random",
  act: () => Float64Array.from(space.low, (low, j) => prng.between(low, space.high[j]!)),
})

/** The same action at every step. */
export const fixedPolicy = (space: Box, action: ArrayLike<number>, name = "fixed"): Policy => {
  if (!contains(space, action)) throw new RangeError(`fixedPolicy: the action [${Array.from(action).join(", ")}] is outside the action box`)
  const fixed = Float64Array.from(action)
  return { name, act: () => Float64Array.from(fixed) }
}

export interface EpisodeResult {
  readonly return: number
  readonly length: number
  readonly terminated: boolean
  readonly reason: string | null
  /** Per-step means of the reward components and of the metrics. */
  readonly components: Readonly<Record<string, number>>
  readonly metrics: Readonly<Record<string, number>>
}

const addInto = (sums: Record<string, number>, values: Readonly<Record<string, number>> | undefined) => {
  for (const [name, value] of Object.entries(values ?? {})) sums[name] = (sums[name] ?? 0) + value
}

const divide = (sums: Record<string, number>, count: number) => Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / count]))

/** Runs one episode of `policy` from `seed` until the environment ends it; at most `maxSteps` steps. */
export const runEpisode = (environment: Environment, policy: Policy, options: { readonly seed: number; readonly history: number; readonly maxSteps?: number }): EpisodeResult => {
  const maxSteps = options.maxSteps ?? 1_000_000
  const history = observationHistory(1, environment.observationSpace.low.length, options.history)
  history.start(0, environment.reset(options.seed).observation)
  const components: Record<string, number> = {}
  const metrics: Record<string, number> = {}
  let total = 0
  for (let length = 1; length <= maxSteps; length++) {
    const step = environment.step(policy.act(history.window(0)))
    total += step.reward
    addInto(components, step.info.components)
    addInto(metrics, step.info.metrics)
    history.push(0, step.observation)
    if (step.terminated || step.truncated) {
      return { return: total, length, terminated: step.terminated, reason: step.info.reason ?? null, components: divide(components, length), metrics: divide(metrics, length) }
    }
  }
  throw new RangeError(`runEpisode: ${environment.name} did not end its episode within ${maxSteps} steps`)
}

/** Every point of the grid with `points` values per dimension of the box, its ends included (first dimension slowest). */
export const actionGrid = (space: Box, points: number): Float64Array[] => {
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`actionGrid: points must be an integer >= 2, got ${points}`)
  const values = Array.from(space.low, (low, j) => Array.from({ length: points }, (_, i) => low + ((space.high[j]! - low) * i) / (points - 1)))
  return values.reduce<Float64Array[]>(
    (grid, axis) => grid.flatMap((prefix) => axis.map((value) => Float64Array.from([...prefix, value]))),
    [new Float64Array(0)],
  )
}

export interface BestFixed {
  readonly policy: Policy
  readonly action: Float64Array
  /** Its mean return over the tuning seeds. */
  readonly meanReturn: number
}

/**
 * The fixed-parameter policy a user would pick by trying each candidate
 * action on `seeds` and keeping the one with the largest mean return (the
 * first among equals). Evaluated on other seeds, it is the fair baseline for
 * a learned policy.
 */
export const bestFixedPolicy = (
  environment: Environment,
  candidates: readonly Float64Array[],
  options: { readonly seeds: readonly number[]; readonly history: number },
): BestFixed => {
  if (candidates.length === 0 || options.seeds.length === 0) throw new RangeError("bestFixedPolicy: needs at least one candidate action and one seed")
  let best: { action: Float64Array; meanReturn: number } | null = null
  for (const action of candidates) {
    const policy = fixedPolicy(environment.actionSpace, action)
    const meanReturn = options.seeds.reduce((sum, seed) => sum + runEpisode(environment, policy, { seed, history: options.history }).return, 0) / options.seeds.length
    if (best === null || meanReturn > best.meanReturn) best = { action, meanReturn }
  }
  return { ...best!, policy: fixedPolicy(environment.actionSpace, best!.action, "best-fixed") }
}
