/**
 * The drive term F(x, t) = ε e^{-iωt} G(x): the profile G rotated in phase
 * at frequency ω and scaled by ε, periodic in t with period 2π/ω.
 */
import type { ComplexField } from "../field.js"

/** F at time t, written into `out` when given (to reuse its arrays every step). */
export const driveAt = (profile: ComplexField, epsilon: number, omega: number, t: number, out?: ComplexField): ComplexField => {
  if (!Number.isFinite(epsilon)) throw new RangeError(`driveAt: epsilon must be a finite number, got ${epsilon}`)
  if (!Number.isFinite(omega)) throw new RangeError(`driveAt: omega must be a finite number, got ${omega}`)
  if (!Number.isFinite(t)) throw new RangeError(`driveAt: t must be a finite number, got ${t}`)
  const n = profile.re.length
  if (profile.im.length !== n) throw new RangeError(`driveAt: profile.re and profile.im must have equal lengths, got ${n} and ${profile.im.length}`)
  const target = out ?? { re: new Float64Array(n), im: new Float64Array(n) }
  if (target.re.length !== n || target.im.length !== n) {
    throw new RangeError(`driveAt: out must have ${n} entries (re and im), got ${target.re.length} and ${target.im.length}`)
  }
  // ε e^{-iωt} = ε (cos ωt - i sin ωt)
  const cos = epsilon * Math.cos(omega * t)
  const sin = epsilon * Math.sin(omega * t)
  for (let x = 0; x < n; x++) {
    const gr = profile.re[x]!
    const gi = profile.im[x]!
    target.re[x] = cos * gr + sin * gi
    target.im[x] = cos * gi - sin * gr
  }
  return target
}
