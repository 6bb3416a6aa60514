/**
 * The Hopkins statistic of spatial clustering (Hopkins & Skellam 1954), with
 * the distances raised to the dimension d (Cross & Jain 1982; Banerjee & Davé
 * 2004):
 *
 *     H = Σ u_i^d / (Σ u_i^d + Σ w_i^d)
 *
 * over m reference points drawn uniformly from the sampling window (u_i: the
 * distance from reference point i to the nearest data point) and m data points
 * drawn without replacement (w_i: the distance to the nearest other data
 * point). With the exponent d equal to the set's dimension, H follows
 * Beta(m, m) under complete spatial randomness, mean 1/2; clustered data give
 * small w and H → 1; regular (lattice-like) data give H < 1/2.
 *
 * The window is the data's bounding box unless a set of candidate locations is
 * given: on a lattice surface the uniform reference is a uniformly chosen free
 * face centroid (one holding no data point), not a point of the enclosing 3D
 * box (which would lie off the surface and make every set look clustered).
 */
import type { Prng } from "../prng.js"
import { boundingBox, checkPoints, squaredDistance } from "./point-sets.js"

export interface HopkinsOptions {
  /** Sample size m, 1 <= m <= n. */
  readonly sampleSize: number
  /** Exponent d of the distances; the number of coordinates unless given (2 for points on a surface in 3D). */
  readonly exponent?: number
  /** Candidate reference locations (same coordinates as the points), drawn uniformly with replacement among those holding no data point; the bounding box unless given. */
  readonly window?: Float64Array
}

const op = "hopkinsStatistic"

/** Distance from point i of `from` to the nearest point of `points` other than index `skip` (-1: none skipped). */
const nearest = (from: Float64Array, i: number, points: Float64Array, coordinates: number, skip: number): number => {
  const n = points.length / coordinates
  let best = Infinity
  for (let j = 0; j < n; j++) if (j !== skip) best = Math.min(best, squaredDistance(from, i, points, j, coordinates))
  return Math.sqrt(best)
}

/** m distinct indices of 0..n-1 (a partial Fisher-Yates shuffle). */
const sampleWithoutReplacement = (n: number, m: number, prng: Prng): Int32Array => {
  const order = Int32Array.from({ length: n }, (_, i) => i)
  for (let k = 0; k < m; k++) {
    const j = prng.int(k, n - 1)
    const swap = order[k]!
    order[k] = order[j]!
    order[j] = swap
  }
  return order.subarray(0, m)
}

/** Attempts per reference point before a window is taken to have no free location. */
const attemptsPerReference = 1000

/**
 * The distances u_i from m reference points to the nearest data point, or
 * null when the window has (almost) no free location. Window locations
 * occupied by a data point (u = 0) are redrawn: on a lattice the data are a
 * subset of the window, and the null model compares a free site with an
 * occupied one (w excludes the point itself), so an occupied reference would
 * bias H below 1/2 by about the occupied fraction.
 */
const referenceDistances = (points: Float64Array, coordinates: number, m: number, prng: Prng, window: Float64Array | undefined): Float64Array | null => {
  const u = new Float64Array(m)
  const reference = new Float64Array(coordinates)
  if (window === undefined) {
    const { min, max } = boundingBox(points, coordinates)
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < coordinates; c++) reference[c] = prng.between(min[c]!, max[c]!)
      u[i] = nearest(reference, 0, points, coordinates, -1)
    }
    return u
  }
  const candidates = window.length / coordinates
  let attempts = 0
  for (let i = 0; i < m; attempts++) {
    if (attempts >= attemptsPerReference * m) return null
    const j = prng.int(0, candidates - 1)
    const distance = nearest(window, j, points, coordinates, -1)
    if (distance > 0) u[i++] = distance
  }
  return u
}

/** H in [0, 1], or null when every sampled distance is zero or the window has no free location. Draws from `prng`. */
export const hopkinsStatistic = (points: Float64Array, coordinates: number, prng: Prng, options: HopkinsOptions): number | null => {
  const n = checkPoints(op, points, coordinates)
  if (n < 2) throw new RangeError(`${op}: points must hold at least 2 points, got ${n}`)
  const m = options.sampleSize
  if (!Number.isSafeInteger(m) || m < 1 || m > n) throw new RangeError(`${op}: options.sampleSize must be an integer in [1, ${n}], got ${m}`)
  const exponent = options.exponent ?? coordinates
  if (!(exponent > 0 && Number.isFinite(exponent))) throw new RangeError(`${op}: options.exponent must be a finite number > 0, got ${exponent}`)
  if (options.window !== undefined && checkPoints(`${op}: options.window`, options.window, coordinates) === 0) {
    throw new RangeError(`${op}: options.window must hold at least one point`)
  }
  const u = referenceDistances(points, coordinates, m, prng, options.window)
  if (u === null) return null
  const sampled = sampleWithoutReplacement(n, m, prng)
  let sumU = 0
  let sumW = 0
  for (let i = 0; i < m; i++) {
    sumU += u[i]! ** exponent
    sumW += nearest(points, sampled[i]!, points, coordinates, sampled[i]!) ** exponent
  }
  return sumU + sumW === 0 ? null : sumU / (sumU + sumW)
}
