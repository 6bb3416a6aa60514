/**
 * Holographic tensor networks: graphs and their fillings (binary MERA, HaPPY
 * codes on hyperbolic tilings, random tensor networks), exact contraction to
 * the boundary state (js float64 and batched tfjs float32 kernels), boundary
 * entanglement entropies, minimal cuts by max-flow and greedy cuts, and the
 * stages that compose them:
 *
 *   pipe(drawNetworks(config.network, { prng, from: 0, cycles }),
 *        contractBoundary({ kernel, batch, maxAmplitudes }),
 *        measureRegions({ regions, rtTolerance }))
 */
export { squaredNorm, type BoundaryState } from "./boundary-state.js"
export { networkFamily, networkKinds, networkSection, randomGraphs, type NetworkConfig, type NetworkFamily, type NetworkKind } from "./config.js"
export { contractJs, contractNetwork } from "./contract-js.js"
export { contractTfjs } from "./contract-tfjs.js"
export { contractionPlan, defaultMaxAmplitudes, type ContractionPlan, type ContractionStep, type PlanOptions } from "./contraction-plan.js"
export { entanglementEntropies, entanglementSpectrum, reducedDensityMatrix, type Entropies } from "./entropy.js"
export { greedyCut, greedyGeodesics, isProportionalToIsometry, type GreedyCut, type GreedyGeodesics } from "./greedy-cut.js"
export { happyGraph, happyNetwork, happySchlafli, happyTilings, randomBulkStates, type HappySpec, type HappyTiling } from "./happy.js"
export { hyperbolicTiling, tilingGraph, type TileEdge, type TilingPatch, type TilingSpec } from "./hyperbolic-tiling.js"
export { measureRegion, type RegionMeasurement } from "./measure.js"
export { binaryMera, meraGraph, meraTensors, type MeraGraph, type MeraRole, type MeraSpec } from "./mera.js"
export { minimalCut, type MinimalCut } from "./min-cut.js"
export {
  boundaryDims,
  complementOf,
  incidence,
  validateGraph,
  validateNetwork,
  type Incidence,
  type LegRef,
  type NetworkGraph,
  type TensorNetwork,
} from "./network.js"
export { applyPauli, encodeBulk, fiveQubitCodewords, fiveQubitStabilisers, logicalX, logicalZ, perfectTensor } from "./perfect-tensor.js"
export { gaussianTensor, randomIsometry } from "./random-isometry.js"
export { randomGraph, randomTensors, type RandomGraphSpec } from "./random-network.js"
export { contiguousRegions, interval, type BoundaryRegion, type RegionSpec } from "./regions.js"
export {
  contractBoundary,
  drawNetworks,
  measureRegions,
  type ContractOptions,
  type ContractedNetwork,
  type DrawOptions,
  type DrawnNetwork,
  type MeasureOptions,
  type NetworkMeasurement,
} from "./stage.js"
export { entropiesTable, entropyRows, type EntropyRow } from "./tables.js"
