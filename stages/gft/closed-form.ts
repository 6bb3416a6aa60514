/**
 * The free (λ = 0) mode in closed form (Oriti, Sindoni, Wilson-Ewing 2016):
 *
 *   ρ² (χ) = (-E + √(E² + 4m²Q²) cosh(2m(χ - χ₀))) / (2m²)
 *
 * with χ₀ the clock of its turning point. For Q ≠ 0 the minimum
 * ρ²(χ₀) = (-E + √(E² + 4m²Q²)) / (2m²) is positive: the mode bounces.
 */
import type { PolarData } from "./phase-space.js"

export interface FreeMode {
  readonly mass: number
  readonly energy: number
  readonly charge: number
  /** χ₀: the clock at which ρ² is smallest. */
  readonly turningChi: number
}

const check = (mode: FreeMode, caller: string) => {
  if (!(Number.isFinite(mode.mass) && mode.mass > 0)) throw new RangeError(`${caller}: mass must be a finite number > 0, got ${mode.mass}`)
  if (!Number.isFinite(mode.energy)) throw new RangeError(`${caller}: energy must be a finite number, got ${mode.energy}`)
  if (!Number.isFinite(mode.charge)) throw new RangeError(`${caller}: charge must be a finite number, got ${mode.charge}`)
  if (!Number.isFinite(mode.turningChi)) throw new RangeError(`${caller}: turningChi must be a finite number, got ${mode.turningChi}`)
}

const checkChi = (chi: number, caller: string) => {
  if (!Number.isFinite(chi)) throw new RangeError(`${caller}: chi must be a finite number, got ${chi}`)
}

/** √(E² + 4m²Q²), the amplitude of the cosh. */
const amplitude = (mode: FreeMode) => Math.hypot(mode.energy, 2 * mode.mass * mode.charge)

/** ρ²(χ). */
export const freeAmplitudeSquared = (mode: FreeMode, chi: number): number => {
  check(mode, "freeAmplitudeSquared")
  checkChi(chi, "freeAmplitudeSquared")
  const m = mode.mass
  return (-mode.energy + amplitude(mode) * Math.cosh(2 * m * (chi - mode.turningChi))) / (2 * m * m)
}

/** (ρ²)'(χ) = √(E² + 4m²Q²) sinh(2m(χ - χ₀)) / m. */
export const freeAmplitudeSquaredRate = (mode: FreeMode, chi: number): number => {
  check(mode, "freeAmplitudeSquaredRate")
  checkChi(chi, "freeAmplitudeSquaredRate")
  return (amplitude(mode) * Math.sinh(2 * mode.mass * (chi - mode.turningChi))) / mode.mass
}

/** ρ²(χ₀) = (-E + √(E² + 4m²Q²)) / (2m²): > 0 iff Q ≠ 0 or E < 0; the smallest ρ² of any λ ≥ 0 mode with this E and Q. */
export const freeMinimumAmplitudeSquared = (mode: Omit<FreeMode, "turningChi">): number => {
  check({ ...mode, turningChi: 0 }, "freeMinimumAmplitudeSquared")
  const m = mode.mass
  const a = amplitude({ ...mode, turningChi: 0 })
  // -E + a cancels for E > 0 and small Q: use the equivalent 4m²Q²/(E + a) there.
  return mode.energy > 0 ? (2 * mode.charge * mode.charge) / (mode.energy + a) : (-mode.energy + a) / (2 * m * m)
}

/** The mode's polar data at χ (ρ, ρ' = (ρ²)'/(2ρ), Q), to start an integration on the exact solution; needs ρ²(χ) > 0. */
export const freePolarData = (mode: FreeMode, chi: number): PolarData => {
  const rho2 = freeAmplitudeSquared(mode, chi)
  if (!(rho2 > 0)) throw new RangeError(`freePolarData: chi must be a clock where ρ² > 0, got chi = ${chi} with ρ² = ${rho2}`)
  const rho = Math.sqrt(rho2)
  return { rho, rhoRate: freeAmplitudeSquaredRate(mode, chi) / (2 * rho), charge: mode.charge }
}
