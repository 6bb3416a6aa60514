/**
 * Drive sources on a Fibonacci sphere shell around the lattice: nearly
 * uniform, equal-area spacing for any source count.
 */
import { boundingRadius, centroid, checkPoints, type Vector3 } from "./point-cloud.js"

const goldenRatio = (1 + Math.sqrt(5)) / 2

/**
 * `count` points on the sphere of `radius` about `center`: point i has
 * cos θ_i = 1 - 2(i + 1/2)/count and φ_i = 2π i/g (g the golden ratio), the
 * same construction as the sphere lattice.
 */
export const fibonacciShell = (center: Vector3, radius: number, count: number): Float64Array => {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`fibonacciShell: count must be an integer >= 1, got ${count}`)
  if (!Number.isFinite(radius) || radius <= 0) throw new RangeError(`fibonacciShell: radius must be a finite number > 0, got ${radius}`)
  const points = new Float64Array(3 * count)
  for (let i = 0; i < count; i++) {
    const cosTheta = 1 - (2 * (i + 0.5)) / count
    const sinTheta = Math.sqrt(1 - cosTheta * cosTheta)
    const phi = (2 * Math.PI * i) / goldenRatio
    points[3 * i] = center[0] + radius * sinTheta * Math.cos(phi)
    points[3 * i + 1] = center[1] + radius * sinTheta * Math.sin(phi)
    points[3 * i + 2] = center[2] + radius * cosTheta
  }
  return points
}

export interface ShellSources {
  readonly sources: Float64Array
  readonly center: Vector3
  /** Shell radius R_s = radiusFactor × the lattice's bounding radius about its centroid. */
  readonly radius: number
}

/**
 * `count` sources on a Fibonacci shell about the centroid of `positions`, of
 * radius `radiusFactor` times the largest node distance from that centroid;
 * a factor above 1 keeps every source outside the lattice's bounding sphere.
 */
export const sphereSources = (positions: Float64Array, count: number, radiusFactor: number): ShellSources => {
  checkPoints("sphereSources", "positions", positions)
  if (!Number.isFinite(radiusFactor) || radiusFactor <= 0) {
    throw new RangeError(`sphereSources: radiusFactor must be a finite number > 0, got ${radiusFactor}`)
  }
  const center = centroid(positions)
  const extent = boundingRadius(positions, center)
  // A shell of zero radius would put every source on one point.
  if (extent === 0) throw new RangeError("sphereSources: positions must not all coincide (bounding radius 0)")
  const radius = radiusFactor * extent
  return { sources: fibonacciShell(center, radius, count), center, radius }
}
