/**
 * The threshold θ whose dark fraction f(θ) comes nearest a target, by
 * bisection on [0, 1] using that f is non-decreasing in θ: when f(θ) is below
 * the target the threshold must rise (prune more), when it is above it must
 * fall. The bracket [lo, hi] keeps f(lo) < target < f(hi) and is halved until
 * lo and hi are adjacent floating-point numbers, so no threshold lies between
 * them; every θ <= lo has f <= f(lo) and every θ >= hi has f >= f(hi), so the
 * nearer of the two ends is the best any threshold can do.
 *
 * f is a step function (it jumps at each branch's coherence), so the target is
 * usually not hit exactly; and because any fraction the ensemble's masses can
 * make is reachable by a quantile threshold, reaching a reference value says
 * nothing about the dynamics (docs/theory/ensemble-pruning.md).
 */
import { checkEnsembleMeasures, darkFractionOf } from "./pruning.js"

export interface SearchStep {
  readonly threshold: number
  readonly darkFraction: number
}

export interface ThresholdSearch {
  readonly target: number
  readonly threshold: number
  readonly darkFraction: number
  /** Thresholds tried, in order (the ends 0 and 1 first). */
  readonly steps: readonly SearchStep[]
}

export const searchThreshold = (coherence: Float64Array, mass: Float64Array, target: number): ThresholdSearch => {
  const total = checkEnsembleMeasures("searchThreshold", coherence, mass)
  if (!(target >= 0 && target <= 1)) throw new RangeError(`searchThreshold: target must lie in [0, 1], got ${target}`)
  const steps: SearchStep[] = []
  const at = (threshold: number): SearchStep => {
    const step = { threshold, darkFraction: darkFractionOf(coherence, mass, total, threshold) }
    steps.push(step)
    return step
  }
  const finish = (best: SearchStep): ThresholdSearch => ({ target, ...best, steps })
  let lo = at(0)
  let hi = at(1)
  if (lo.darkFraction >= target) return finish(lo)
  if (hi.darkFraction <= target) return finish(hi)
  for (;;) {
    const middle = lo.threshold + (hi.threshold - lo.threshold) / 2
    if (middle === lo.threshold || middle === hi.threshold) break
    const step = at(middle)
    if (step.darkFraction === target) return finish(step)
    if (step.darkFraction < target) lo = step
    else hi = step
  }
  return finish(target - lo.darkFraction <= hi.darkFraction - target ? lo : hi)
}
