/**
 * Branching an ensemble from one simulated field: every branch is the base
 * field plus independent complex Gaussian noise,
 *
 *     ψ_i(x) = ψ_0(x) + a ψ_rms ξ_i(x),   ψ_rms = sqrt(Σ_x |ψ_0(x)|² / N),   E|ξ_i(x)|² = 1,
 *
 * so the amplitude a is relative to the field's own RMS amplitude (a
 * dimensionless knob, independent of the field's scale). The base field must
 * carry mass: a blank field has no structure to branch from.
 */
import type { Prng } from "../../prng.js"
import { checkField } from "../../simulation/dynamics/equation.js"
import { noiseField } from "../../simulation/dynamics/initial-field.js"
import { type ComplexField, norm2 } from "../../simulation/field.js"

export interface BranchOptions {
  /** B >= 1. */
  readonly branches: number
  /** a >= 0, relative to the base field's RMS amplitude. */
  readonly amplitude: number
}

/** B perturbed copies of `base`, drawn from `prng` branch by branch (re then im of each). */
export const branchField = (base: ComplexField, prng: Prng, options: BranchOptions): ComplexField[] => {
  const n = base.re.length
  checkField("branchField: base", base, n)
  if (!Number.isSafeInteger(options.branches) || options.branches < 1) {
    throw new RangeError(`branchField: options.branches must be an integer >= 1, got ${options.branches}`)
  }
  if (!(options.amplitude >= 0 && Number.isFinite(options.amplitude))) {
    throw new RangeError(`branchField: options.amplitude must be a finite number >= 0, got ${options.amplitude}`)
  }
  const mass = norm2(base)
  if (!(mass > 0)) throw new RangeError("branchField: base must be a simulated field with Σ|ψ|² > 0, got a blank (zero) field")
  const rms = Math.sqrt(mass / n)
  return Array.from({ length: options.branches }, () => {
    const noise = noiseField(n, prng, options.amplitude * rms)
    return { re: noise.re.map((v, x) => base.re[x]! + v), im: noise.im.map((v, x) => base.im[x]! + v) }
  })
}
