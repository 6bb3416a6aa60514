/**
 * The ensemble-pruning stages, composable with `pipe` after the simulation's:
 *
 *   pipe(lattice(config.lattice), holographicDrive(config.drive, { prng }),
 *        warmUp(config.dynamics, { prng, cycles: 50 }),
 *        branchEnsemble(config.ensemble, { prng }),
 *        evolveEnsemble(config.dynamics, { cycles: 100, steps: 10 }),
 *        analyseEnsemble(config.ensemble, { prng }))
 *
 * The ensemble integrator (tensors on the tfjs kernel) is scoped to the
 * stream: it is released when the stream ends, fails or is interrupted.
 */
import { Stream, pipe } from "effect"
import type { KernelName } from "../../compute/backend.js"
import type { Prng } from "../../prng.js"
import { StageError, errorMessage, mapStage } from "../../stage.js"
import type { DrivenLattice } from "../../simulation/drive/stage.js"
import { type DynamicsConfig, equationFromConfig } from "../../simulation/dynamics/config.js"
import type { Drive } from "../../simulation/dynamics/equation.js"
import { cycleFrames, evolve, scopedIntegrator } from "../../simulation/dynamics/stage.js"
import type { ComplexField } from "../../simulation/field.js"
import type { Frame } from "../../simulation/frame.js"
import type { Lattice } from "../../simulation/lattice/lattice.js"
import { type EnsembleAnalysis, analyseBranches } from "./analysis.js"
import { branchField } from "./branching.js"
import type { EnsembleConfig } from "./config.js"
import { createEnsembleIntegrator } from "./ensemble-integrator.js"

/** The last frame of a warm-up run, with the drive it ran under (none for an undriven lattice). */
export type WarmedUp = Frame & { readonly drive: Drive | undefined }

/** An ensemble at its start: branches of one field at time `time`, under one equation. */
export interface Ensemble {
  readonly lattice: Lattice
  readonly drive: Drive | undefined
  /** t0: the simulation time the branches start from. */
  readonly time: number
  readonly branches: readonly ComplexField[]
}

/** The ensemble after a number of steps from t0. */
export interface EnsembleFrame {
  /** 0-based analysis cycle. */
  readonly cycle: number
  /** RK4 steps since branching. */
  readonly step: number
  readonly time: number
  /** t0 of the ensemble. */
  readonly branchTime: number
  readonly lattice: Lattice
  readonly branches: readonly ComplexField[]
}

export type EnsembleRecord = EnsembleFrame & { readonly analysis: EnsembleAnalysis }

/** The lattice of a (driven) lattice and the drive term of its equation (none for an undriven lattice). */
export const drivenParts = (input: Lattice | DrivenLattice): { readonly lattice: Lattice; readonly drive: Drive | undefined } =>
  "drive" in input && "lattice" in input
    ? { lattice: input.lattice, drive: { amplitude: input.drive.epsilon, frequency: input.drive.omega, profile: input.drive.profile } }
    : { lattice: input, drive: undefined }

const failure = (stage: string) => (cause: unknown) => new StageError({ stage, message: errorMessage(cause), cause })

export interface WarmUpOptions {
  readonly prng: Prng
  /** Frames of the simulation to run from noise (>= 1); only the last is kept. */
  readonly cycles: number
  readonly kernel?: KernelName
}

/** Runs the simulation's `evolve` stage from noise on each (driven) lattice and keeps its last frame. */
export const warmUp =
  (config: DynamicsConfig, options: WarmUpOptions) =>
  <E, R>(input: Stream.Stream<Lattice | DrivenLattice, E, R>): Stream.Stream<WarmedUp, E | StageError, R> =>
    Stream.flatMap(input, (item) =>
      pipe(
        Stream.succeed(item),
        evolve(config, { prng: options.prng, cycles: options.cycles, ...(options.kernel === undefined ? {} : { kernel: options.kernel }) }),
        Stream.takeRight(1),
        Stream.map((frame): WarmedUp => ({ ...frame, drive: drivenParts(item).drive })),
      ),
    )

/** Branches each warmed-up field into config.branches perturbed copies (branching.ts). */
export const branchEnsemble = (config: EnsembleConfig, options: { readonly prng: Prng }) =>
  mapStage("branchEnsemble", (warm: WarmedUp): Ensemble => ({
    lattice: warm.lattice,
    drive: warm.drive,
    time: warm.time,
    branches: branchField(warm.field, options.prng, { branches: config.branches, amplitude: config.perturbation }),
  }))

export interface EvolveEnsembleOptions {
  /** Analysis cycles in the whole run: 0 .. cycles-1. */
  readonly cycles: number
  /** RK4 steps between cycles. */
  readonly steps: number
  readonly kernel?: KernelName
  /** Continue after this cycle, `step` steps from t0 (a resumed run; the ensemble then holds the branches at that cycle). */
  readonly start?: { readonly cycle: number; readonly step: number }
}

const frames = (ensemble: Ensemble, config: DynamicsConfig, options: EvolveEnsembleOptions): Stream.Stream<EnsembleFrame, StageError> => {
  const fail = failure("evolveEnsemble")
  const first = options.start === undefined ? 0 : options.start.cycle + 1
  const integrator = scopedIntegrator(
    () =>
      createEnsembleIntegrator(ensemble.lattice, equationFromConfig(config, ensemble.drive), {
        dt: config.dt,
        kernel: options.kernel ?? "js",
        branches: ensemble.branches,
        time: ensemble.time,
        stepsTaken: options.start?.step ?? 0,
      }),
    fail,
  )
  return cycleFrames(integrator, { first, last: options.cycles - 1 }, fail, (opened, cycle): EnsembleFrame => {
    opened.advance(options.steps)
    return { cycle, step: opened.steps, time: opened.time, branchTime: ensemble.time, lattice: ensemble.lattice, branches: opened.read() }
  })
}

/** Evolves each ensemble with the dynamics' equation by RK4, batched on the tfjs kernel, and emits a frame every `steps` steps. */
export const evolveEnsemble =
  (config: DynamicsConfig, options: EvolveEnsembleOptions) =>
  <E, R>(input: Stream.Stream<Ensemble, E, R>): Stream.Stream<EnsembleFrame, E | StageError, R> => {
    if (!Number.isSafeInteger(options.cycles) || options.cycles < 1) {
      throw new RangeError(`evolveEnsemble: cycles must be an integer >= 1, got ${options.cycles}`)
    }
    if (!Number.isSafeInteger(options.steps) || options.steps < 1) {
      throw new RangeError(`evolveEnsemble: steps must be an integer >= 1, got ${options.steps}`)
    }
    return Stream.flatMap(input, (ensemble) => frames(ensemble, config, options))
  }

/** Adds the cycle's analysis (analysis.ts) to every ensemble frame. */
export const analyseEnsemble = (config: EnsembleConfig, options: { readonly prng: Prng; readonly kernel?: KernelName }) =>
  mapStage("analyseEnsemble", (frame: EnsembleFrame): EnsembleRecord => ({
    ...frame,
    analysis: analyseBranches(frame.lattice, frame.branches, config, options),
  }))
