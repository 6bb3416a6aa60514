/**
 * The `evolveCondensate` source: integrates the condensate in the clock χ and
 * emits a record every `stepsPerRecord` steps, `cycles` records in all, each
 * with the cosmological observables, the per-spin ρ_j, E_j and Q_j, and the
 * bounces and recollapses found in its steps.
 */
import { Effect, Stream } from "effect"
import { StageError, errorMessage } from "../stage.js"
import { type CondensateConfig, condensateFromConfig } from "./config.js"
import { type VolumeEvent, crossing, refineEvent } from "./events.js"
import { step } from "./integrator.js"
import type { CondensateModel } from "./model.js"
import { type Observables, observe, volume, volumeRate } from "./observables.js"
import { type PhaseSpace, amplitudeSquared, charge, checkPhaseSpace, clonePhaseSpace, energy } from "./phase-space.js"

export interface CondensateRecord {
  /** Record index, from 0. */
  readonly cycle: number
  /** Integrator steps since χ = chiStart. */
  readonly step: number
  /** The clock: chiStart + step · h. */
  readonly chi: number
  readonly observables: Observables
  /** ρ_j, E_j and Q_j per spin, in the config's order. */
  readonly rho: Float64Array
  readonly energies: Float64Array
  readonly charges: Float64Array
  /** Bounces and recollapses within this record's steps. */
  readonly events: readonly VolumeEvent[]
  /** The phase space at `chi` (a copy), for checkpoints. */
  readonly state: PhaseSpace
}

/** Where a resumed run continues: the state after record `cycle`, `step` steps from chiStart. */
export interface CondensateStart {
  readonly cycle: number
  readonly step: number
  readonly state: PhaseSpace
}

export interface EvolveCondensateOptions {
  /** Records in the whole run: cycles 0 .. cycles-1. */
  readonly cycles: number
  /** Continue after this record instead of starting at chiStart. */
  readonly start?: CondensateStart
}

const fail = (cause: unknown) => new StageError({ stage: "evolveCondensate", message: errorMessage(cause), cause })

const overflow = (chi: number) =>
  new RangeError(`the condensate left the floating-point range at χ = ${chi}: shorten the χ range or lower the masses`)

const isFiniteState = (state: PhaseSpace) => [state.x, state.y, state.px, state.py].every((values) => values.every(Number.isFinite))

const perSpin = (model: CondensateModel, f: (i: number) => number) => Float64Array.from(model.spins, (_, i) => f(i))

export const evolveCondensate = (config: CondensateConfig, options: EvolveCondensateOptions): Stream.Stream<CondensateRecord, StageError> => {
  if (!(Number.isSafeInteger(options.cycles) && options.cycles >= 1)) {
    throw new RangeError(`evolveCondensate: cycles must be an integer >= 1, got ${options.cycles}`)
  }
  const h = config.step
  const first = options.start === undefined ? 0 : options.start.cycle + 1
  return Stream.unwrap(
    Effect.try({
      try: () => {
        const { model, scheme, initial } = condensateFromConfig(config)
        if (options.start !== undefined) checkPhaseSpace(model, options.start.state, "evolveCondensate (start.state)")
        const state = clonePhaseSpace(options.start?.state ?? initial)
        const previous = clonePhaseSpace(state)
        let steps = options.start?.step ?? 0
        let rate = volumeRate(model, state)
        const record = (cycle: number): CondensateRecord => {
          const events: VolumeEvent[] = []
          for (let s = 0; s < config.stepsPerRecord; s++) {
            previous.x.set(state.x)
            previous.y.set(state.y)
            previous.px.set(state.px)
            previous.py.set(state.py)
            step(model, state, h, scheme)
            steps += 1
            if (!isFiniteState(state)) throw overflow(config.chiStart + steps * h)
            const next = volumeRate(model, state)
            const v = volume(model, state)
            if (!Number.isFinite(v) || !Number.isFinite(next)) throw overflow(config.chiStart + steps * h)
            if (crossing(rate, next, v) !== null) events.push(refineEvent(model, previous, config.chiStart + (steps - 1) * h, h, scheme))
            rate = next
          }
          const chi = config.chiStart + steps * h
          const observables = observe(model, state)
          return {
            cycle,
            step: steps,
            chi,
            observables,
            rho: perSpin(model, (i) => Math.sqrt(amplitudeSquared(state, i))),
            energies: perSpin(model, (i) => energy(model, state, i)),
            charges: perSpin(model, (i) => charge(state, i)),
            events,
            state: clonePhaseSpace(state),
          }
        }
        return Stream.mapEffect(Stream.range(first, options.cycles - 1), (cycle) => Effect.try({ try: () => record(cycle), catch: fail }))
      },
      catch: fail,
    }),
  )
}
