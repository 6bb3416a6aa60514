import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type FreeMode, freePolarData } from "./closed-form.js"
import { advance } from "./integrator.js"
import { type CondensateModel, condensateModel } from "./model.js"
import { observe, volume, volumeRate } from "./observables.js"
import { type PhaseSpace, charge, clonePhaseSpace, energy, phaseSpaceFromPolar } from "./phase-space.js"

const spinValues = [0.5, 1, 1.5, 2, 2.5, 3]

/** Random condensates of 1 to 4 spins with random states (λ ≥ 0, n in 3..8). */
const condensates = fc.integer({ min: 1, max: 4 }).chain((count) =>
  fc.record({
    power: fc.integer({ min: 3, max: 8 }),
    volumeUnit: fc.double({ min: 0.1, max: 10, noNaN: true }),
    modes: fc.array(
      fc.record({
        mass: fc.double({ min: 0.1, max: 3, noNaN: true }),
        lambda: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
        rho: fc.double({ min: 0.05, max: 3, noNaN: true }),
        rhoRate: fc.double({ min: -3, max: 3, noNaN: true }),
        charge: fc.double({ min: -2, max: 2, noNaN: true }),
      }),
      { minLength: count, maxLength: count },
    ),
  }),
)

const build = (c: { power: number; volumeUnit: number; modes: ReadonlyArray<{ mass: number; lambda: number; rho: number; rhoRate: number; charge: number }> }) => ({
  model: condensateModel({ spins: c.modes.map((m, i) => ({ j: spinValues[i]!, mass: m.mass, lambda: m.lambda })), power: c.power, volumeUnit: c.volumeUnit }),
  state: phaseSpaceFromPolar(c.modes),
})

describe("effective Friedmann terms", () => {
  it("sum exactly to (V'/3V)² for any condensate and state", () => {
    fc.assert(
      fc.property(condensates, (c) => {
        const { model, state } = build(c)
        const f = observe(model, state).friedmann
        const terms = [f.classical, f.energy, f.quantum, f.interaction, f.dispersion]
        const scale = terms.reduce((s, t) => s + Math.abs(t), f.hubbleSquared)
        expect(Math.abs(f.hubbleSquared - terms.reduce((s, t) => s + t, 0))).toBeLessThanOrEqual(1e-12 * scale)
        expect(f.dispersion).toBeLessThanOrEqual(0)
      }),
      { numRuns: 300 },
    )
  })

  it("reduce for one spin to Oriti-Sindoni-Wilson-Ewing's 4m²/9 + 4V_jE/(9V) - 4V_j²Q²/(9V²), with no dispersion", () => {
    const model = condensateModel({ spins: [{ j: 1.5, mass: 0.8, lambda: 0 }], power: 4, volumeUnit: 0.7 })
    const state = phaseSpaceFromPolar([{ rho: 1.3, rhoRate: -0.6, charge: 0.9 }])
    const o = observe(model, state)
    const vj = model.volumes[0]!
    const e = energy(model, state, 0)
    const expected = (4 * 0.8 ** 2) / 9 + (4 * vj * e) / (9 * o.volume) - (4 * vj ** 2 * 0.9 ** 2) / (9 * o.volume ** 2)
    expect(o.friedmann.hubbleSquared).toBeCloseTo(expected, 13)
    expect(o.friedmann.dispersion).toBeCloseTo(0, 15)
    expect(o.hubble).toBeCloseTo(volumeRate(model, state) / (3 * volume(model, state)), 15)
  })

  it("V''/V matches the clock derivative of V' along the flow", () => {
    fc.assert(
      fc.property(condensates, (c) => {
        const { model, state } = build(c)
        const rateAt = (delta: number) => {
          const moved = clonePhaseSpace(state)
          advance(model, moved, delta / 4, 4, "yoshida4")
          return volumeRate(model, moved)
        }
        // Fourth-order central difference: its error (δ k)^4 stays small even where the rates k reach ~50.
        const delta = 1e-4
        const derivative = (8 * (rateAt(delta) - rateAt(-delta)) - (rateAt(2 * delta) - rateAt(-2 * delta))) / (12 * delta)
        const o = observe(model, state)
        expect(Math.abs(derivative - o.acceleration * o.volume)).toBeLessThanOrEqual(1e-5 * (Math.abs(derivative) + o.volume))
      }),
      { numRuns: 100 },
    )
  })
})

describe("classical limit", () => {
  /** The condensate of these free modes, and its state at χ. */
  const freeCondensate = (modes: readonly FreeMode[], chi: number): { model: CondensateModel; state: PhaseSpace } => ({
    model: condensateModel({ spins: modes.map((m, i) => ({ j: spinValues[i]!, mass: m.mass, lambda: 0 })), power: 4, volumeUnit: 1 }),
    state: phaseSpaceFromPolar(modes.map((m) => freePolarData(m, chi))),
  })

  it("V'/V → ∓2m and V''/V → 4m² far before and after the bounce (one mass), Friedmann → 4m²/9", () => {
    const m = 0.9
    const modes: FreeMode[] = [
      { mass: m, energy: 0.3, charge: 0.8, turningChi: 0 },
      { mass: m, energy: -1.1, charge: -0.4, turningChi: 0.6 },
    ]
    const { model, state } = freeCondensate(modes, -10)
    const early = observe(model, state)
    advance(model, state, 0.005, 4000, "yoshida4")
    const late = observe(model, state)
    expect(early.volumeRate / early.volume).toBeCloseTo(-2 * m, 6)
    expect(late.volumeRate / late.volume).toBeCloseTo(2 * m, 6)
    expect(late.hubble).toBeCloseTo((2 * m) / 3, 6)
    expect(late.acceleration).toBeCloseTo(4 * m * m, 6)
    expect(late.friedmann.classical).toBeCloseTo((4 * m * m) / 9, 12)
    expect(Math.abs(late.friedmann.energy) + Math.abs(late.friedmann.quantum) + Math.abs(late.friedmann.dispersion)).toBeLessThan(1e-6)
  })

  it("with several masses the heaviest mode dominates: V'/V → 2 max m_j", () => {
    const modes: FreeMode[] = [
      { mass: 0.5, energy: 0.2, charge: 3, turningChi: 0 },
      { mass: 1.2, energy: 0.1, charge: 0.1, turningChi: 0 },
    ]
    const { model, state } = freeCondensate(modes, 0)
    advance(model, state, 0.005, 3000, "yoshida4")
    expect(volumeRate(model, state) / volume(model, state)).toBeCloseTo(2 * 1.2, 5)
  })
})

describe("observables of a state", () => {
  it("report the conserved charges and the volume Σ V_j ρ_j²", () => {
    const model = condensateModel({ spins: [{ j: 0.5, mass: 1, lambda: 0 }, { j: 2, mass: 1, lambda: 0 }], power: 4, volumeUnit: 3 })
    const state = phaseSpaceFromPolar([{ rho: 2, rhoRate: 0, charge: 0.5 }, { rho: 1, rhoRate: 1, charge: -2 }])
    expect(volume(model, state)).toBeCloseTo(3 * 0.5 ** 1.5 * 4 + 3 * 2 ** 1.5, 12)
    expect(volumeRate(model, state)).toBeCloseTo(2 * 3 * 2 ** 1.5 * 1, 12)
    expect(charge(state, 1)).toBeCloseTo(-2, 14)
    expect(() => observe(model, phaseSpaceFromPolar([{ rho: 1, rhoRate: 0, charge: 0 }]))).toThrow(/observe: state.x must have one entry per spin \(2\), got 1/)
  })
})
