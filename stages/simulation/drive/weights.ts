/**
 * Source weights c_s = A_s e^{iφ_s} from the drive's control parameters:
 *
 *   A_s = A exp(σ ξ_s - σ²/2),  σ² = ln(1 + v),   φ_s = m ϑ_s + φ_0
 *
 * A the mean amplitude, v the amplitude variance (relative: Var A_s = v A²),
 * ξ_s fixed standard normal draws (one disorder realisation per run), m the
 * phase winding, ϑ_s the source's azimuth about the lattice axis, φ_0 an
 * offset. A_s is log-normal with mean exactly A, so it stays positive, and it
 * depends smoothly on (A, v) for fixed ξ: an RL agent moving v sees a
 * continuous response, not fresh noise on every step.
 */
import type { Prng } from "../../prng.js"
import type { ComplexField } from "../field.js"

export interface WeightParameters {
  /** Mean source amplitude A. */
  readonly amplitude: number
  /** v >= 0: variance of A_s relative to A². */
  readonly amplitudeVariance: number
  /** m: phase turns per turn of azimuth; an integer keeps the phase single-valued around the axis. */
  readonly phaseWinding: number
  /** φ_0, radians. */
  readonly phaseOffset: number
}

/** The per-source standard normal draws ξ_s, drawn once per run from `prng`. */
export const drawSourceNoise = (prng: Prng, count: number): Float64Array => {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`drawSourceNoise: count must be an integer >= 1, got ${count}`)
  return prng.fillNormal(new Float64Array(count))
}

const checkFiniteArray = (name: string, values: Float64Array): void => {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`sourceWeights: ${name} must be finite, entry ${i} is ${values[i]}`)
  }
}

export const sourceWeights = (parameters: WeightParameters, azimuths: Float64Array, noise: Float64Array): ComplexField => {
  const { amplitude, amplitudeVariance, phaseWinding, phaseOffset } = parameters
  if (!Number.isFinite(amplitude)) throw new RangeError(`sourceWeights: amplitude must be a finite number, got ${amplitude}`)
  if (!Number.isFinite(amplitudeVariance) || amplitudeVariance < 0) {
    throw new RangeError(`sourceWeights: amplitudeVariance must be a finite number >= 0, got ${amplitudeVariance}`)
  }
  if (!Number.isFinite(phaseWinding)) throw new RangeError(`sourceWeights: phaseWinding must be a finite number, got ${phaseWinding}`)
  if (!Number.isFinite(phaseOffset)) throw new RangeError(`sourceWeights: phaseOffset must be a finite number, got ${phaseOffset}`)
  if (noise.length !== azimuths.length) {
    throw new RangeError(`sourceWeights: noise must hold one draw per source (${azimuths.length}), got ${noise.length}`)
  }
  checkFiniteArray("azimuths", azimuths)
  checkFiniteArray("noise", noise)
  const sigma2 = Math.log1p(amplitudeVariance)
  const sigma = Math.sqrt(sigma2)
  const re = new Float64Array(azimuths.length)
  const im = new Float64Array(azimuths.length)
  for (let s = 0; s < azimuths.length; s++) {
    const a = amplitude * Math.exp(sigma * noise[s]! - sigma2 / 2)
    const phase = phaseWinding * azimuths[s]! + phaseOffset
    re[s] = a * Math.cos(phase)
    im[s] = a * Math.sin(phase)
  }
  return { re, im }
}
