import { describe, expect, it } from "vitest"
import { freeAmplitudeSquared, freeAmplitudeSquaredRate, freeMinimumAmplitudeSquared, freePolarData } from "./closed-form.js"
import { condensateModel, spinLabel, spinVolume } from "./model.js"
import { charge, phaseSpaceFromPolar } from "./phase-space.js"
import { eventsTable, metricsTable } from "./tables.js"

describe("condensate model", () => {
  it("gives each spin the volume v₀ j^{3/2}", () => {
    const model = condensateModel({ spins: [{ j: 0.5, mass: 1, lambda: 0 }, { j: 4, mass: 2, lambda: 1 }], power: 4, volumeUnit: 2 })
    expect(model.volumes[0]).toBeCloseTo(2 * Math.SQRT1_2 ** 3, 15)
    expect(model.volumes[1]).toBe(16)
    expect(spinVolume(1.5, 1)).toBeCloseTo(1.5 ** 1.5, 15)
  })

  it("labels spins for column names", () => {
    expect([0.5, 1, 1.5, 2, 7.5].map(spinLabel)).toEqual(["j1_2", "j1", "j3_2", "j2", "j15_2"])
  })

  it("rejects bad spins, naming the field and the value", () => {
    const spin = { j: 1, mass: 1, lambda: 0 }
    expect(() => condensateModel({ spins: [], power: 4, volumeUnit: 1 })).toThrow(/spins must list at least one spin, got none/)
    expect(() => condensateModel({ spins: [spin], power: 2, volumeUnit: 1 })).toThrow(/power must be an integer >= 3, got 2/)
    expect(() => condensateModel({ spins: [{ ...spin, j: 0.3 }], power: 4, volumeUnit: 1 })).toThrow(/spins\[0\].j must be a positive half-integer \(0.5, 1, 1.5, ...\), got 0.3/)
    expect(() => condensateModel({ spins: [spin, spin], power: 4, volumeUnit: 1 })).toThrow(/spins\[1\].j must differ from every other spin's, got 1 twice/)
    expect(() => condensateModel({ spins: [{ ...spin, mass: 0 }], power: 4, volumeUnit: 1 })).toThrow(/spins\[0\].mass must be a finite number > 0, got 0/)
    expect(() => condensateModel({ spins: [{ ...spin, lambda: -1 }], power: 4, volumeUnit: 1 })).toThrow(/spins\[0\].lambda must be a finite number >= 0 .*got -1/)
    expect(() => spinVolume(1, 0)).toThrow(/volumeUnit must be a finite number > 0, got 0/)
    expect(() => phaseSpaceFromPolar([{ rho: 0, rhoRate: 0, charge: 1 }])).toThrow(/modes\[0\].rho must be a finite number > 0, got 0/)
    expect(() => charge(phaseSpaceFromPolar([{ rho: 1, rhoRate: 0, charge: 1 }]), 1)).toThrow(/charge: i must be a spin index in 0..0, got 1/)
  })
})

describe("closed-form free mode", () => {
  const mode = { mass: 0.7, energy: -0.25, charge: 0.6, turningChi: -0.2 }

  it("satisfies (ρ²)'² = 4m²ρ⁴ + 4Eρ² - 4Q², i.e. conserves E, and turns at χ₀ with the stated minimum", () => {
    for (const chi of [-3, -0.2, 0.5, 2.5]) {
      const u = freeAmplitudeSquared(mode, chi)
      const du = freeAmplitudeSquaredRate(mode, chi)
      expect(du ** 2).toBeCloseTo(4 * mode.mass ** 2 * u ** 2 + 4 * mode.energy * u - 4 * mode.charge ** 2, 8)
    }
    expect(freeAmplitudeSquaredRate(mode, -0.2)).toBe(0)
    expect(freeMinimumAmplitudeSquared(mode)).toBeCloseTo(freeAmplitudeSquared(mode, -0.2), 15)
    // Small charge and E > 0: the stable form keeps the minimum accurate (4m²Q²/(2m²(E + √(E² + 4m²Q²))) ≈ Q²/E).
    expect(freeMinimumAmplitudeSquared({ mass: 1, energy: 1, charge: 1e-9 })).toBeCloseTo(1e-18, 30)
  })

  it("solves ρ'' = Q²/ρ³ + m²ρ (second difference of ρ)", () => {
    const rho = (chi: number) => Math.sqrt(freeAmplitudeSquared(mode, chi))
    const d = 1e-4
    for (const chi of [-1, 0, 1.3]) {
      const second = (rho(chi + d) - 2 * rho(chi) + rho(chi - d)) / (d * d)
      expect(second).toBeCloseTo(mode.charge ** 2 / rho(chi) ** 3 + mode.mass ** 2 * rho(chi), 5)
    }
    expect(freePolarData(mode, 1).rho).toBeCloseTo(rho(1), 15)
    expect(() => freePolarData({ ...mode, charge: 0, energy: 1 }, -0.2)).toThrow(/chi must be a clock where ρ² > 0, got chi = -0.2/)
    expect(() => freeAmplitudeSquared({ ...mode, mass: -1 }, 0)).toThrow(/mass must be a finite number > 0, got -1/)
  })
})

describe("tables", () => {
  it("name the per-spin columns after the spins", () => {
    const names = metricsTable([{ j: 0.5, mass: 1, lambda: 0 }, { j: 2, mass: 1, lambda: 0 }]).columns.map((c) => c.name)
    expect(names.slice(-6)).toEqual(["rho_j1_2", "e_j1_2", "q_j1_2", "rho_j2", "e_j2", "q_j2"])
    expect(new Set(names).size).toBe(names.length)
    expect(eventsTable.columns.map((c) => c.name)).toEqual(["cycle", "kind", "chi", "volume", "acceleration"])
    expect(() => metricsTable([])).toThrow(/spins must list at least one spin, got none/)
  })
})
