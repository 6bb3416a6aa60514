/**
 * The quantum bounce as a property: for random condensates (1 to 4 spins,
 * masses, interactions λ ≥ 0, initial data) with some Q_j ≠ 0, the volume
 * never falls below Σ_j V_j ρ²_{j,min}(E_j, Q_j) > 0 over χ ∈ [-3, 3]; the
 * bound is the free modes' minimum, attained when they all turn together.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { freeMinimumAmplitudeSquared } from "./closed-form.js"
import { step } from "./integrator.js"
import { condensateModel } from "./model.js"
import { volume } from "./observables.js"
import { energy, phaseSpaceFromPolar } from "./phase-space.js"

const spinValues = [0.5, 1, 1.5, 2]
const h = 0.002
const steps = 1500

const modes = (charge: fc.Arbitrary<number>) =>
  fc.record({
    mass: fc.double({ min: 0.3, max: 2, noNaN: true }),
    lambda: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
    rho: fc.double({ min: 0.1, max: 2, noNaN: true }),
    rhoRate: fc.double({ min: -2, max: 2, noNaN: true }),
    charge,
  })

/** The smallest V met at χ = 0 and integrating from there backward and forward over |χ| <= steps · h. */
const smallestVolume = (c: { power: number; modes: ReadonlyArray<{ mass: number; lambda: number; rho: number; rhoRate: number; charge: number }> }) => {
  const model = condensateModel({ spins: c.modes.map((m, i) => ({ j: spinValues[i]!, mass: m.mass, lambda: m.lambda })), power: c.power, volumeUnit: 1 })
  const bound = c.modes.reduce((sum, m, i) => {
    const state = phaseSpaceFromPolar([m])
    const single = condensateModel({ spins: [model.spins[i]!], power: c.power, volumeUnit: 1 })
    return sum + model.volumes[i]! * freeMinimumAmplitudeSquared({ mass: m.mass, energy: energy(single, state, 0), charge: m.charge })
  }, 0)
  let smallest = volume(model, phaseSpaceFromPolar(c.modes))
  for (const direction of [1, -1]) {
    const state = phaseSpaceFromPolar(c.modes)
    for (let k = 0; k < steps; k++) {
      step(model, state, direction * h, "yoshida4")
      smallest = Math.min(smallest, volume(model, state))
    }
  }
  return { smallest, bound }
}

describe("V_min > 0 whenever some Q_j ≠ 0", () => {
  it("the volume stays above Σ_j V_j ρ²_{j,min} > 0 for random condensates", () => {
    const condensates = fc.integer({ min: 1, max: 4 }).chain((count) =>
      fc.record({
        power: fc.integer({ min: 3, max: 6 }),
        charged: fc.integer({ min: 0, max: count - 1 }),
        modes: fc.array(modes(fc.oneof(fc.constant(0), fc.double({ min: -2, max: 2, noNaN: true }))), { minLength: count, maxLength: count }),
        charge: fc.double({ min: 0.05, max: 2, noNaN: true }),
      }),
    )
    fc.assert(
      fc.property(condensates, (c) => {
        // At least one mode carries a charge |Q| >= 0.05.
        const withCharge = c.modes.map((m, i) => (i === c.charged ? { ...m, charge: c.charge } : m))
        const { smallest, bound } = smallestVolume({ power: c.power, modes: withCharge })
        expect(bound).toBeGreaterThan(0)
        expect(smallest).toBeGreaterThanOrEqual(bound * (1 - 1e-6))
      }),
      { numRuns: 60 },
    )
  })

  it("the bound is attained: free modes turning at the same clock reach it", () => {
    // ρ' = 0 at χ = 0 for every mode: all turn there, so V_min = Σ V_j ρ_j(0)² = the bound.
    const { smallest, bound } = smallestVolume({
      power: 4,
      modes: [
        { mass: 1, lambda: 0, rho: 0.8, rhoRate: 0, charge: 1 },
        { mass: 0.6, lambda: 0, rho: 1.1, rhoRate: 0, charge: -0.3 },
      ],
    })
    expect(smallest).toBeCloseTo(bound, 8)
  })

  it("without charges a free mode with E > 0 reaches V = 0 (the classical singularity the bound excludes)", () => {
    // Q = 0, ρ' = -1 at ρ = 0.5: E = 1 - 0.25 > 0, so ρ falls through 0 within χ < 1.
    const { smallest, bound } = smallestVolume({ power: 4, modes: [{ mass: 1, lambda: 0, rho: 0.5, rhoRate: -1, charge: 0 }] })
    expect(bound).toBe(0)
    expect(smallest).toBeLessThan(1e-5)
  })
})
