/**
 * Field diagnostics recorded every cycle: how much field there is, how
 * ordered its phase is, and its gradient (kinetic) energy.
 */
import type { Stream } from "effect"
import { type StageError, mapStage } from "../stage.js"
import { energy, kineticEnergy } from "./dynamics/energy.js"
import type { ComplexField } from "./field.js"
import type { Frame } from "./frame.js"
import type { Lattice } from "./lattice/lattice.js"

export interface FieldDiagnostics {
  /** Σ|ψ_i|². */
  readonly norm: number
  /** Mean of |ψ_i|. */
  readonly meanAmplitude: number
  readonly maxAmplitude: number
  /** |Σψ_i| / Σ|ψ_i| ∈ [0, 1]: 1 for a uniform phase, near 0 for a disordered one. */
  readonly phaseCoherence: number
  /** ½Σ_ij w_ij |e^{iA_ij}ψ_j - ψ_i|² = -⟨ψ, Lψ⟩. */
  readonly kineticEnergy: number
  /** The conserved NLS energy H, when the model is conservative; null otherwise. */
  readonly energy: number | null
}

/** Potential and interaction of a conservative model, for H. */
export interface EnergyTerms {
  readonly potential: number
  readonly g: number
}

export const fieldDiagnostics = (lattice: Lattice, field: ComplexField, terms?: EnergyTerms): FieldDiagnostics => {
  const n = field.re.length
  let norm = 0
  let sumAmplitude = 0
  let maxAmplitude = 0
  let sumRe = 0
  let sumIm = 0
  for (let i = 0; i < n; i++) {
    const re = field.re[i]!
    const im = field.im[i]!
    const squared = re * re + im * im
    const amplitude = Math.sqrt(squared)
    norm += squared
    sumAmplitude += amplitude
    if (amplitude > maxAmplitude) maxAmplitude = amplitude
    sumRe += re
    sumIm += im
  }
  return {
    norm,
    meanAmplitude: n === 0 ? 0 : sumAmplitude / n,
    maxAmplitude,
    phaseCoherence: sumAmplitude === 0 ? 0 : Math.hypot(sumRe, sumIm) / sumAmplitude,
    kineticEnergy: kineticEnergy(lattice, field),
    energy: terms === undefined ? null : energy(lattice, field, terms.potential, terms.g),
  }
}

/** Adds `diagnostics` to every frame. */
export const measureField =
  (terms?: EnergyTerms) =>
  <F extends Frame, E, R>(input: Stream.Stream<F, E, R>): Stream.Stream<F & { readonly diagnostics: FieldDiagnostics }, E | StageError, R> =>
    mapStage("measureField", (frame: F) => ({ ...frame, diagnostics: fieldDiagnostics(frame.lattice, frame.field, terms) }))(input)
