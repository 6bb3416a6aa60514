/**
 * Policies to evaluate, and one evaluation episode: a trained agent's
 * deterministic policy μ(s), a uniformly random one, and one that holds a
 * fixed action, each run on an environment from a given seed.
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
export const fixedPolicy = (space: Box, action: ArrayLike<number>): Policy => {
  if (!contains(space, action)) throw new RangeError(`fixedPolicy: the action [${Array.from(action).join(", ")}] is outside the action box`)
  const fixed = Float64Array.from(action)
  return { name: "fixed", act: () => Float64Array.from(fixed) }
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
