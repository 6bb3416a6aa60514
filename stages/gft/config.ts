/**
 * The `condensate` config section: the spins, each with its mass,
 * interaction, charge and turning point, the interaction power, the volume
 * unit, and the integrator, its step and the clock at which the run starts.
 * The run covers χ from `chiStart` to chiStart + cycles · stepsPerRecord · step.
 */
import { Schema } from "effect"
import { ExpectationAnnotationId, choice, integer, number, section } from "../parameters.js"
import { type IntegratorScheme, advanceBy, integratorSchemes } from "./integrator.js"
import { type CondensateModel, condensateModel } from "./model.js"
import { type PhaseSpace, phaseSpaceFromPolar } from "./phase-space.js"

const maxSpin = 100
const spinExpectation = `a positive half-integer <= ${maxSpin} (0.5, 1, 1.5, ...)`

const spinValue = Schema.optionalWith(
  Schema.Number.pipe(Schema.filter((j) => Number.isFinite(j) && j > 0 && j <= maxSpin && Number.isInteger(2 * j))).annotations({
    documentation: "Spin j of the mode; its quanta carry volume V_j = volumeUnit · j^{3/2}",
    [ExpectationAnnotationId]: spinExpectation,
    message: (issue) => ({ message: `Expected ${spinExpectation}, actual ${JSON.stringify(issue.actual)}`, override: true }),
  }),
  { default: () => 0.5, exact: true },
)

const spinEntry = Schema.Struct({
  j: spinValue,
  mass: number({ default: 1, above: 0, max: 100, unit: "1/clock", description: "m_j: V'/V → ±2m_j far from the bounce (m_j² plays 3πG)" }),
  lambda: number({ default: 0, min: 0, max: 1e6, unit: "1", description: "λ_j >= 0: the interaction λ_j ρ_j^{n-1} in the equation of motion; > 0 bounds ρ_j (recollapse)" }),
  charge: number({ default: 1, min: -1e6, max: 1e6, unit: "1/clock", description: "Q_j = ρ_j² θ_j', conserved; Q_j ≠ 0 keeps ρ_j > 0 (bounce)" }),
  turningRho: number({ default: 1, above: 0, max: 1e6, unit: "1", description: "ρ_j at its turning point, where ρ_j' = 0 (E_j follows from it)" }),
  turningChi: number({ default: 0, min: -1000, max: 1000, unit: "clock", description: "Clock χ_j of that turning point" }),
})

export type SpinConfig = Schema.Schema.Type<typeof spinEntry>

const defaultSpins: readonly SpinConfig[] = [
  { j: 0.5, mass: 1, lambda: 0, charge: 1, turningRho: 1, turningChi: 0 },
  { j: 1, mass: 1, lambda: 0, charge: 0.5, turningRho: 0.5, turningChi: 0.25 },
]

const spinsExpectation = "a list of 1 to 16 spins {j, mass, lambda, charge, turningRho, turningChi} with distinct j"

const spinList = Schema.optionalWith(
  Schema.Array(spinEntry)
    .pipe(
      Schema.minItems(1),
      Schema.maxItems(16),
      Schema.filter((spins) => {
        const repeated = spins.find((spin, i) => spins.findIndex((other) => other.j === spin.j) !== i)
        return repeated === undefined || `Expected spins with distinct j, actual j = ${repeated.j} twice`
      }),
    )
    .annotations({
      documentation: "The condensate's modes: per spin j its mass, interaction, charge and turning point (each key optional)",
      [ExpectationAnnotationId]: spinsExpectation,
    }),
  { default: () => defaultSpins, exact: true },
)

export const condensateSection = section(
  {
    spins: spinList,
    power: integer({ default: 4, min: 3, max: 12, unit: "1", description: "Interaction power n in the potential (2λ_j/n) ρ_j^n" }),
    volumeUnit: number({ default: 1, above: 0, max: 1e6, unit: "volume", description: "v₀ in V_j = v₀ j^{3/2}" }),
    integrator: choice({
      values: integratorSchemes,
      default: "yoshida4",
      description: "Symplectic integrator: yoshida4 (4th order, 3 leapfrogs) or leapfrog (Störmer-Verlet, 2nd order)",
    }),
    step: number({ default: 0.001, above: 0, max: 0.1, unit: "clock", description: "Clock step h of the integrator" }),
    stepsPerRecord: integer({ default: 10, min: 1, max: 1_000_000, unit: "steps", description: "Integrator steps between recorded rows" }),
    chiStart: number({ default: -3, min: -1000, max: 1000, unit: "clock", description: "Clock χ at which the run starts (each mode is first carried there from its turning point)" }),
  },
  "GFT condensate: spins, couplings, initial data and the clock integrator",
)

export type CondensateConfig = Schema.Schema.Type<typeof condensateSection>

export interface CondensateSetup {
  readonly model: CondensateModel
  readonly scheme: IntegratorScheme
  /** The phase space at χ = chiStart. */
  readonly initial: PhaseSpace
}

/**
 * The model the config describes and its state at `chiStart`: each mode
 * starts at its turning point (ρ_j' = 0) and is carried to `chiStart` alone,
 * in steps of at most `step`.
 */
export const condensateFromConfig = (config: CondensateConfig): CondensateSetup => {
  const model = condensateModel({ spins: config.spins, power: config.power, volumeUnit: config.volumeUnit })
  const modes = config.spins.map((spin, i) => {
    const single = condensateModel({ spins: [spin], power: config.power, volumeUnit: config.volumeUnit })
    const state = phaseSpaceFromPolar([{ rho: spin.turningRho, rhoRate: 0, charge: spin.charge }])
    advanceBy(single, state, config.chiStart - spin.turningChi, config.step, config.integrator)
    if (![state.x[0]!, state.y[0]!, state.px[0]!, state.py[0]!].every(Number.isFinite)) {
      throw new RangeError(
        `condensate.spins[${i}] leaves the floating-point range between its turningChi = ${spin.turningChi} and chiStart = ${config.chiStart}: bring them closer or lower the mass`,
      )
    }
    return state
  })
  const component = (key: keyof PhaseSpace) => Float64Array.from(modes, (state) => state[key][0]!)
  return { model, scheme: config.integrator, initial: { x: component("x"), y: component("y"), px: component("px"), py: component("py") } }
}
