/**
 * The vortex stages: `detectVortices` adds plaquette charges and their
 * statistics to each frame; `trackVortices` follows worldlines from frame to
 * frame with the space-time currents between them.
 */
import { Effect, Option, Stream } from "effect"
import type { KernelName } from "../../compute/backend.js"
import { StageError, errorMessage } from "../../stage.js"
import type { Frame, WithTracking, WithVortices } from "../frame.js"
import { plaquetteCharges } from "./charges.js"
import { vortexCurrents } from "./currents.js"
import { vortexStatistics } from "./statistics.js"
import { type TrackerState, advanceTracker, startTracker } from "./tracking.js"

const attempt = <A>(stage: string, f: () => A) =>
  Effect.try({ try: f, catch: (cause) => new StageError({ stage, message: errorMessage(cause), cause }) })

export const detectVortices =
  (options: { readonly kernel?: KernelName } = {}) =>
  <F extends Frame, E, R>(input: Stream.Stream<F, E, R>): Stream.Stream<F & WithVortices, E | StageError, R> =>
    Stream.mapEffect(input, (frame) =>
      attempt("detectVortices", () => {
        const charges = plaquetteCharges(frame.lattice, frame.field, { kernel: options.kernel ?? "js" })
        return { ...frame, vortices: { charges, statistics: vortexStatistics(charges) } }
      }),
    )

export interface TrackOptions {
  readonly kernel?: KernelName
}

type Previous = Option.Option<{ readonly frame: Frame & WithVortices; readonly state: TrackerState }>

export const trackVortices =
  (options: TrackOptions = {}) =>
  <F extends Frame & WithVortices, E, R>(input: Stream.Stream<F, E, R>): Stream.Stream<F & WithTracking, E | StageError, R> =>
    Stream.mapAccumEffect(input, Option.none() as Previous, (previous, frame) =>
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
            const currents = vortexCurrents(frame.lattice, last.frame.field, frame.field, { kernel: options.kernel ?? "js" })
            return advanceTracker(frame.lattice, last.state, frame.vortices.charges, currents)
          },
        })
        return [Option.some({ frame, state: tracking.state }), { ...frame, tracking }]
      }),
    )
