import { describe, expect, it } from "vitest"
import type { ComplexField } from "../../../simulation/field.js"
import { actOn, type Control, type ControlName, controlByName, controlNames, controls, normalise } from "./controls.js"
import { originalParameterNames, originalParameters } from "./original-parameters.js"
import { testEnvironment } from "./testing.js"

const maxDifference = (a: ComplexField, b: ComplexField): number => {
  let max = 0
  for (let i = 0; i < a.re.length; i++) max = Math.max(max, Math.abs(a.re[i]! - b.re[i]!), Math.abs(a.im[i]! - b.im[i]!))
  return max
}

/** Config overrides that start `name` at its minimum (an absolute action of -1 then leaves it where it is). */
const startAtMinimum: Readonly<Record<ControlName, Record<string, Record<string, unknown>>>> = {
  driveAmplitude: { drive: { epsilon: 0 } },
  driveFrequency: { drive: { omega: 0 } },
  wavenumber: { drive: { wavenumber: 0 } },
  phaseWinding: { drive: { phaseWinding: -8 } },
  amplitudeVariance: { drive: { amplitudeVariance: 0 } },
  linearDispersion: { dynamics: { b: -3 } },
  nonlinearDispersion: { dynamics: { c: -3 } },
  gain: { dynamics: { mu: 0 } },
  twistHolonomy: {},
  interStripCoupling: { lattice: { coupling: 0 } },
  vortexSeeding: {},
  pairAnnihilation: {},
}

/** Lattices the control acts on: the coupling needs a tokamak. */
const latticeFor = (name: ControlName): Record<string, unknown> =>
  name === "interStripCoupling" ? { geometry: "tokamak", strips: 2, nu: 24, nv: 4, stripWidth: 0.5, cutoff: 0.6 } : {}

/** A control that is neutral at its minimum (a = 0 does nothing and draws nothing), to compare with. */
const neutralFor = (name: ControlName): ControlName => (name === "pairAnnihilation" ? "vortexSeeding" : "pairAnnihilation")

/** ψ after reset(seed) and one action `a` on the single active control `name`. */
const fieldAfter = async (name: ControlName, active: ControlName, a: number): Promise<ComplexField> => {
  const overrides = startAtMinimum[name]
  const env = await testEnvironment({
    ...overrides,
    lattice: { ...latticeFor(name), ...overrides.lattice },
    environment: { controls: [active], warmupSteps: 4 },
  })
  env.reset(3)
  env.step(Float64Array.of(a))
  const field = env.field()
  env.dispose()
  return field
}

describe("control registry", () => {
  it("names every control once, with a range, unit, description and a step exactly for incremental ones", () => {
    expect(controls.map((c) => c.name)).toEqual([...controlNames])
    for (const c of controls) {
      expect(c.min).toBeLessThan(c.max)
      expect(c.unit.length).toBeGreaterThan(0)
      expect(c.description.length).toBeGreaterThan(20)
      expect(c.step === null).toBe(c.mapping === "absolute")
      if (c.step !== null) expect(c.step).toBeGreaterThan(0)
    }
  })

  it("maps absolute actions linearly onto the range and moves incremental ones by at most a step, clipped", () => {
    const epsilon = controlByName("driveAmplitude")
    expect([-1, -0.5, 0, 0.5, 1].map((a) => actOn(epsilon, 3, a))).toEqual([0, 1, 2, 3, 4])
    expect(actOn(epsilon, 3, 9)).toBe(4)
    const alpha = controlByName("twistHolonomy")
    expect(actOn(alpha, 0, 1)).toBeCloseTo(Math.PI / 8, 15)
    expect(actOn(alpha, 0, -0.5)).toBeCloseTo(-Math.PI / 16, 15)
    expect(actOn(alpha, 3, 1)).toBe(Math.PI)
    expect(actOn(alpha, -3, -1)).toBe(-Math.PI)
    expect(actOn(alpha, 1.25, 0)).toBe(1.25)
    for (const c of controls.filter((c) => c.mapping === "absolute")) {
      for (const a of [-1, -0.3, 0.2, 1]) expect(normalise(c, actOn(c, 0, a))).toBeCloseTo(a, 12)
    }
  })

  it("maps to the original parameter names consistently with the table of the 23", () => {
    for (const c of controls) {
      if (c.originalName === null) continue
      const original = originalParameters.find((p) => p.name === c.originalName)!
      expect(original.equivalent).toEqual({ kind: "control", control: c.name })
    }
    expect(originalParameters.map((p) => p.name)).toEqual([...originalParameterNames])
    expect(originalParameters.map((p) => p.index)).toEqual(originalParameterNames.map((_, i) => i))
    for (const p of originalParameters) {
      if (p.equivalent.kind === "control") expect(controlByName(p.equivalent.control as ControlName).originalName).toBe(p.name)
    }
  })

  it("starts every control from the config key the registry names", async () => {
    const env = await testEnvironment({
      lattice: { geometry: "tokamak", strips: 2, nu: 24, nv: 4, stripWidth: 0.5, cutoff: 0.6, alpha: 0.3, coupling: 0.4 },
      drive: { epsilon: 1.1, omega: 1.2, wavenumber: 1.3, phaseWinding: 1.4, amplitudeVariance: 1.5 },
      dynamics: { b: 1.6, c: 1.7, mu: 1.8 },
      environment: { controls: [...controlNames] },
    })
    const { metrics } = env.reset(1).info
    const config: Record<string, number> = {
      "drive.epsilon": 1.1,
      "drive.omega": 1.2,
      "drive.wavenumber": 1.3,
      "drive.phaseWinding": 1.4,
      "drive.amplitudeVariance": 1.5,
      "dynamics.b": 1.6,
      "dynamics.c": 1.7,
      "dynamics.mu": 1.8,
      "lattice.alpha": 0.3,
      "lattice.coupling": 0.4,
    }
    for (const c of controls) expect(metrics![c.name]).toBe(c.initialFrom === null ? 0 : config[c.initialFrom])
    env.dispose()
  })
})

describe("every registered control changes the dynamics", () => {
  const unchanged = (c: Control) => (c.mapping === "absolute" ? -1 : 0)

  for (const c of controls) {
    it(`${c.name}: another value gives another field after one action; the same value the field of the uncontrolled run`, async () => {
      const same = await fieldAfter(c.name, c.name, unchanged(c))
      const moved = await fieldAfter(c.name, c.name, 1)
      const repeated = await fieldAfter(c.name, c.name, 1)
      const reference = await fieldAfter(c.name, neutralFor(c.name), -1)
      expect(maxDifference(same, reference)).toBe(0)
      expect(maxDifference(moved, repeated)).toBe(0)
      expect(maxDifference(moved, same)).toBeGreaterThan(1e-6)
    })
  }
})
