/**
 * The observation windows an agent acts on: for each environment of a batch
 * the last `length` observations, oldest first, as one float32 row. A new
 * episode fills its window with its first observation, so the window always
 * holds observations of one episode only.
 */
import { decodeFloat32, encodeArray, expectLength } from "./snapshot.js"

export interface ObservationHistory {
  /** Entries of one window: length × observation size. */
  readonly columns: number
  /** Starts environment i's window at the first observation of an episode. */
  readonly start: (i: number, observation: ArrayLike<number>) => void
  /** The window of environment i if `observation` came next (a copy; the history is unchanged). */
  readonly following: (i: number, observation: ArrayLike<number>) => Float32Array
  /** Appends `observation` to environment i's window, dropping the oldest. */
  readonly push: (i: number, observation: ArrayLike<number>) => void
  /** Environment i's window (a copy). */
  readonly window: (i: number) => Float32Array
  /** Every window, row by row (a copy): the batch an agent acts on. */
  readonly windows: () => Float32Array
  readonly state: () => string
  readonly load: (state: string) => void
}

export const observationHistory = (environments: number, observationSize: number, length: number): ObservationHistory => {
  for (const [label, value] of [["environments", environments], ["observationSize", observationSize], ["length", length]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`observationHistory: ${label} must be an integer >= 1, got ${value}`)
  }
  const columns = observationSize * length
  const data = new Float32Array(environments * columns)
  const row = (i: number) => {
    if (!Number.isSafeInteger(i) || i < 0 || i >= environments) throw new RangeError(`observationHistory: environment ${i} is outside [0, ${environments})`)
    return data.subarray(i * columns, (i + 1) * columns)
  }
  const checked = (observation: ArrayLike<number>) => {
    if (observation.length !== observationSize) throw new RangeError(`observationHistory: expected ${observationSize} entries, got ${observation.length}`)
    return observation
  }
  const following = (i: number, observation: ArrayLike<number>) => {
    const next = new Float32Array(columns)
    next.set(row(i).subarray(observationSize))
    next.set(checked(observation), columns - observationSize)
    return next
  }
  return {
    columns,
    start: (i, observation) => {
      const window = row(i)
      for (let t = 0; t < length; t++) window.set(checked(observation), t * observationSize)
    },
    following,
    push: (i, observation) => row(i).set(following(i, observation)),
    window: (i) => Float32Array.from(row(i)),
    windows: () => Float32Array.from(data),
    state: () => encodeArray(data),
    load: (state) => data.set(expectLength(decodeFloat32(state, "observation history"), data.length, "observation history")),
  }
}
