/**
 * The `environment` config section of the vortex-control task: episode
 * shape, the target range, the reward weights, the divergence limit, and
 * which registered controls the agent sets.
 */
import { Data, Schema } from "effect"
import { ExpectationAnnotationId, integer, number } from "../../../parameters.js"
import { type ControlName, controlNames } from "./controls.js"

/** The default task: two drive controls with a strong, fast effect on the vortex density (docs/theory/control.md). */
export const defaultControls: readonly ControlName[] = ["driveAmplitude", "wavenumber"]

const controlsExpectation = `a list of 1 to ${controlNames.length} distinct control names: ${controlNames.map((n) => JSON.stringify(n)).join(" | ")}`

const controlList = Schema.optionalWith(
  Schema.Array(Schema.Literal(...controlNames))
    .pipe(
      Schema.minItems(1),
      Schema.filter((names) => {
        const repeated = names.find((name, i) => names.indexOf(name) !== i)
        return repeated === undefined || `Expected distinct control names, actual ${JSON.stringify(repeated)} twice`
      }),
    )
    .annotations({
      documentation: "The controls the agent sets, in action order (docs/control-parameters.md); the others stay at their config values",
      [ExpectationAnnotationId]: controlsExpectation,
      message: (issue) => ({ message: `Expected ${controlsExpectation}, actual ${JSON.stringify(issue.actual)}`, override: true }),
    }),
  { default: () => defaultControls, exact: true },
)

const description = "The vortex-control environment: episodes, target, reward and the controls the agent sets"

const fields = Schema.Struct({
  controls: controlList,
  episodeLength: integer({ default: 32, min: 1, max: 1_000_000, unit: "actions", description: "Actions per episode; the episode is truncated after the last" }),
  stepsPerAction: integer({ default: 20, min: 1, max: 1_000_000, unit: "steps", description: "Field time steps (dynamics.dt each) between two actions" }),
  warmupSteps: integer({
    default: 100,
    min: 0,
    max: 1_000_000,
    unit: "steps",
    description: "Field steps at the initial settings after reset, before the first observation, so episodes start from a developed field rather than noise",
  }),
  targetMin: number({ default: 0.02, min: 0, max: 1, unit: "vortices / face", description: "Lower end of the target vortex density range; each episode draws its target uniformly from [targetMin, targetMax]" }),
  targetMax: number({ default: 0.12, min: 0, max: 1, unit: "vortices / face", description: "Upper end of the target range (equal to targetMin: a fixed target)" }),
  trackingScale: number({
    default: 0.02,
    above: 0,
    max: 1,
    unit: "vortices / face",
    description: "Density error at which the tracking reward has fallen to 1/√2 of its maximum",
  }),
  trackingWeight: number({ default: 1, min: 0, max: 1000, unit: "reward", description: "Tracking reward at zero error (its maximum per action)" }),
  effortWeight: number({ default: 0.1, min: 0, max: 1000, unit: "reward", description: "Penalty for moving every active control across its whole range in one action" }),
  instabilityWeight: number({ default: 1, min: 0, max: 1000, unit: "reward", description: "Penalty as the norm per node reaches divergenceNorm (it grows as its square)" }),
  divergencePenalty: number({ default: 10, min: 0, max: 1e6, unit: "reward", description: "Penalty when the field diverges (norm above divergenceNorm, or NaN); the episode ends" }),
  divergenceNorm: number({ default: 100, above: 0, max: 1e12, unit: "|ψ|² per node", description: "Norm per node Σ|ψ|²/N above which the field counts as diverged" }),
  seedPairs: integer({ default: 4, min: 1, max: 4096, unit: "pairs / action", description: "vortexSeeding: vortex-antivortex pairs imprinted per action, at adjacent faces drawn from the environment's PRNG" }),
  annihilationRadius: number({
    default: 2,
    above: 0,
    max: 100,
    unit: "× face spacing",
    description: "pairAnnihilation: opposite charges closer than this (in units of the median distance between adjacent face centres) are paired",
  }),
})

/** The section's struct with its cross-field rule: the target range is not empty. */
const struct = fields
  .pipe(
    Schema.filter((config) =>
      config.targetMin <= config.targetMax || `Expected targetMin <= targetMax, actual targetMin = ${config.targetMin} > targetMax = ${config.targetMax}`,
    ),
  )
  .annotations({ documentation: description })

export type VortexControlConfig = Schema.Schema.Type<typeof struct>

/** The `environment` section; omitted, it is all defaults (as every section built with stages/parameters.ts `section`). */
export const vortexControlSection = Schema.optionalWith(struct, {
  default: (): VortexControlConfig => Schema.decodeUnknownSync(struct)({}),
  exact: true,
})

/**
 * A config that decodes but does not fit the lattice or the dynamics it is
 * used with (a control that cannot act on the lattice, a time step too long
 * for a control's range). `path` is the config key at fault; a pipeline turns
 * this into its ConfigError (exit status 2).
 */
export class EnvironmentConfigError extends Data.TaggedError("EnvironmentConfigError")<{
  readonly path: string
  readonly message: string
}> {}
