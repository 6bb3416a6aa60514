/**
 * The box-counting (Minkowski-Bouligand) dimension of a finite point set:
 * cover the bounding box's largest side L with a grid of boxes of side
 * ε_k = L / 2^k, count the occupied boxes N_k, and fit
 * log N_k = D log(1/ε_k) + const by least squares.
 *
 * A finite set is zero-dimensional at scales below its spacing (every point
 * in its own box), so levels are used only while N_k <= n · saturation;
 * the default saturation 1/4 keeps the fit on scales where boxes still hold
 * several points each (docs/theory/ensemble-pruning.md).
 */
import { type BoundingBox, boundingBox, checkPoints } from "./point-sets.js"

export interface BoxCountingOptions {
  /** Use levels while the box count is at most this fraction of the point count; 1/4 unless given. */
  readonly saturation?: number
  /** The fewest levels (k = 0, 1, ...) the fit needs; fewer give a null dimension. 3 unless given. */
  readonly minLevels?: number
}

export interface BoxCounting {
  /** The fitted slope D, or null when the set is too small or too degenerate for minLevels levels. */
  readonly dimension: number | null
  /** Box sides ε_k of the levels fitted. */
  readonly sizes: readonly number[]
  /** Occupied boxes N_k of the levels fitted. */
  readonly counts: readonly number[]
}

const op = "boxCountingDimension"

/**
 * Occupied boxes of side `size` on a grid anchored at the bounding box's lower
 * corner, at most `cells` boxes per axis. A point on the bounding box's upper
 * face along an axis belongs to the last box that axis's extent needs, not to
 * one beyond it (the extent/size ratio is rounded down by 1e-9 so that an exact
 * multiple is not pushed over by rounding).
 */
const occupied = (points: Float64Array, coordinates: number, box: BoundingBox, size: number, cells: number): number => {
  const last = Array.from(box.max, (high, c) => Math.max(0, Math.ceil((high - box.min[c]!) / size - 1e-9) - 1))
  const boxes = new Set<number>()
  const n = points.length / coordinates
  for (let i = 0; i < n; i++) {
    let key = 0
    for (let c = 0; c < coordinates; c++) {
      const index = Math.min(last[c]!, Math.floor((points[i * coordinates + c]! - box.min[c]!) / size))
      key = key * cells + index
    }
    boxes.add(key)
  }
  return boxes.size
}

/** Least-squares slope of y on x. */
const slope = (x: readonly number[], y: readonly number[]): number => {
  const n = x.length
  const mx = x.reduce((a, b) => a + b, 0) / n
  const my = y.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  for (let k = 0; k < n; k++) {
    sxy += (x[k]! - mx) * (y[k]! - my)
    sxx += (x[k]! - mx) ** 2
  }
  return sxy / sxx
}

export const boxCountingDimension = (points: Float64Array, coordinates: number, options: BoxCountingOptions = {}): BoxCounting => {
  const n = checkPoints(op, points, coordinates)
  const saturation = options.saturation ?? 0.25
  const minLevels = options.minLevels ?? 3
  if (!(saturation > 0 && saturation <= 1)) throw new RangeError(`${op}: options.saturation must be in (0, 1], got ${saturation}`)
  if (!Number.isSafeInteger(minLevels) || minLevels < 2) throw new RangeError(`${op}: options.minLevels must be an integer >= 2, got ${minLevels}`)
  const none: BoxCounting = { dimension: null, sizes: [], counts: [] }
  if (n < 2) return none
  const box = boundingBox(points, coordinates)
  const side = Math.max(...Array.from(box.max, (high, c) => high - box.min[c]!))
  if (!(side > 0)) return none
  // Box keys are exact integers while cells^coordinates <= 2^52.
  const deepest = Math.floor(52 / coordinates)
  const sizes: number[] = []
  const counts: number[] = []
  for (let k = 0; k <= deepest; k++) {
    const size = side / 2 ** k
    const count = occupied(points, coordinates, box, size, 2 ** k)
    if (count > n * saturation && k > 0) break
    sizes.push(size)
    counts.push(count)
  }
  if (sizes.length < minLevels) return { dimension: null, sizes, counts }
  return { dimension: slope(sizes.map((size) => -Math.log(size)), counts.map(Math.log)), sizes, counts }
}
