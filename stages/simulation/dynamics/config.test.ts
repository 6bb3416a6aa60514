import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Prng } from "../../prng.js"
import { ringLattice } from "../lattice/index.js"
import { dynamicsSection, equationFromConfig, integratorFromConfig } from "./config.js"
import { noiseField } from "./initial-field.js"

const schema = Schema.Struct({ dynamics: dynamicsSection })
const decode = Schema.decodeUnknownSync(schema)

describe("dynamicsSection", () => {
  it("fills every field with its default", () => {
    expect(decode({}).dynamics).toEqual({
      model: "cgle",
      b: 0.5,
      c: 0.5,
      mu: 1,
      potential: 0,
      g: 1,
      dt: 0.05,
      stepsPerFrame: 10,
      initialNoise: 0.1,
      tolerance: 1e-10,
    })
  })

  it("states the expectation of a field that is out of range", () => {
    expect(() => decode({ dynamics: { dt: 2 } })).toThrow(/Expected a finite number > 0 and <= 1 \(time\), actual 2/)
    expect(() => decode({ dynamics: { model: "kdv" } })).toThrow(/"cgle" \| "nls"/)
  })
})

describe("equationFromConfig", () => {
  const defaults = decode({}).dynamics

  it("maps the cgle coefficients to D = 1 + ib, G = 1 + ic", () => {
    expect(equationFromConfig({ ...defaults, b: 2, c: -1, mu: 0.5, potential: 0.25 })).toEqual({
      mu: 0.5,
      potential: 0.25,
      diffusion: { re: 1, im: 2 },
      nonlinearity: { re: 1, im: -1 },
    })
  })

  it("maps the nls coefficients to D = i, G = ig, μ = 0", () => {
    expect(equationFromConfig({ ...defaults, model: "nls", g: -3 })).toEqual({
      mu: 0,
      potential: 0,
      diffusion: { re: 0, im: 1 },
      nonlinearity: { re: 0, im: -3 },
    })
  })

  it("refuses a drive for the nls", () => {
    const drive = { amplitude: 1, frequency: 1, profile: { re: new Float64Array(3), im: new Float64Array(3) } }
    expect(() => equationFromConfig({ ...defaults, model: "nls" }, drive)).toThrow(/"nls" takes no drive/)
    expect(equationFromConfig(defaults, drive).drive).toBe(drive)
  })

  it("builds an integrator with the config's step, kernel and scheme", () => {
    const lattice = ringLattice({ nodes: 16 })
    const integrator = integratorFromConfig(lattice, { ...defaults, model: "nls", dt: 0.2 }, { initial: noiseField(16, Prng.seeded(1), 1), time: 3 })
    expect([integrator.scheme, integrator.kernel, integrator.dt, integrator.time]).toEqual(["strang", "js", 0.2, 3])
    integrator.dispose()
  })
})
