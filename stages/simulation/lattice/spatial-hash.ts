/**
 * Pairs of points closer than a cutoff, found with a uniform grid of cells of
 * side cutoff: only the 27 cells around a point can hold its neighbours, so
 * the search costs O(N · neighbours) instead of O(N²).
 */

/**
 * Calls visit(p, q) once for every pair p < q with |x_p - x_q| < cutoff and
 * accept(p, q) true, in increasing p. positions holds x, y, z per point.
 */
export const pairsWithin = (
  positions: Float64Array,
  cutoff: number,
  accept: (p: number, q: number) => boolean,
  visit: (p: number, q: number) => void,
): void => {
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new RangeError(`cutoff must be a finite number > 0, got ${cutoff}`)
  const count = positions.length / 3
  if (count === 0) return
  const cell = (x: number) => Math.floor(x / cutoff)
  const low = [Infinity, Infinity, Infinity]
  const high = [-Infinity, -Infinity, -Infinity]
  for (let p = 0; p < count; p++) {
    for (let d = 0; d < 3; d++) {
      low[d] = Math.min(low[d]!, cell(positions[3 * p + d]!))
      high[d] = Math.max(high[d]!, cell(positions[3 * p + d]!))
    }
  }
  // One spare cell on each side, so neighbour offsets never wrap into another row.
  const size = [0, 1, 2].map((d) => high[d]! - low[d]! + 3)
  if (size[0]! * size[1]! * size[2]! > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`cutoff ${cutoff} is too small for the extent of the points: the cell grid would overflow`)
  }
  const key = (ix: number, iy: number, iz: number) => (ix * size[1]! + iy) * size[2]! + iz
  const coordinate = (p: number, d: number) => cell(positions[3 * p + d]!) - low[d]! + 1
  const buckets = new Map<number, number[]>()
  for (let p = 0; p < count; p++) {
    const k = key(coordinate(p, 0), coordinate(p, 1), coordinate(p, 2))
    const bucket = buckets.get(k)
    if (bucket === undefined) buckets.set(k, [p])
    else bucket.push(p)
  }
  const cutoff2 = cutoff * cutoff
  for (let p = 0; p < count; p++) {
    const ix = coordinate(p, 0)
    const iy = coordinate(p, 1)
    const iz = coordinate(p, 2)
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dz = -1; dz <= 1; dz++) {
          const bucket = buckets.get(key(ix + dx, iy + dy, iz + dz))
          if (bucket === undefined) continue
          for (const q of bucket) {
            if (q <= p || !accept(p, q)) continue
            const ddx = positions[3 * p]! - positions[3 * q]!
            const ddy = positions[3 * p + 1]! - positions[3 * q + 1]!
            const ddz = positions[3 * p + 2]! - positions[3 * q + 2]!
            if (ddx * ddx + ddy * ddy + ddz * ddz < cutoff2) visit(p, q)
          }
        }
      }
    }
  }
}
