import { describe, expect, it } from "vitest"
import { type FreeMode, freeAmplitudeSquared, freePolarData } from "./closed-form.js"
import { type VolumeEvent, crossing, refineEvent } from "./events.js"
import { step } from "./integrator.js"
import { type CondensateModel, condensateModel } from "./model.js"
import { volume, volumeRate } from "./observables.js"
import { type PhaseSpace, clonePhaseSpace, phaseSpaceFromPolar } from "./phase-space.js"

/** Steps from `chi` and collects every event, as the evolveCondensate stage does. */
const scan = (model: CondensateModel, initial: PhaseSpace, chi: number, h: number, steps: number): VolumeEvent[] => {
  const state = clonePhaseSpace(initial)
  const events: VolumeEvent[] = []
  let rate = volumeRate(model, state)
  for (let k = 0; k < steps; k++) {
    const before = clonePhaseSpace(state)
    step(model, state, h, "yoshida4")
    const next = volumeRate(model, state)
    if (crossing(rate, next, volume(model, state)) !== null) events.push(refineEvent(model, before, chi + k * h, h, "yoshida4"))
    rate = next
  }
  return events
}

const spins = [0.5, 1, 1.5]
const freeModel = (modes: readonly FreeMode[]) =>
  condensateModel({ spins: modes.map((m, i) => ({ j: spins[i]!, mass: m.mass, lambda: 0 })), power: 4, volumeUnit: 1 })

describe("bounce detection", () => {
  it("finds the closed-form bounce of one spin: χ₀ and V_j ρ²_min", () => {
    const mode: FreeMode = { mass: 1.1, energy: 0.6, charge: 0.45, turningChi: 0.37 }
    const model = freeModel([mode])
    const events = scan(model, phaseSpaceFromPolar([freePolarData(mode, -2)]), -2, 0.005, 800)
    expect(events).toHaveLength(1)
    const [bounce] = events
    expect(bounce!.kind).toBe("bounce")
    expect(bounce!.chi).toBeCloseTo(0.37, 8)
    expect(bounce!.volume / (model.volumes[0]! * freeAmplitudeSquared(mode, 0.37))).toBeCloseTo(1, 8)
    expect(bounce!.acceleration).toBeGreaterThan(0)
  })

  it("finds the closed-form bounce of equal-mass spins turning at different clocks", () => {
    // V' ∝ Σ_j V_j A_j sinh(2m(χ - χ_j)) = 0  ⇔  tanh(2mχ) = Σ V_j A_j sinh(2mχ_j) / Σ V_j A_j cosh(2mχ_j), A_j = √(E_j² + 4m²Q_j²).
    const m = 0.8
    const modes: FreeMode[] = [
      { mass: m, energy: -0.3, charge: 1.2, turningChi: -0.4 },
      { mass: m, energy: 0.9, charge: 0.2, turningChi: 0.5 },
      { mass: m, energy: 0, charge: -0.7, turningChi: 1.1 },
    ]
    const model = freeModel(modes)
    const weights = modes.map((mode, i) => model.volumes[i]! * Math.hypot(mode.energy, 2 * m * mode.charge))
    const sinh = weights.reduce((s, w, i) => s + w * Math.sinh(2 * m * modes[i]!.turningChi), 0)
    const cosh = weights.reduce((s, w, i) => s + w * Math.cosh(2 * m * modes[i]!.turningChi), 0)
    const expected = Math.atanh(sinh / cosh) / (2 * m)
    const events = scan(model, phaseSpaceFromPolar(modes.map((mode) => freePolarData(mode, -3))), -3, 0.005, 1200)
    expect(events.map((e) => e.kind)).toEqual(["bounce"])
    expect(events[0]!.chi).toBeCloseTo(expected, 8)
  })

  it("with interactions on every spin, bounces and recollapses alternate, with V'' of the right sign", () => {
    const model = condensateModel({ spins: [{ j: 0.5, mass: 1, lambda: 0.5 }, { j: 1, mass: 1.2, lambda: 0.8 }], power: 4, volumeUnit: 1 })
    const initial = phaseSpaceFromPolar([{ rho: 0.6, rhoRate: 0, charge: 0.3 }, { rho: 0.4, rhoRate: 0.2, charge: 0.5 }])
    const events = scan(model, initial, 0, 0.01, 3000)
    expect(events.length).toBeGreaterThan(4)
    events.forEach((event, k) => {
      if (k > 0) expect(event.kind).not.toBe(events[k - 1]!.kind)
      expect(Math.sign(event.acceleration)).toBe(event.kind === "bounce" ? 1 : -1)
      expect(event.volume).toBeGreaterThan(0)
    })
    expect(events.some((e) => e.kind === "recollapse")).toBe(true)
  })

  it("locates V' = 0 inside the step to the integrator's accuracy", () => {
    const mode: FreeMode = { mass: 1, energy: -0.2, charge: 0.3, turningChi: 0.123456 }
    const model = freeModel([mode])
    const h = 0.05
    const start = phaseSpaceFromPolar([freePolarData(mode, 0.1)])
    const event = refineEvent(model, start, 0.1, h, "yoshida4")
    expect(event.chi).toBeCloseTo(0.123456, 9)
    expect(() => refineEvent(model, start, 0.1, 0.01, "yoshida4")).toThrow(/refineEvent: V' must change sign within the step at chi = 0.1 with h = 0.01/)
    expect(() => refineEvent(model, start, 0.1, -0.01, "yoshida4")).toThrow(/h must be a finite number > 0, got -0.01/)
  })
})

describe("crossing", () => {
  it("classifies sign changes of V' with V > 0", () => {
    expect(crossing(-1, 1, 1)).toBe("bounce")
    expect(crossing(-1, 0, 1)).toBe("bounce")
    expect(crossing(1, -1, 1)).toBe("recollapse")
    expect(crossing(1, 0, 1)).toBe("recollapse")
    expect(crossing(0, 1, 1)).toBeNull()
    expect(crossing(-1, -0.5, 1)).toBeNull()
    expect(crossing(-1, 1, 0)).toBeNull()
  })
})
