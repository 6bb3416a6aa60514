/**
 * The simulation stages, composable with `pipe`:
 *
 *   pipe(lattice(config.lattice), holographicDrive(config.drive, { prng }),
 *        evolve(config.dynamics, { prng, cycles: 100 }), measureField(),
 *        detectVortices(), trackVortices())
 */
export { fieldDiagnostics, measureField, type EnergyTerms, type FieldDiagnostics } from "./diagnostics.js"
export { driveSection, type DriveConfig } from "./drive/config.js"
export { holographicDrive, type DrivenLattice, type DriveStageOptions } from "./drive/stage.js"
export { dynamicsSection, type DynamicsConfig } from "./dynamics/config.js"
export { evolve, type EvolveOptions } from "./dynamics/stage.js"
export { type ComplexField } from "./field.js"
export { type Frame, type WithTracking, type WithVortices } from "./frame.js"
export { latticeSection, type LatticeConfig } from "./lattice/config.js"
export { type Lattice } from "./lattice/lattice.js"
export { lattice } from "./lattice/stage.js"
export { detectVortices, trackVortices, type TrackOptions } from "./vortices/stage.js"
