/**
 * The HHmL vortex-control environment: its config section, the control
 * registry, the reward, the observation, the environment and its stage.
 */
export { defaultControls, EnvironmentConfigError, type VortexControlConfig, vortexControlSection } from "./config.js"
export {
  actOn,
  type Control,
  type ControlMapping,
  type ControlName,
  controlByName,
  controlNames,
  controls,
  type ControlTarget,
  normalise,
  type Settings,
} from "./controls.js"
export { checkSetup, environmentName, VortexControlEnvironment, type VortexEnvironmentSetup } from "./environment.js"
export { type FieldSummary, observationNames, observationSpace } from "./observation.js"
export { type OriginalParameter, originalParameterNames, originalParameters } from "./original-parameters.js"
export { controlsMarkdown } from "./reference.js"
export { controlEffort, reward, type RewardComponents, type RewardWeights, trackingLipschitz, trackingReward, trackingSlope } from "./reward.js"
export { vortexEnvironment, type VortexEnvironmentOptions } from "./stage.js"
