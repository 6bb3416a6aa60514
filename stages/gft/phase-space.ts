/**
 * The condensate's phase space and its conserved quantities.
 *
 * Each mode is integrated in Cartesian form, σ_j = x_j + i y_j with momentum
 * σ_j' = p_j = px_j + i py_j (' = d/dχ): the polar equations of
 * docs/theory/gft.md are this planar motion written in ρ = |σ| and θ = arg σ.
 * Q_j = ρ_j² θ_j' = x py - y px is its angular momentum, and
 * E_j = |p_j|² - m_j² ρ_j² + (2λ_j/n) ρ_j^n twice its energy.
 */
import type { CondensateModel } from "./model.js"

export interface PhaseSpace {
  readonly x: Float64Array
  readonly y: Float64Array
  readonly px: Float64Array
  readonly py: Float64Array
}

/** A mode in polar form: ρ > 0, its rate ρ' and the charge Q = ρ² θ'. */
export interface PolarData {
  readonly rho: number
  readonly rhoRate: number
  readonly charge: number
}

/** The phase space with each mode at θ = 0: σ = ρ, σ' = ρ' + i Q/ρ. */
export const phaseSpaceFromPolar = (modes: readonly PolarData[]): PhaseSpace => {
  modes.forEach((mode, i) => {
    if (!(Number.isFinite(mode.rho) && mode.rho > 0)) throw new RangeError(`phaseSpaceFromPolar: modes[${i}].rho must be a finite number > 0, got ${mode.rho}`)
    if (!Number.isFinite(mode.rhoRate)) throw new RangeError(`phaseSpaceFromPolar: modes[${i}].rhoRate must be a finite number, got ${mode.rhoRate}`)
    if (!Number.isFinite(mode.charge)) throw new RangeError(`phaseSpaceFromPolar: modes[${i}].charge must be a finite number, got ${mode.charge}`)
  })
  return {
    x: Float64Array.from(modes, (mode) => mode.rho),
    y: new Float64Array(modes.length),
    px: Float64Array.from(modes, (mode) => mode.rhoRate),
    py: Float64Array.from(modes, (mode) => mode.charge / mode.rho),
  }
}

export const clonePhaseSpace = (state: PhaseSpace): PhaseSpace => ({
  x: state.x.slice(),
  y: state.y.slice(),
  px: state.px.slice(),
  py: state.py.slice(),
})

/** Throws unless the state has one finite entry per spin of the model. */
export const checkPhaseSpace = (model: CondensateModel, state: PhaseSpace, caller: string): void => {
  const n = model.spins.length
  for (const key of ["x", "y", "px", "py"] as const) {
    const values = state[key]
    if (values.length !== n) throw new RangeError(`${caller}: state.${key} must have one entry per spin (${n}), got ${values.length}`)
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(values[i]!)) throw new RangeError(`${caller}: state.${key}[${i}] must be finite, got ${values[i]}`)
    }
  }
}

const checkIndex = (count: number, i: number, caller: string) => {
  if (!(Number.isInteger(i) && i >= 0 && i < count)) throw new RangeError(`${caller}: i must be a spin index in 0..${count - 1}, got ${i}`)
}

/** ρ_j² = |σ_j|². */
export const amplitudeSquared = (state: PhaseSpace, i: number): number => {
  checkIndex(state.x.length, i, "amplitudeSquared")
  return state.x[i]! ** 2 + state.y[i]! ** 2
}

/** ρ_j ρ_j' = Re(σ̄_j σ_j') = ½ (ρ_j²)'. */
export const amplitudeFlux = (state: PhaseSpace, i: number): number => {
  checkIndex(state.x.length, i, "amplitudeFlux")
  return state.x[i]! * state.px[i]! + state.y[i]! * state.py[i]!
}

/** Q_j = ρ_j² θ_j' = Im(σ̄_j σ_j'). */
export const charge = (state: PhaseSpace, i: number): number => {
  checkIndex(state.x.length, i, "charge")
  return state.x[i]! * state.py[i]! - state.y[i]! * state.px[i]!
}

/** (2λ_j/n) ρ_j^n for ρ_j² = `rho2`, the interaction's share of E_j. */
export const interactionEnergy = (model: CondensateModel, rho2: number, i: number): number => {
  checkIndex(model.spins.length, i, "interactionEnergy")
  if (!(Number.isFinite(rho2) && rho2 >= 0)) throw new RangeError(`interactionEnergy: rho2 must be a finite number >= 0, got ${rho2}`)
  const lambda = model.spins[i]!.lambda
  return lambda === 0 ? 0 : ((2 * lambda) / model.power) * rho2 ** (model.power / 2)
}

/** E_j = (ρ_j')² + Q_j²/ρ_j² - m_j² ρ_j² + (2λ_j/n) ρ_j^n = |σ_j'|² - m_j² |σ_j|² + (2λ_j/n) |σ_j|^n. */
export const energy = (model: CondensateModel, state: PhaseSpace, i: number): number => {
  checkIndex(model.spins.length, i, "energy")
  const rho2 = amplitudeSquared(state, i)
  const mass = model.spins[i]!.mass
  return state.px[i]! ** 2 + state.py[i]! ** 2 - mass * mass * rho2 + interactionEnergy(model, rho2, i)
}
