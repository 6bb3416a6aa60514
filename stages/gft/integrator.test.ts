import { describe, expect, it } from "vitest"
import { type FreeMode, freeAmplitudeSquared, freePolarData } from "./closed-form.js"
import { type IntegratorScheme, advance, advanceBy, schemeOrder, step } from "./integrator.js"
import { type CondensateModel, condensateModel } from "./model.js"
import { type PhaseSpace, amplitudeSquared, charge, clonePhaseSpace, energy, phaseSpaceFromPolar } from "./phase-space.js"

const free = (mass: number): CondensateModel => condensateModel({ spins: [{ j: 0.5, mass, lambda: 0 }], power: 4, volumeUnit: 1 })

// A bouncing free mode, integrated over χ ∈ [-3, 3] through its bounce at χ₀ = 0.3.
const mode: FreeMode = { mass: 1.3, energy: -0.4, charge: 0.7, turningChi: 0.3 }
const span = { start: -3, end: 3 }

/** Largest relative error of ρ² against the closed form over the span. */
const closedFormError = (scheme: IntegratorScheme, h: number): number => {
  const model = free(mode.mass)
  const state = phaseSpaceFromPolar([freePolarData(mode, span.start)])
  const steps = Math.round((span.end - span.start) / h)
  let worst = 0
  for (let k = 1; k <= steps; k++) {
    step(model, state, h, scheme)
    const exact = freeAmplitudeSquared(mode, span.start + k * h)
    worst = Math.max(worst, Math.abs(amplitudeSquared(state, 0) - exact) / exact)
  }
  return worst
}

describe("integrators against the closed-form λ = 0 solution", () => {
  it("yoshida4 at h = 0.005 follows ρ²(χ) through the bounce to a relative error <= 1e-6", () => {
    expect(closedFormError("yoshida4", 0.005)).toBeLessThanOrEqual(1e-6)
  })

  it.each(["leapfrog", "yoshida4"] as const)("%s converges at its order", (scheme) => {
    const errors = [0.02, 0.01, 0.005].map((h) => closedFormError(scheme, h))
    for (let k = 0; k < 2; k++) expect(Math.log2(errors[k]! / errors[k + 1]!)).toBeCloseTo(schemeOrder(scheme), 0)
  })

  it("leapfrog at the same step is far less accurate (so the 1e-6 check discriminates)", () => {
    expect(closedFormError("leapfrog", 0.005)).toBeGreaterThan(1e-3)
  })
})

