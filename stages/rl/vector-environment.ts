/**
 * A batch of environments stepped together, with autoreset (Gymnasium's
 * "same-step" mode): when a step ends an episode, the environment is reset at
 * once and the step reports both the observation that ended the episode
 * (`observation`, what the agent learns from) and the first observation of
 * the next one (`nextObservation`, what it acts on next).
 *
 * Episodes are seeded from the `Prng` handed in, with seeds below
 * `heldOutSeedBase`; evaluation uses seeds from `heldOutSeedBase` on, so
 * training and evaluation episodes never share a seed.
 */
import type { Prng } from "../prng.js"
import type { FieldSnapshot } from "../simulation/frame.js"
import { type Box, type Environment, type StepResult } from "./environment.js"

/** Training episodes draw seeds in [0, heldOutSeedBase); held-out (evaluation) seeds are heldOutSeedBase + i. */
export const heldOutSeedBase = 2 ** 30

export const heldOutSeed = (index: number): number => {
  if (!Number.isSafeInteger(index) || index < 0 || index >= heldOutSeedBase) {
    throw new RangeError(`held-out seed index must be an integer in [0, ${heldOutSeedBase}), got ${index}`)
  }
  return heldOutSeedBase + index
}

/** One environment's step, with its place in the episode. */
export interface TransitionStep extends StepResult {
  /** What the agent observes next: `observation`, or the next episode's first observation after an autoreset. */
  readonly nextObservation: Float64Array
  /** The episode this step belongs to, counted per environment from 0. */
  readonly episode: number
  /** Index of this step within its episode, from 0. */
  readonly episodeStep: number
  /** The episode's undiscounted return when this step ended it, else null. */
  readonly episodeReturn: number | null
}

export interface VectorEnvironment {
  readonly name: string
  readonly size: number
  readonly observationSpace: Box
  readonly actionSpace: Box
  readonly observationNames: ReadonlyArray<string>
  readonly actionNames: ReadonlyArray<string>
  /** The observation each environment is in now (after `reset` or a step). */
  readonly observations: () => ReadonlyArray<Float64Array>
  /** Starts a new episode in every environment. */
  readonly reset: () => ReadonlyArray<Float64Array>
  /** One action per environment; environments whose episode ends are reset. */
  readonly step: (actions: ReadonlyArray<Float64Array>) => ReadonlyArray<TransitionStep>
  /** Environment `index`'s render (environment.ts), or null when it has none. */
  readonly render: (index: number) => FieldSnapshot | null
  readonly state: () => VectorEnvironmentState
  readonly load: (state: VectorEnvironmentState) => void
  readonly dispose: () => void
}

export interface VectorEnvironmentState {
  readonly environments: ReadonlyArray<unknown>
  readonly observations: ReadonlyArray<ReadonlyArray<number>>
  readonly episodes: ReadonlyArray<number>
  readonly episodeSteps: ReadonlyArray<number>
  readonly episodeReturns: ReadonlyArray<number>
}

const sameBox = (a: Box, b: Box) => a.low.length === b.low.length && a.low.every((x, i) => x === b.low[i] && a.high[i] === b.high[i])

/** Steps the environments one after another in this process (Gymnasium's SyncVectorEnv). */
export const vectorEnvironment = (environments: ReadonlyArray<Environment>, prng: Prng): VectorEnvironment => {
  const first = environments[0]
  if (first === undefined) throw new RangeError("vectorEnvironment: needs at least one environment, got none")
  environments.forEach((env, i) => {
    if (!sameBox(env.observationSpace, first.observationSpace) || !sameBox(env.actionSpace, first.actionSpace)) {
      throw new RangeError(`vectorEnvironment: environment ${i} (${env.name}) has other spaces than environment 0 (${first.name})`)
    }
  })
  const n = environments.length
  let observations: Float64Array[] = []
  const episodes = new Array<number>(n).fill(-1)
  const episodeSteps = new Array<number>(n).fill(0)
  const episodeReturns = new Array<number>(n).fill(0)

  const startEpisode = (i: number): Float64Array => {
    const { observation } = environments[i]!.reset(prng.int(0, heldOutSeedBase - 1))
    episodes[i] = episodes[i]! + 1
    episodeSteps[i] = 0
    episodeReturns[i] = 0
    return observation
  }

  return {
    name: first.name,
    size: n,
    observationSpace: first.observationSpace,
    actionSpace: first.actionSpace,
    observationNames: first.observationNames,
    actionNames: first.actionNames,
    observations: () => observations,
    reset: () => {
      observations = environments.map((_, i) => startEpisode(i))
      return observations
    },
    step: (actions) => {
      if (observations.length !== n) throw new Error("vectorEnvironment: step called before reset")
      if (actions.length !== n) throw new RangeError(`vectorEnvironment: expected ${n} actions, got ${actions.length}`)
      const steps = environments.map((env, i): TransitionStep => {
        const result = env.step(actions[i]!)
        const episode = episodes[i]!
        const episodeStep = episodeSteps[i]!
        episodeReturns[i] = episodeReturns[i]! + result.reward
        episodeSteps[i] = episodeStep + 1
        const ended = result.terminated || result.truncated
        const episodeReturn = ended ? episodeReturns[i]! : null
        const nextObservation = ended ? startEpisode(i) : result.observation
        return { ...result, nextObservation, episode, episodeStep, episodeReturn }
      })
      observations = steps.map((s) => s.nextObservation)
      return steps
    },
    render: (index) => environments[index]?.render?.() ?? null,
    state: () => ({
      environments: environments.map((env) => env.state()),
      observations: observations.map((o) => Array.from(o)),
      episodes: [...episodes],
      episodeSteps: [...episodeSteps],
      episodeReturns: [...episodeReturns],
    }),
    load: (state) => {
      const lengths = [state.environments, state.observations, state.episodes, state.episodeSteps, state.episodeReturns].map((a) => a.length)
      if (lengths.some((length) => length !== n)) throw new RangeError(`vectorEnvironment: the state holds ${lengths.join("/")} entries for ${n} environments`)
      environments.forEach((env, i) => env.load(state.environments[i]))
      observations = state.observations.map((o) => Float64Array.from(o))
      state.episodes.forEach((e, i) => (episodes[i] = e))
      state.episodeSteps.forEach((s, i) => (episodeSteps[i] = s))
      state.episodeReturns.forEach((r, i) => (episodeReturns[i] = r))
    },
    dispose: () => environments.forEach((env) => env.dispose()),
  }
}
