/**
 * Point clouds stored as flat xyz Float64Arrays (lattice nodes, drive
 * sources): validation, centroid, bounding radius and azimuths.
 */

export type Vector3 = readonly [number, number, number]

/** Throws a RangeError unless `points` holds at least one finite xyz triple. */
export const checkPoints = (op: string, name: string, points: Float64Array): number => {
  if (!(points instanceof Float64Array) || points.length === 0 || points.length % 3 !== 0) {
    const found = points instanceof Float64Array ? `length ${points.length}` : String(points)
    throw new RangeError(`${op}: ${name} must be a Float64Array of xyz triples (length a positive multiple of 3), got ${found}`)
  }
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) {
      throw new RangeError(`${op}: ${name} must hold finite coordinates, entry ${i} is ${points[i]}`)
    }
  }
  return points.length / 3
}

export const centroid = (points: Float64Array): Vector3 => {
  const n = points.length / 3
  let x = 0
  let y = 0
  let z = 0
  for (let i = 0; i < n; i++) {
    x += points[3 * i]!
    y += points[3 * i + 1]!
    z += points[3 * i + 2]!
  }
  return [x / n, y / n, z / n]
}

/** The largest distance from `center` to a point. */
export const boundingRadius = (points: Float64Array, center: Vector3): number => {
  let largest = 0
  for (let i = 0; i < points.length; i += 3) {
    largest = Math.max(largest, Math.hypot(points[i]! - center[0], points[i + 1]! - center[1], points[i + 2]! - center[2]))
  }
  return largest
}

/** Azimuth of each point about the z axis through `center` (atan2, in [-π, π]). */
export const azimuths = (points: Float64Array, center: Vector3): Float64Array => {
  const out = new Float64Array(points.length / 3)
  for (let i = 0; i < out.length; i++) out[i] = Math.atan2(points[3 * i + 1]! - center[1], points[3 * i]! - center[0])
  return out
}