describe("conservation over 10^6 steps", () => {
  // λ > 0 keeps the orbit bounded (bounce, recollapse, ...), so 10^6 steps of h = 0.01 span χ ∈ [0, 10^4].
  const model = condensateModel({ spins: [{ j: 1, mass: 1, lambda: 1 }], power: 4, volumeUnit: 1 })
  const initial = () => phaseSpaceFromPolar([{ rho: 0.5, rhoRate: 0, charge: 0.5 }])
  const steps = 1_000_000
  const h = 0.01

  /** Relative errors of E and Q: their largest size, and the drift (mean over the last tenth minus mean over the first). */
  const errorStatistics = (advanceOne: (state: PhaseSpace) => void) => {
    const state = initial()
    const e0 = energy(model, state, 0)
    const q0 = charge(state, 0)
    const tenth = steps / 10
    const stats = { maxE: 0, maxQ: 0, driftE: 0, driftQ: 0 }
    for (let k = 0; k < steps; k++) {
      advanceOne(state)
      const e = (energy(model, state, 0) - e0) / Math.abs(e0)
      const q = (charge(state, 0) - q0) / Math.abs(q0)
      stats.maxE = Math.max(stats.maxE, Math.abs(e))
      stats.maxQ = Math.max(stats.maxQ, Math.abs(q))
      const weight = k < tenth ? -1 / tenth : k >= steps - tenth ? 1 / tenth : 0
      stats.driftE += weight * e
      stats.driftQ += weight * q
    }
    return stats
  }

  it.each(["leapfrog", "yoshida4"] as const)("%s keeps E_j within O(h^p) with no secular drift, and Q_j to rounding", (scheme) => {
    const stats = errorStatistics((state) => step(model, state, h, scheme))
    expect(stats.maxE).toBeLessThan(scheme === "yoshida4" ? 1e-7 : 1e-3)
    expect(Math.abs(stats.driftE)).toBeLessThan(1e-2 * stats.maxE)
    expect(stats.maxQ).toBeLessThan(1e-11)
    expect(Math.abs(stats.driftQ)).toBeLessThan(1e-11)
  })

  it("the drift measure flags a non-symplectic method (explicit midpoint) at the same step", () => {
    const { mass, lambda } = model.spins[0]!
    const force = (x: number, y: number) => mass * mass - lambda * (x * x + y * y)
    const stats = errorStatistics((s) => {
      const [x, y, px, py] = [s.x[0]!, s.y[0]!, s.px[0]!, s.py[0]!]
      const k0 = force(x, y)
      const [xm, ym, pxm, pym] = [x + (h / 2) * px, y + (h / 2) * py, px + (h / 2) * k0 * x, py + (h / 2) * k0 * y]
      const km = force(xm, ym)
      s.x[0] = x + h * pxm
      s.y[0] = y + h * pym
      s.px[0] = px + h * km * xm
      s.py[0] = py + h * km * ym
    })
    expect(Math.abs(stats.driftE)).toBeGreaterThan(1e-2 * stats.maxE)
  })
})

describe("advance", () => {
  it("is time-reversible: h then -h returns the state to rounding", () => {
    const model = condensateModel({ spins: [{ j: 0.5, mass: 1, lambda: 0.3 }, { j: 2, mass: 0.7, lambda: 0 }], power: 6, volumeUnit: 2 })
    const start = phaseSpaceFromPolar([{ rho: 1.2, rhoRate: -0.4, charge: 0.3 }, { rho: 0.8, rhoRate: 0.5, charge: -1 }])
    const state = clonePhaseSpace(start)
    advance(model, state, 0.01, 500, "yoshida4")
    advance(model, state, -0.01, 500, "yoshida4")
    for (const key of ["x", "y", "px", "py"] as const) {
      for (let i = 0; i < 2; i++) expect(state[key][i]).toBeCloseTo(start[key][i]!, 10)
    }
  })

  it("advanceBy covers a span in equal steps of at most h, in either direction", () => {
    const model = free(mode.mass)
    const state = phaseSpaceFromPolar([freePolarData(mode, 1)])
    advanceBy(model, state, -1.7, 0.003, "yoshida4")
    expect(amplitudeSquared(state, 0)).toBeCloseTo(freeAmplitudeSquared(mode, -0.7), 9)
  })

  it("rejects bad arguments, naming them", () => {
    const model = free(1)
    const state = phaseSpaceFromPolar([{ rho: 1, rhoRate: 0, charge: 1 }])
    expect(() => advance(model, state, 0, 1, "leapfrog")).toThrow(/h must be a finite nonzero number, got 0/)
    expect(() => advance(model, state, 0.1, -1, "leapfrog")).toThrow(/steps must be an integer >= 0, got -1/)
    expect(() => advance(model, state, 0.1, 1, "euler" as IntegratorScheme)).toThrow(/scheme must be one of yoshida4, leapfrog, got euler/)
    expect(() => advance(model, { ...state, x: new Float64Array(2) }, 0.1, 1, "leapfrog")).toThrow(/state.x must have one entry per spin \(1\), got 2/)
    expect(() => advance(model, { ...state, px: Float64Array.of(Number.NaN) }, 0.1, 1, "leapfrog")).toThrow(/state.px\[0\] must be finite, got NaN/)
    expect(() => advanceBy(model, state, 1, 0, "leapfrog")).toThrow(/h must be a finite number > 0, got 0/)
  })
})
