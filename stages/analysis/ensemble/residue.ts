/**
 * Residue statistics of a set of branches (the survivors of a pruning): per
 * branch, the box-counting dimension and the Hopkins statistic of its vortex
 * positions (3D face centroids), averaged over the branches where each is
 * defined; and the rotation-curve proxy pooled over the branches' fields.
 *
 * Statistics are taken per branch and then averaged, not on the union of the
 * branches' vortex sets: surviving branches are by construction alike, so the
 * union would hold near-duplicate points and look clustered whatever the
 * dynamics. Hopkins reference points are uniformly chosen face centroids
 * (vortices live on faces) with distance exponent 2 (a surface).
 */
import type { Prng } from "../../prng.js"
import type { ComplexField } from "../../simulation/field.js"
import type { Lattice } from "../../simulation/lattice/lattice.js"
import { locateVortices, type VortexSet } from "../../simulation/vortices/positions.js"
import { boxCountingDimension } from "../box-counting.js"
import { hopkinsStatistic } from "../hopkins.js"
import { type RotationCurve, rotationCurve } from "../rotation-curve.js"

export interface ResidueBranch {
  readonly field: ComplexField
  readonly vortices: VortexSet
}

export interface ResidueOptions {
  readonly prng: Prng
  /** Hopkins sample size as a fraction of a branch's vortex count, in (0, 1]. */
  readonly hopkinsSample: number
  readonly radialBins: number
}

export interface ResidueStatistics {
  /** Mean vortex count per branch; null without branches. */
  readonly meanVortices: number | null
  /** Mean box-counting dimension over the branches where it is defined; null where it is nowhere. */
  readonly boxDimension: number | null
  readonly boxDimensionBranches: number
  /** Mean Hopkins statistic over the branches with at least 2 vortices; null where there are none. */
  readonly hopkins: number | null
  readonly hopkinsBranches: number
  readonly rotationCurve: RotationCurve
}

const centroidCache = new WeakMap<Lattice, Float64Array>()

/** The 3D centroid of every face: the candidate vortex locations. */
export const faceCentroids = (lattice: Lattice): Float64Array => {
  let centroids = centroidCache.get(lattice)
  if (centroids === undefined) {
    centroids = locateVortices(lattice, new Int32Array(lattice.faces.offsets.length - 1).fill(1)).position
    centroidCache.set(lattice, centroids)
  }
  return centroids
}

const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length)

export const residueStatistics = (lattice: Lattice, branches: readonly ResidueBranch[], options: ResidueOptions): ResidueStatistics => {
  if (!(options.hopkinsSample > 0 && options.hopkinsSample <= 1)) {
    throw new RangeError(`residueStatistics: options.hopkinsSample must lie in (0, 1], got ${options.hopkinsSample}`)
  }
  const dimensions: number[] = []
  const hopkins: number[] = []
  for (const { vortices } of branches) {
    const count = vortices.face.length
    const { dimension } = boxCountingDimension(vortices.position, 3)
    if (dimension !== null) dimensions.push(dimension)
    if (count < 2) continue
    const h = hopkinsStatistic(vortices.position, 3, options.prng, {
      sampleSize: Math.max(1, Math.round(options.hopkinsSample * count)),
      exponent: 2,
      window: faceCentroids(lattice),
    })
    if (h !== null) hopkins.push(h)
  }
  return {
    meanVortices: mean(branches.map((branch) => branch.vortices.face.length)),
    boxDimension: mean(dimensions),
    boxDimensionBranches: dimensions.length,
    hopkins: mean(hopkins),
    hopkinsBranches: hopkins.length,
    rotationCurve: rotationCurve(
      lattice,
      branches.map((branch) => branch.field),
      options.radialBins,
    ),
  }
}
