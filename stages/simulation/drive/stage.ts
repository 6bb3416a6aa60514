/**
 * The `holographicDrive` stage: attaches the drive F(x, t) = ε e^{-iωt} G(x)
 * to each lattice. Sources are placed and their amplitude spread drawn once
 * (from the run's PRNG); G = K c is synthesised with the chosen kernel.
 */
import { Effect, Stream } from "effect"
import type { KernelName } from "../../compute/backend.js"
import type { Prng } from "../../prng.js"
import { StageError, errorMessage } from "../../stage.js"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import type { DriveConfig } from "./config.js"
import { type DriveGeometry, driveProfile } from "./profile.js"
import { placeSources } from "./sources.js"
import { TransferCache } from "./transfer-cache.js"
import type { TransferParameters } from "./transfer.js"
import { drawSourceNoise, type WeightParameters } from "./weights.js"

/** A lattice with the drive acting on it. */
export interface DrivenLattice {
  readonly lattice: Lattice
  readonly drive: {
    /** G(x), one complex value per node. */
    readonly profile: ComplexField
    readonly epsilon: number
    readonly omega: number
    /** Source positions, xyz per source. */
    readonly sources: Float64Array
    /** What G was synthesised from, so a controller can synthesise it again for other weights or another k. */
    readonly synthesis: { readonly geometry: DriveGeometry; readonly parameters: TransferParameters & WeightParameters }
  }
}

export interface DriveStageOptions {
  readonly prng: Prng
  readonly kernel?: KernelName
}

export const holographicDrive =
  (config: DriveConfig, options: DriveStageOptions) =>
  <E, R>(input: Stream.Stream<Lattice, E, R>): Stream.Stream<DrivenLattice, E | StageError, R> => {
    const cache = new TransferCache()
    return Stream.mapEffect(input, (lattice) =>
      Effect.try({
        try: (): DrivenLattice => {
          const sources = placeSources(lattice, config)
          const noise = drawSourceNoise(options.prng, config.sourceCount)
          const geometry = { positions: lattice.positions, sources, noise }
          const profile = driveProfile(cache, geometry, config, options.kernel ?? "js")
          return {
            lattice,
            drive: { profile, epsilon: config.epsilon, omega: config.omega, sources: sources.positions, synthesis: { geometry, parameters: config } },
          }
        },
        catch: (cause) => new StageError({ stage: "holographicDrive", message: errorMessage(cause), cause }),
      }),
    )
  }
