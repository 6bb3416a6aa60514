/**
 * The drive profile G = K c for the current control parameters: K from the
 * cache (recomputed only when geometry, k, p or r_min change), c from the
 * weight controls, then one synthesis product.
 */
import type { KernelName } from "../../compute/backend.js"
import type { ComplexField } from "../field.js"
import { matrixColumn, matrixFromColumns } from "./complex-matrix.js"
import type { PlacedSources } from "./sources.js"
import { synthesize, synthesizeBatch } from "./synthesis.js"
import type { TransferCache } from "./transfer-cache.js"
import type { TransferParameters } from "./transfer.js"
import { sourceWeights, type WeightParameters } from "./weights.js"

export interface DriveGeometry {
  /** Lattice node positions, xyz per node. */
  readonly positions: Float64Array
  readonly sources: PlacedSources
  /** The per-source draws ξ_s (drawSourceNoise), one per source. */
  readonly noise: Float64Array
}

export const driveProfile = (
  cache: TransferCache,
  geometry: DriveGeometry,
  parameters: TransferParameters & WeightParameters,
  kernel: KernelName = "js",
): ComplexField => {
  const k = cache.get(geometry.positions, geometry.sources.positions, parameters)
  return synthesize(k, sourceWeights(parameters, geometry.sources.azimuths, geometry.noise), kernel)
}

/** One profile per weight setting, sharing one K: a single batched product G = K C. */
export const driveProfiles = (
  cache: TransferCache,
  geometry: DriveGeometry,
  transfer: TransferParameters,
  weights: readonly WeightParameters[],
  kernel: KernelName = "js",
): ComplexField[] => {
  const k = cache.get(geometry.positions, geometry.sources.positions, transfer)
  const c = matrixFromColumns(weights.map((w) => sourceWeights(w, geometry.sources.azimuths, geometry.noise)))
  const g = synthesizeBatch(k, c, kernel)
  return weights.map((_, b) => matrixColumn(g, b))
}
