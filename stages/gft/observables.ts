/**
 * Cosmological observables of a condensate state: the volume
 * V = Σ_j V_j ρ_j², its clock derivatives V' and V'', the effective Hubble
 * rate V'/(3V) and the effective Friedmann equation split into its terms
 * (Oriti, Sindoni, Wilson-Ewing 2016; docs/theory/gft.md):
 *
 *   (V'/3V)² = (4/9) Σ_j V_j m_j² ρ_j² / V      classical: 4πG/3 when m_j² = 3πG
 *            + (4/9) Σ_j V_j E_j / V             energy, ∝ 1/V
 *            - (4/9) Σ_j V_j Q_j²/ρ_j² / V       quantum bounce, ∝ 1/V² for one spin
 *            - (4/9) Σ_j V_j (2λ_j/n) ρ_j^n / V  interactions
 *            - (4/9) Σ_j w_j (r_j - r̄)²          dispersion of the spins' rates
 *
 * with w_j = V_j ρ_j²/V, r_j = ρ_j'/ρ_j and r̄ = Σ w_j r_j = V'/(2V). The
 * first four sum to (4/9) Σ_j V_j (ρ_j')²/V; the dispersion, zero for a single
 * spin, closes the identity exactly.
 */
import type { CondensateModel } from "./model.js"
import { type PhaseSpace, amplitudeFlux, amplitudeSquared, charge, checkPhaseSpace, energy, interactionEnergy } from "./phase-space.js"

export interface FriedmannTerms {
  /** (V'/3V)², computed from V and V'. */
  readonly hubbleSquared: number
  readonly classical: number
  readonly energy: number
  readonly quantum: number
  readonly interaction: number
  readonly dispersion: number
}

export interface Observables {
  readonly volume: number
  /** V' = dV/dχ. */
  readonly volumeRate: number
  /** V''/V. */
  readonly acceleration: number
  /** V'/(3V). */
  readonly hubble: number
  readonly friedmann: FriedmannTerms
}

/** V = Σ_j V_j ρ_j². */
export const volume = (model: CondensateModel, state: PhaseSpace): number => {
  checkPhaseSpace(model, state, "volume")
  let v = 0
  for (let i = 0; i < model.volumes.length; i++) v += model.volumes[i]! * amplitudeSquared(state, i)
  return v
}

/** V' = 2 Σ_j V_j ρ_j ρ_j'. */
export const volumeRate = (model: CondensateModel, state: PhaseSpace): number => {
  checkPhaseSpace(model, state, "volumeRate")
  let rate = 0
  for (let i = 0; i < model.volumes.length; i++) rate += 2 * model.volumes[i]! * amplitudeFlux(state, i)
  return rate
}

/** V'' = 2 Σ_j V_j (|σ_j'|² + m_j² ρ_j² - λ_j ρ_j^n), from σ'' = (m² - λρ^{n-2}) σ. */
export const volumeSecondDerivative = (model: CondensateModel, state: PhaseSpace): number => {
  checkPhaseSpace(model, state, "volumeSecondDerivative")
  let second = 0
  for (let i = 0; i < model.volumes.length; i++) {
    const { mass, lambda } = model.spins[i]!
    const rho2 = amplitudeSquared(state, i)
    const kinetic = state.px[i]! ** 2 + state.py[i]! ** 2
    const interaction = lambda === 0 ? 0 : lambda * rho2 ** (model.power / 2)
    second += 2 * model.volumes[i]! * (kinetic + mass * mass * rho2 - interaction)
  }
  return second
}

export const observe = (model: CondensateModel, state: PhaseSpace): Observables => {
  checkPhaseSpace(model, state, "observe")
  const v = volume(model, state)
  const rate = volumeRate(model, state)
  const meanRate = rate / (2 * v)
  let classical = 0
  let energyTerm = 0
  let quantum = 0
  let interaction = 0
  let spread = 0
  for (let i = 0; i < model.volumes.length; i++) {
    const vj = model.volumes[i]!
    const rho2 = amplitudeSquared(state, i)
    const mass = model.spins[i]!.mass
    classical += vj * mass * mass * rho2
    energyTerm += vj * energy(model, state, i)
    interaction += vj * interactionEnergy(model, rho2, i)
    // A mode at σ = 0 (only possible for Q = 0) has no weight in the rates.
    if (rho2 > 0) {
      quantum += (vj * charge(state, i) ** 2) / rho2
      spread += vj * rho2 * (amplitudeFlux(state, i) / rho2 - meanRate) ** 2
    }
  }
  const scale = 4 / (9 * v)
  return {
    volume: v,
    volumeRate: rate,
    acceleration: volumeSecondDerivative(model, state) / v,
    hubble: rate / (3 * v),
    friedmann: {
      hubbleSquared: (rate / (3 * v)) ** 2,
      classical: scale * classical,
      energy: scale * energyTerm,
      quantum: -scale * quantum,
      interaction: -scale * interaction,
      dispersion: -scale * spread,
    },
  }
}
