/**
 * The records that flow through a simulation pipeline. Each stage adds what
 * it computes to the frame it receives, so the type of a record says which
 * stages it has passed through.
 */
import type { ComplexField } from "./field.js"
import type { Lattice } from "./lattice/lattice.js"
import type { EndedWorldline, TrackerState, VortexEvent } from "./vortices/tracking.js"
import type { VortexStatistics } from "./vortices/statistics.js"

/** One snapshot of the field, emitted every `stepsPerFrame` integrator steps. */
export interface Frame {
  /** 0-based index of the frame in the run. */
  readonly cycle: number
  /** Integrator steps taken since the start of the run. */
  readonly step: number
  /** Simulation time. */
  readonly time: number
  readonly lattice: Lattice
  readonly field: ComplexField
}

/** A field on its lattice at one moment, and the plaquette charges of its faces when known: what a live view draws. */
export interface FieldSnapshot {
  readonly lattice: Lattice
  readonly field: ComplexField
  readonly charges?: Int32Array
}

/** Added by `detectVortices`. */
export interface WithVortices {
  readonly vortices: {
    /** Plaquette charge of every face. */
    readonly charges: Int32Array
    readonly statistics: VortexStatistics
  }
}

/** Added by `trackVortices`. */
export interface WithTracking {
  readonly tracking: {
    readonly state: TrackerState
    /** Events between the previous frame and this one (none at the first frame). */
    readonly events: readonly VortexEvent[]
    readonly ended: readonly EndedWorldline[]
    readonly persisted: number
    readonly moved: number
  }
}
