/** Vortex detection and tracking: plaquette charges, vortex currents, statistics, positions, worldlines. */
export { plaquetteCharges, plaquetteChargesTensor, type KernelOptions } from "./charges.js"
export { vortexCurrents, vortexCurrentsTensor, type CurrentOptions } from "./currents.js"
export { faceEdgeTable, type FaceEdgeTable } from "./face-edges.js"
export { parallelNodeThreshold, type PoolOptions } from "./pooled.js"
export { locateVortices, type VortexSet } from "./positions.js"
export { vortexStatistics, type VortexStatistics } from "./statistics.js"
export { type FieldTensors } from "./tfjs-kernels.js"
export {
  advanceTracker,
  startTracker,
  type EndedWorldline,
  type TrackedVortex,
  type TrackerState,
  type TrackerStep,
  type VortexEnd,
  type VortexEvent,
  type VortexOrigin,
} from "./tracking.js"
