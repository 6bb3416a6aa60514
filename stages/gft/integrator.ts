/**
 * Symplectic integrators in the relational clock χ.
 *
 * Each mode is a planar Hamiltonian system H_j = ½|p|² + W_j(|σ|) with
 * W_j(r) = -½ m_j² r² + (λ_j/n) r^n, so E_j = 2H_j. H splits into a kinetic
 * part (drift: σ += c h p) and a potential part (kick: p += d h F(σ),
 * F = (m² - λ r^{n-2}) σ), each solved exactly; a scheme is a symmetric
 * sequence of kicks and drifts:
 *
 * - `leapfrog`: Störmer–Verlet, K(h/2) D(h) K(h/2); order 2;
 * - `yoshida4`: Yoshida's triple jump of leapfrogs with weights
 *   w₁ = 1/(2 - 2^{1/3}), w₀ = -2^{1/3}/(2 - 2^{1/3}); order 4.
 *
 * Both are symplectic and time-reversible, so E_j oscillates within O(h^p) of
 * its value with no secular drift. Kicks are radial and drifts free, so each
 * preserves Q_j = x py - y px exactly (up to rounding).
 */
import type { CondensateModel } from "./model.js"
import { type PhaseSpace, checkPhaseSpace } from "./phase-space.js"

export const integratorSchemes = ["yoshida4", "leapfrog"] as const
export type IntegratorScheme = (typeof integratorSchemes)[number]

interface Coefficients {
  /** Kick weights, one more than drifts: K(d₀h) D(c₀h) K(d₁h) ... D(c_{k-1}h) K(d_k h). */
  readonly kicks: readonly number[]
  readonly drifts: readonly number[]
  readonly order: number
}

const w1 = 1 / (2 - 2 ** (1 / 3))
const w0 = -(2 ** (1 / 3)) / (2 - 2 ** (1 / 3))

const coefficients: Record<IntegratorScheme, Coefficients> = {
  leapfrog: { kicks: [0.5, 0.5], drifts: [1], order: 2 },
  yoshida4: { kicks: [w1 / 2, (w1 + w0) / 2, (w0 + w1) / 2, w1 / 2], drifts: [w1, w0, w1], order: 4 },
}

/** The order p of a scheme's global error, O(h^p). */
export const schemeOrder = (scheme: IntegratorScheme): number => coefficients[scheme].order

const kick = (model: CondensateModel, state: PhaseSpace, dh: number) => {
  const { x, y, px, py } = state
  const n = model.power
  for (let i = 0; i < x.length; i++) {
    const { mass, lambda } = model.spins[i]!
    const xi = x[i]!
    const yi = y[i]!
    const k = lambda === 0 ? mass * mass : mass * mass - lambda * (xi * xi + yi * yi) ** ((n - 2) / 2)
    px[i] = px[i]! + dh * k * xi
    py[i] = py[i]! + dh * k * yi
  }
}

const drift = (state: PhaseSpace, ch: number) => {
  const { x, y, px, py } = state
  for (let i = 0; i < x.length; i++) {
    x[i] = x[i]! + ch * px[i]!
    y[i] = y[i]! + ch * py[i]!
  }
}

const checkScheme = (scheme: IntegratorScheme, caller: string) => {
  if (!Object.hasOwn(coefficients, scheme)) throw new RangeError(`${caller}: scheme must be one of ${integratorSchemes.join(", ")}, got ${String(scheme)}`)
}

const advanceUnchecked = (model: CondensateModel, state: PhaseSpace, h: number, steps: number, scheme: IntegratorScheme) => {
  const { kicks, drifts } = coefficients[scheme]
  for (let s = 0; s < steps; s++) {
    for (let k = 0; k < drifts.length; k++) {
      kick(model, state, kicks[k]! * h)
      drift(state, drifts[k]! * h)
    }
    kick(model, state, kicks[drifts.length]! * h)
  }
}

/**
 * Advances `state` in place by `steps` steps of size `h` (negative: backward
 * in χ). The step is exactly reversible: `h` then `-h` returns the state up to
 * rounding.
 */
export const advance = (model: CondensateModel, state: PhaseSpace, h: number, steps: number, scheme: IntegratorScheme): void => {
  checkScheme(scheme, "advance")
  checkPhaseSpace(model, state, "advance")
  if (!(Number.isFinite(h) && h !== 0)) throw new RangeError(`advance: h must be a finite nonzero number, got ${h}`)
  if (!(Number.isSafeInteger(steps) && steps >= 0)) throw new RangeError(`advance: steps must be an integer >= 0, got ${steps}`)
  advanceUnchecked(model, state, h, steps, scheme)
}

/** One step of size `h`, in place. */
export const step = (model: CondensateModel, state: PhaseSpace, h: number, scheme: IntegratorScheme): void =>
  advance(model, state, h, 1, scheme)

/**
 * Advances by a clock interval `span` in whole steps of size at most `h`
 * (ceil(|span|/h) equal steps); used to carry initial data to the start of a run.
 */
export const advanceBy = (model: CondensateModel, state: PhaseSpace, span: number, h: number, scheme: IntegratorScheme): void => {
  if (!Number.isFinite(span)) throw new RangeError(`advanceBy: span must be a finite number, got ${span}`)
  if (!(Number.isFinite(h) && h > 0)) throw new RangeError(`advanceBy: h must be a finite number > 0, got ${h}`)
  if (span === 0) return
  const steps = Math.ceil(Math.abs(span) / h)
  advance(model, state, span / steps, steps, scheme)
}
