/**
 * The `vortexEnvironment` stage: one vortex-control environment per driven
 * lattice,
 *
 *   pipe(lattice(config.lattice), holographicDrive(config.drive, { prng, kernel }),
 *        vortexEnvironment({ environment: config.environment, dynamics: config.dynamics }, { kernel }))
 *
 * A config that does not fit the lattice or the dynamics fails the stream
 * with a StageError whose cause is the EnvironmentConfigError naming the key.
 * The environments belong to the consumer, which disposes them.
 */
import { Effect, Stream } from "effect"
import type { KernelName } from "../../../compute/backend.js"
import type { WorkerPool } from "../../../compute/parallel.js"
import type { DrivenLattice } from "../../../simulation/drive/stage.js"
import type { DynamicsConfig } from "../../../simulation/dynamics/config.js"
import { StageError, errorMessage } from "../../../stage.js"
import type { Environment } from "../../environment.js"
import type { VortexControlConfig } from "./config.js"
import { VortexControlEnvironment } from "./environment.js"

export interface VortexEnvironmentOptions {
  readonly kernel: KernelName
  /** A worker pool for the js kernel (large lattices), owned by the caller. */
  readonly pool?: WorkerPool
}

export const vortexEnvironment =
  (config: { readonly environment: VortexControlConfig; readonly dynamics: DynamicsConfig }, options: VortexEnvironmentOptions) =>
  <E, R>(input: Stream.Stream<DrivenLattice, E, R>): Stream.Stream<Environment, E | StageError, R> =>
    Stream.mapEffect(input, (driven) =>
      Effect.try({
        try: (): Environment =>
          new VortexControlEnvironment({
            driven,
            environment: config.environment,
            dynamics: config.dynamics,
            kernel: options.kernel,
            ...(options.pool === undefined ? {} : { pool: options.pool }),
          }),
        catch: (cause) => new StageError({ stage: "vortexEnvironment", message: errorMessage(cause), cause }),
      }),
    )
