/**
 * The `lattice` source stage: a stream of the one lattice a config describes.
 */
import { Effect, Stream } from "effect"
import { StageError, errorMessage } from "../../stage.js"
import { buildLattice, type LatticeConfig } from "./config.js"
import type { Lattice } from "./lattice.js"

export const lattice = (config: LatticeConfig): Stream.Stream<Lattice, StageError> =>
  Stream.fromEffect(
    Effect.try({
      try: () => buildLattice(config),
      catch: (cause) => new StageError({ stage: "lattice", message: errorMessage(cause), cause }),
    }),
  )
