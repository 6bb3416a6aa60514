/**
 * Control and reinforcement learning, composable with `pipe`:
 *
 *   pipe(lattice(config.lattice), holographicDrive(config.drive, { prng }),
 *        vortexEnvironment(config, { kernel }), td3Control(config.agent, { prng, cycles }))
 *
 * Any object implementing `Environment` can take the vortex environment's
 * place (docs/training.md).
 */
export { type Adam, type AdamSettings, type AdamState, adam } from "./adam.js"
export {
  type AgentConfig,
  type ControlOptions,
  type EnvironmentStepRecord,
  type LearningRecord,
  type TrainingRecord,
  type TrainingState,
  agentSection,
  td3Control,
  trainingStateVersion,
} from "./control.js"
export { type Box, type Environment, type ResetResult, type StepInfo, type StepResult, box, boxSize, clip, contains } from "./environment.js"
export { normalizeAngle, pendulum, pendulumComponents, pendulumConstants, pendulumMetrics, type PendulumState } from "./envs/pendulum.js"
export { vortexControlSection, vortexEnvironment, type VortexControlConfig } from "./envs/vortex-control/index.js"
export { type ObservationHistory, observationHistory } from "./history.js"
export { type LstmSpec, type MlpSpec, type Network, chain, encodeThenConcat, lstmEncoder, mlp, readWeights, writeWeights } from "./networks.js"
export { type EpisodeResult, type Policy, fixedPolicy, randomPolicy, runEpisode, trainedPolicy } from "./policies.js"
export { ReplayBuffer, type ReplayBufferShape, type ReplayBufferState, type TransitionBatch } from "./replay-buffer.js"
export { type EnvironmentNames, columnName, evaluationTable, trainingMetricsTable, trainingNames, trainingRows } from "./tables.js"
export { type NetworkName, type Td3Agent, type Td3Config, type Td3Spec, type Td3State, type UpdateStats, networkNames, polyakUpdate, td3, td3Fields } from "./td3.js"
export { type TransitionStep, type VectorEnvironment, type VectorEnvironmentState, heldOutSeed, heldOutSeedBase, vectorEnvironment } from "./vector-environment.js"
