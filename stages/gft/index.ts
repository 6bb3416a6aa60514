/**
 * GFT condensate cosmology (docs/theory/gft.md): a multi-spin condensate in a
 * relational clock, integrated symplectically, with its volume, effective
 * Friedmann terms, bounces and recollapses; and the melonic Schwinger–Dyson
 * equation of the quartic tensor model.
 *
 *   pipe(evolveCondensate(config.condensate, { cycles: 600 }), withElapsed)
 */
export { freeAmplitudeSquared, freeAmplitudeSquaredRate, freeMinimumAmplitudeSquared, freePolarData, type FreeMode } from "./closed-form.js"
export { condensateFromConfig, condensateSection, type CondensateConfig, type CondensateSetup, type SpinConfig } from "./config.js"
export { crossing, refineEvent, type VolumeEvent, type VolumeEventKind } from "./events.js"
export { advance, advanceBy, integratorSchemes, schemeOrder, step, type IntegratorScheme } from "./integrator.js"
export {
  melonicClosedForm,
  melonicCriticalExponent,
  melonicCriticalPoint,
  melonicMethods,
  solveMelonic,
  type CriticalExponent,
  type CriticalPoint,
  type MelonicMethod,
  type MelonicOptions,
  type MelonicSolution,
} from "./melonic.js"
export { condensateModel, spinLabel, spinVolume, type CondensateModel, type CondensateSpec, type SpinMode } from "./model.js"
export { observe, volume, volumeRate, volumeSecondDerivative, type FriedmannTerms, type Observables } from "./observables.js"
export {
  amplitudeFlux,
  amplitudeSquared,
  charge,
  clonePhaseSpace,
  energy,
  phaseSpaceFromPolar,
  type PhaseSpace,
  type PolarData,
} from "./phase-space.js"
export { evolveCondensate, type CondensateRecord, type CondensateStart, type EvolveCondensateOptions } from "./stage.js"
export { eventsTable, metricsTable, type EventRow, type GftRecord } from "./tables.js"
