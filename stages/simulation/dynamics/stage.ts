/**
 * The `evolve` stage: integrates the field on each incoming lattice (driven or
 * not) and emits a `Frame` every `stepsPerFrame` steps, `cycles` frames in all.
 *
 * The integrator (tensors on the tfjs kernel) and, for large lattices on the
 * js kernel, a worker pool are scoped to the stream: they are released when
 * the stream ends, fails or is interrupted.
 */
import { Effect, type Scope, Stream } from "effect"
import type { KernelName } from "../../compute/backend.js"
import { type WorkerPool, createWorkerPool } from "../../compute/parallel.js"
import type { Prng } from "../../prng.js"
import { StageError, errorMessage } from "../../stage.js"
import type { DrivenLattice } from "../drive/stage.js"
import type { ComplexField } from "../field.js"
import type { Frame } from "../frame.js"
import type { Lattice } from "../lattice/lattice.js"
import { type DynamicsConfig, integratorFromConfig } from "./config.js"
import { noiseField } from "./initial-field.js"
import { parallelNodeThreshold } from "./rk4-js.js"

/** Where a resumed run continues: the state after frame `cycle`, `step` steps from t = 0. */
export interface EvolveStart {
  readonly cycle: number
  readonly step: number
  readonly field: ComplexField
}

export interface EvolveOptions {
  readonly prng: Prng
  /** Frames in the whole run, per lattice: cycles 0 .. cycles-1. */
  readonly cycles: number
  readonly kernel?: KernelName
  /** Continue after this frame instead of starting from noise at cycle 0. */
  readonly start?: EvolveStart
  /** A worker pool for the js kernel, owned by the caller; without one, evolve opens its own for large lattices. */
  readonly pool?: WorkerPool
}

const fail = (cause: unknown) => new StageError({ stage: "evolve", message: errorMessage(cause), cause })

const isDriven = (input: Lattice | DrivenLattice): input is DrivenLattice => "drive" in input && "lattice" in input

/** A worker pool when the js kernel will use one (large lattices), else nothing to release. */
const scopedPool = (kernel: KernelName, nodeCount: number) =>
  kernel === "js" && nodeCount >= parallelNodeThreshold
    ? Effect.acquireRelease(
        Effect.tryPromise({ try: () => createWorkerPool(), catch: fail }),
        (pool) => Effect.promise(() => pool.close()),
      )
    : Effect.succeed(undefined as WorkerPool | undefined)

/** `open()` as a scoped resource, disposed when its scope closes; a throw becomes a StageError through `fail`. */
export const scopedIntegrator = <I extends { dispose(): void }>(
  open: () => I,
  fail: (cause: unknown) => StageError,
): Effect.Effect<I, StageError, Scope.Scope> =>
  Effect.acquireRelease(Effect.try({ try: open, catch: fail }), (opened) => Effect.sync(() => opened.dispose()))

/**
 * Emits `frame(integrator, cycle)` for cycles first .. last, the integrator
 * scoped to the stream (released when it ends, fails or is interrupted); a
 * throw becomes a StageError through `fail`.
 */
export const cycleFrames = <I, F>(
  integrator: Effect.Effect<I, StageError, Scope.Scope>,
  cycles: { readonly first: number; readonly last: number },
  fail: (cause: unknown) => StageError,
  frame: (opened: I, cycle: number) => F,
): Stream.Stream<F, StageError> =>
  Stream.unwrapScoped(
    Effect.map(integrator, (opened) =>
      Stream.mapEffect(Stream.range(cycles.first, cycles.last), (cycle) => Effect.try({ try: () => frame(opened, cycle), catch: fail })),
    ),
  )

const frames = (input: Lattice | DrivenLattice, config: DynamicsConfig, options: EvolveOptions): Stream.Stream<Frame, StageError> => {
  const lattice = isDriven(input) ? input.lattice : input
  const kernel = options.kernel ?? "js"
  const first = options.start === undefined ? 0 : options.start.cycle + 1
  const stepsBefore = options.start?.step ?? 0
  const pool = options.pool === undefined ? scopedPool(kernel, lattice.nodeCount) : Effect.succeed(options.pool)
  const integrator = Effect.flatMap(pool, (pool) =>
    scopedIntegrator(
      () =>
        integratorFromConfig(lattice, config, {
          kernel,
          initial: options.start?.field ?? noiseField(lattice.nodeCount, options.prng, config.initialNoise),
          ...(options.start === undefined ? {} : { stepsTaken: options.start.step }),
          ...(isDriven(input)
            ? { drive: { amplitude: input.drive.epsilon, frequency: input.drive.omega, profile: input.drive.profile } }
            : {}),
          ...(pool === undefined ? {} : { pool }),
        }),
      fail,
    ),
  )
  return cycleFrames(integrator, { first, last: options.cycles - 1 }, fail, (opened, cycle): Frame => {
    opened.advance(config.stepsPerFrame)
    return { cycle, step: stepsBefore + (cycle - first + 1) * config.stepsPerFrame, time: opened.time, lattice, field: opened.read() }
  })
}

export const evolve =
  (config: DynamicsConfig, options: EvolveOptions) =>
  <E, R>(input: Stream.Stream<Lattice | DrivenLattice, E, R>): Stream.Stream<Frame, E | StageError, R> => {
    if (!Number.isSafeInteger(options.cycles) || options.cycles < 1) {
      throw new RangeError(`evolve: cycles must be an integer >= 1, got ${options.cycles}`)
    }
    return Stream.flatMap(input, (lattice) => frames(lattice, config, options))
  }
