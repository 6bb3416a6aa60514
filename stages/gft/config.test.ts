import { Effect, Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { describeConfig } from "../../pipelines/config/describe.js"
import { decodeConfig } from "../../pipelines/config/load-config.js"
import { type CondensateConfig, condensateFromConfig, condensateSection } from "./config.js"
import { advanceBy } from "./integrator.js"
import { condensateModel } from "./model.js"
import { amplitudeFlux, amplitudeSquared, charge, energy } from "./phase-space.js"

const schema = Schema.Struct({ condensate: condensateSection })

const decode = (tree: unknown) => Effect.runSync(Effect.either(decodeConfig(schema, "gft.yaml", tree)))

const issues = (tree: unknown) =>
  Either.match(decode(tree), {
    onLeft: (error) => error.issues.map((issue) => `${issue.path}: ${issue.message}`),
    onRight: () => [],
  })

const decoded = (tree: unknown): CondensateConfig => Either.getOrThrow(decode(tree)).condensate

describe("condensate config section", () => {
  it("fills defaults, also inside each listed spin", () => {
    expect(decoded({}).spins.map((spin) => spin.j)).toEqual([0.5, 1])
    expect(decoded({ condensate: { spins: [{ j: 1.5, charge: 2 }] } }).spins).toEqual([
      { j: 1.5, mass: 1, lambda: 0, charge: 2, turningRho: 1, turningChi: 0 },
    ])
  })

  it("rejects bad spins and values, naming the key, the expectation and the value", () => {
    expect(issues({ condensate: { spins: [{ j: 0.7 }, { j: 1, lambda: -1 }] } })).toEqual([
      "condensate.spins.0.j: Expected a positive half-integer <= 100 (0.5, 1, 1.5, ...), actual 0.7",
      "condensate.spins.1.lambda: Expected a finite number >= 0 and <= 1000000 (1), actual -1",
    ])
    expect(issues({ condensate: { spins: [{ j: 1 }, { j: 1 }] } })).toEqual(["condensate.spins: Expected spins with distinct j, actual j = 1 twice"])
    expect(issues({ condensate: { spins: [] } })).toEqual(["condensate.spins: Expected an array of at least 1 item(s), actual []"])
    expect(issues({ condensate: { spins: [{ j: 1, mass: 0 }], step: 0 } })).toEqual([
      "condensate.spins.0.mass: Expected a finite number > 0 and <= 100 (1/clock), actual 0",
      "condensate.step: Expected a finite number > 0 and <= 0.1 (clock), actual 0",
    ])
  })

  it("documents every key for hhml list --keys", () => {
    const [section] = describeConfig(schema)
    expect(section!.keys.map((key) => key.key)).toEqual([
      "condensate.spins",
      "condensate.power",
      "condensate.volumeUnit",
      "condensate.integrator",
      "condensate.step",
      "condensate.stepsPerRecord",
      "condensate.chiStart",
    ])
    expect(section!.keys[0]!.expected).toMatch(/list of 1 to 16 spins/)
  })
})

describe("condensateFromConfig", () => {
  it("starts each mode at chiStart on the orbit through its turning point", () => {
    const config = decoded({
      condensate: {
        spins: [
          { j: 0.5, mass: 1.2, lambda: 0, charge: 0.8, turningRho: 0.9, turningChi: 0.4 },
          { j: 2, mass: 0.7, lambda: 0.3, charge: -0.5, turningRho: 1.3, turningChi: -1.1 },
        ],
        power: 6,
        chiStart: -2.5,
      },
    })
    const { model, initial } = condensateFromConfig(config)
    config.spins.forEach((spin, i) => {
      // E_j at the turning point: Q²/ρ² - m²ρ² + (2λ/n) ρ^n.
      const expected = spin.charge ** 2 / spin.turningRho ** 2 - spin.mass ** 2 * spin.turningRho ** 2 + ((2 * spin.lambda) / 6) * spin.turningRho ** 6
      expect(energy(model, initial, i)).toBeCloseTo(expected, 8)
      expect(charge(initial, i)).toBeCloseTo(spin.charge, 10)
      // Carried back to its turning clock, the mode is at ρ = turningRho with ρ' = 0.
      const single = condensateModel({ spins: [spin], power: 6, volumeUnit: 1 })
      const state = { x: initial.x.slice(i, i + 1), y: initial.y.slice(i, i + 1), px: initial.px.slice(i, i + 1), py: initial.py.slice(i, i + 1) }
      advanceBy(single, state, spin.turningChi - config.chiStart, config.step, config.integrator)
      expect(Math.sqrt(amplitudeSquared(state, 0))).toBeCloseTo(spin.turningRho, 9)
      expect(amplitudeFlux(state, 0)).toBeCloseTo(0, 9)
    })
  })
})
