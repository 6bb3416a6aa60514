/**
 * Bounces and recollapses of the volume: a bounce is V' changing sign from
 * negative to non-negative across a clock step with V > 0, a recollapse V'
 * changing from positive to non-positive. The event's clock is then refined
 * inside the step by a safeguarded Newton iteration on V'(χ) (V'' is known in
 * closed form), each trial point reached by one integrator step from the
 * step's start, so the event is located to the integrator's accuracy.
 */
import { type IntegratorScheme, step } from "./integrator.js"
import type { CondensateModel } from "./model.js"
import { type PhaseSpace, clonePhaseSpace } from "./phase-space.js"
import { volume, volumeRate, volumeSecondDerivative } from "./observables.js"

export type VolumeEventKind = "bounce" | "recollapse"

export interface VolumeEvent {
  readonly kind: VolumeEventKind
  /** Clock at which V' = 0. */
  readonly chi: number
  readonly volume: number
  /** V''/V there: > 0 at a bounce, < 0 at a recollapse. */
  readonly acceleration: number
}

/** The event a step crosses, from V' at its start and end (and V > 0 at its end), or null. */
export const crossing = (rateBefore: number, rateAfter: number, volumeAfter: number): VolumeEventKind | null => {
  if (!(volumeAfter > 0)) return null
  if (rateBefore < 0 && rateAfter >= 0) return "bounce"
  if (rateBefore > 0 && rateAfter <= 0) return "recollapse"
  return null
}

const maxIterations = 100

/**
 * Locates V' = 0 within the step of size `h` > 0 that starts at clock `chi`
 * from `start` (not modified), where V' changes sign. Throws unless it does.
 */
export const refineEvent = (
  model: CondensateModel,
  start: PhaseSpace,
  chi: number,
  h: number,
  scheme: IntegratorScheme,
): VolumeEvent => {
  if (!Number.isFinite(chi)) throw new RangeError(`refineEvent: chi must be a finite number, got ${chi}`)
  if (!(Number.isFinite(h) && h > 0)) throw new RangeError(`refineEvent: h must be a finite number > 0, got ${h}`)
  const at = (delta: number) => {
    const state = clonePhaseSpace(start)
    if (delta > 0) step(model, state, delta, scheme)
    return state
  }
  const before = volumeRate(model, start)
  const end = at(h)
  const after = volumeRate(model, end)
  const kind = crossing(before, after, volume(model, end))
  if (kind === null) throw new RangeError(`refineEvent: V' must change sign within the step at chi = ${chi} with h = ${h}, got V' = ${before} then ${after}`)
  const sign = Math.sign(before)
  let lo = 0
  let hi = h
  let delta = h * (before / (before - after))
  let state = at(delta)
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const rate = volumeRate(model, state)
    if (rate === 0) break
    if (Math.sign(rate) === sign) lo = delta
    else hi = delta
    const newton = delta - rate / volumeSecondDerivative(model, state)
    const next = newton > lo && newton < hi ? newton : (lo + hi) / 2
    const converged = Math.abs(next - delta) <= 4 * Number.EPSILON * Math.max(1, Math.abs(chi))
    delta = next
    state = at(delta)
    if (converged) break
  }
  const v = volume(model, state)
  return { kind, chi: chi + delta, volume: v, acceleration: volumeSecondDerivative(model, state) / v }
}
