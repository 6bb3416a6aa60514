/**
 * `tensor-networks`: holographic tensor networks (binary MERA, HaPPY codes,
 * random tensor networks), one drawn per cycle from the run's seed,
 * contracted exactly to the boundary state, with the entanglement of boundary
 * intervals compared to their minimal cuts.
 *
 *   drawNetworks → contractBoundary → measureRegions
 *
 * Rows go to the `entropies` Parquet dataset, one per (network, region).
 */
import { join } from "node:path"
import { Schema, Stream, pipe } from "effect"
import { parquetDataset } from "../sinks/parquet-dataset.js"
import { contramapSink } from "../sinks/sink.js"
import type { PrngState } from "../stages/prng.js"
import { networkSection } from "../stages/tensor-networks/config.js"
import { type NetworkMeasurement, contractBoundary, drawNetworks, measureRegions } from "../stages/tensor-networks/stage.js"
import { entropiesTable, entropyRows } from "../stages/tensor-networks/tables.js"
import { computeSection, runSection } from "./config/common.js"
import { tensorNetworksMemory } from "./memory-estimate.js"
import type { Pipeline } from "./pipeline.js"

export const tensorNetworksConfig = Schema.Struct({
  run: runSection,
  compute: computeSection,
  network: networkSection,
})

export type TensorNetworksConfig = Schema.Schema.Type<typeof tensorNetworksConfig>

/** A checkpoint holds the Prng right after the last network drawn; the next cycle draws from it. */
interface TensorNetworksState {
  readonly prng: PrngState
}

export const tensorNetworks: Pipeline<TensorNetworksConfig, Schema.Schema.Encoded<typeof tensorNetworksConfig>> = {
  name: "tensor-networks",
  description: "draw MERA, HaPPY or random tensor networks; contract to the boundary state; boundary entropies against max-flow minimal cuts",
  schema: tensorNetworksConfig,
  estimateMemory: tensorNetworksMemory,
  run: ({ config, run, prng, metadata, resume, record }) => {
    const network = config.network
    const from = resume === null ? 0 : resume.cycle + 1
    const records = Stream.suspend(() => {
      if (resume !== null) prng.load((resume.state as TensorNetworksState).prng)
      return pipe(
        drawNetworks(network, { prng, from, cycles: config.run.cycles }),
        contractBoundary({ kernel: config.compute.kernel, batch: network.batch, maxAmplitudes: network.maxAmplitudes }),
        measureRegions({
          regions: { minSize: network.regionMin, maxSize: network.regionMax, stride: network.regionStride },
          rtTolerance: network.rtTolerance,
        }),
      )
    })
    return record(
      records,
      [contramapSink(parquetDataset(entropiesTable, { directory: join(run.path, "entropies"), metadata }), entropyRows)],
      (r: NetworkMeasurement) => ({ prng: r.prng }) satisfies TensorNetworksState,
    )
  },
}
