/**
 * Boundary regions: contiguous intervals of the boundary, which is a closed
 * curve for MERA rings and tiling patches, so intervals wrap around.
 */

export interface BoundaryRegion {
  /** First boundary leg. */
  readonly start: number
  readonly size: number
  /** The legs start, start+1, ... (mod the boundary length). */
  readonly legs: ReadonlyArray<number>
}

export interface RegionSpec {
  /** Smallest interval. */
  readonly minSize: number
  /** Largest interval; 0: half the boundary (rounded down). */
  readonly maxSize: number
  /** Intervals start at every this many legs. */
  readonly stride: number
}

export const interval = (boundaryLegs: number, start: number, size: number): BoundaryRegion => {
  if (!Number.isInteger(boundaryLegs) || boundaryLegs < 1) throw new RangeError(`boundary legs must be an integer >= 1, got ${boundaryLegs}`)
  if (!Number.isInteger(start) || start < 0 || start >= boundaryLegs) throw new RangeError(`interval start ${start} is not in [0, ${boundaryLegs})`)
  if (!Number.isInteger(size) || size < 0 || size > boundaryLegs) throw new RangeError(`interval size ${size} is not in [0, ${boundaryLegs}]`)
  return { start, size, legs: Array.from({ length: size }, (_, i) => (start + i) % boundaryLegs) }
}

/** Every interval of each size minSize..maxSize starting at 0, stride, 2·stride, ... */
export const contiguousRegions = (boundaryLegs: number, spec: RegionSpec): BoundaryRegion[] => {
  const maxSize = spec.maxSize === 0 ? Math.floor(boundaryLegs / 2) : spec.maxSize
  if (!Number.isInteger(spec.stride) || spec.stride < 1) throw new RangeError(`region stride must be an integer >= 1, got ${spec.stride}`)
  if (!Number.isInteger(spec.minSize) || spec.minSize < 1) throw new RangeError(`smallest region size must be an integer >= 1, got ${spec.minSize}`)
  if (maxSize >= boundaryLegs) {
    throw new RangeError(`largest region size ${maxSize} must be below the ${boundaryLegs} boundary legs (0 takes half the boundary)`)
  }
  if (spec.minSize > maxSize) throw new RangeError(`no region sizes from ${spec.minSize} to ${maxSize} on ${boundaryLegs} boundary legs`)
  const regions: BoundaryRegion[] = []
  for (let size = spec.minSize; size <= maxSize; size++) {
    for (let start = 0; start < boundaryLegs; start += spec.stride) regions.push(interval(boundaryLegs, start, size))
  }
  return regions
}
