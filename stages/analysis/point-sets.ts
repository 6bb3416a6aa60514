/**
 * Point sets for the spatial statistics (box counting, Hopkins): n points in
 * `coordinates` dimensions stored flat, point-major (x0, y0, z0, x1, ...), the
 * layout of `VortexSet.position`.
 */

export interface BoundingBox {
  readonly min: Float64Array
  readonly max: Float64Array
}

/** Checks a flat point array; returns the point count. */
export const checkPoints = (op: string, points: Float64Array, coordinates: number): number => {
  if (!Number.isSafeInteger(coordinates) || coordinates < 1) {
    throw new RangeError(`${op}: coordinates must be an integer >= 1, got ${coordinates}`)
  }
  if (points.length % coordinates !== 0) {
    throw new RangeError(`${op}: points must hold ${coordinates} values per point, got ${points.length} values`)
  }
  for (let k = 0; k < points.length; k++) {
    if (!Number.isFinite(points[k]!)) throw new RangeError(`${op}: points[${k}] must be finite, got ${points[k]}`)
  }
  return points.length / coordinates
}

/** The smallest axis-aligned box holding every point (the points must be non-empty). */
export const boundingBox = (points: Float64Array, coordinates: number): BoundingBox => {
  const min = new Float64Array(coordinates).fill(Infinity)
  const max = new Float64Array(coordinates).fill(-Infinity)
  for (let k = 0; k < points.length; k++) {
    const c = k % coordinates
    min[c] = Math.min(min[c]!, points[k]!)
    max[c] = Math.max(max[c]!, points[k]!)
  }
  return { min, max }
}

/** Squared Euclidean distance between point i of `a` and point j of `b`. */
export const squaredDistance = (a: Float64Array, i: number, b: Float64Array, j: number, coordinates: number): number => {
  let sum = 0
  for (let c = 0; c < coordinates; c++) {
    const d = a[i * coordinates + c]! - b[j * coordinates + c]!
    sum += d * d
  }
  return sum
}
