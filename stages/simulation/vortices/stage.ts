/**
 * The vortex stages: `detectVortices` adds plaquette charges and their
 * statistics to each frame; `trackVortices` follows worldlines from frame to
 * frame with the space-time currents between them.
 *
 * On the js kernel both run on a worker pool given in their options (large
 * lattices only, see pooled.ts); the caller owns the pool and closes it after
 * the stream ends.
 */
import { Effect, Option, Stream } from "effect"
import { StageError, errorMessage } from "../../stage.js"
import type { ComplexField } from "../field.js"
import type { Frame, WithTracking, WithVortices } from "../frame.js"
import { type KernelOptions, plaquetteCharges } from "./charges.js"
import { type CurrentOptions, vortexCurrents } from "./currents.js"
import { vortexStatistics } from "./statistics.js"
import { type TrackerState, advanceTracker, startTracker } from "./tracking.js"

const attempt = <A>(stage: string, f: () => A) =>
  Effect.try({ try: f, catch: (cause) => new StageError({ stage, message: errorMessage(cause), cause }) })

export const detectVortices =
  (options: KernelOptions = {}) =>
  <F extends Frame, E, R>(input: Stream.Stream<F, E, R>): Stream.Stream<F & WithVortices, E | StageError, R> =>
    Stream.mapEffect(input, (frame) =>
      attempt("detectVortices", () => {
        const charges = plaquetteCharges(frame.lattice, frame.field, options)
        return { ...frame, vortices: { charges, statistics: vortexStatistics(charges) } }
      }),
    )

/** The kernel, the pool for the js kernel, and where a resumed run continues. */
export type TrackOptions = Pick<CurrentOptions, "kernel" | "pool" | "parallelThreshold"> & {
  /** Continue tracking from a checkpoint: the tracker state and the field of its frame. */
  readonly start?: { readonly state: TrackerState; readonly field: ComplexField }
}

type Previous = Option.Option<{ readonly field: ComplexField; readonly state: TrackerState }>

export const trackVortices =
  (options: TrackOptions = {}) =>
  <F extends Frame & WithVortices, E, R>(input: Stream.Stream<F, E, R>): Stream.Stream<F & WithTracking, E | StageError, R> =>
    Stream.mapAccumEffect(input, Option.fromNullable(options.start) as Previous, (previous, frame) =>
      attempt("trackVortices", (): [Previous, F & WithTracking] => {
        const tracking = Option.match(previous, {
          onNone: () => ({
            state: startTracker(frame.vortices.charges, frame.cycle),
            events: [],
            ended: [],
            persisted: 0,
            moved: 0,
          }),
          onSome: (last) => {
            const currents = vortexCurrents(frame.lattice, last.field, frame.field, options)
            return advanceTracker(frame.lattice, last.state, frame.vortices.charges, currents)
          },
        })
        return [Option.some({ field: frame.field, state: tracking.state }), { ...frame, tracking }]
      }),
    )
