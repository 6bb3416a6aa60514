/**
 * The Möbius band with k half-twists:
 * r(u, v) = ((R + v cos(ku/2)) cos u, (R + v cos(ku/2)) sin u, v sin(ku/2)),
 * u ∈ [0, 2π), v ∈ [-w/2, w/2] sampled at v_j = -w/2 + w j / (nv - 1).
 * Since r(u + 2π, v) = r(u, (-1)^k v), column nu-1 joins column 0 with row j
 * mapped to j (k even) or nv-1-j (k odd); those seam links carry the twist
 * holonomy α.
 */
import { assembleLattice } from "./assemble.js"
import { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import { latticeDefaults } from "./defaults.js"
import { appendGrid, type Point3, sampleSurface } from "./grid.js"
import type { Lattice, SeamGluing } from "./lattice.js"
import { anyInteger, finite, integerAtLeast, optionError, positive } from "./validate.js"

export interface MobiusOptions {
  readonly nu: number
  readonly nv: number
  readonly halfTwists?: number
  readonly radius?: number
  readonly width?: number
  readonly alpha?: number
}

export const mobiusPoint = (u: number, v: number, radius: number, halfTwists: number): Point3 => {
  const angle = (halfTwists * u) / 2
  const rho = radius + v * Math.cos(angle)
  return [rho * Math.cos(u), rho * Math.sin(u), v * Math.sin(angle)]
}

/** v of row j of a band of width w sampled at nv rows, from -w/2 to w/2. */
export const bandRow = (j: number, nv: number, width: number): number => -width / 2 + (width * j) / (nv - 1)

/** The chart gluing of a band of k half-twists: r(u + 2π, v) = r(u, (-1)^k v), so an odd k reflects v across the seam. */
export const bandGluing = (halfTwists: number): SeamGluing => ({
  kind: "seam",
  uPeriod: 2 * Math.PI,
  reflectsV: Math.abs(halfTwists) % 2 === 1,
  vPeriod: null,
})

const builder = "mobiusLattice"

export const mobiusLattice = (options: MobiusOptions): Lattice => {
  // nu >= 3: with 2 columns the seam links could repeat the interior ones.
  const nu = integerAtLeast(builder, "nu", options.nu, 3)
  const nv = integerAtLeast(builder, "nv", options.nv, 2)
  const halfTwists = anyInteger(builder, "halfTwists", options.halfTwists ?? latticeDefaults.halfTwists)
  const radius = positive(builder, "radius", options.radius ?? latticeDefaults.radius)
  const width = positive(builder, "width", options.width ?? latticeDefaults.width)
  // |v| <= w/2 < R keeps every point off the axis, so the band does not pass through itself there.
  if (width >= 2 * radius) throw optionError(builder, "width", `a finite number < 2 * radius (${2 * radius})`, width)
  const alpha = finite(builder, "alpha", options.alpha ?? latticeDefaults.alpha)
  const { positions, chart } = sampleSurface(
    nu,
    nv,
    (j) => bandRow(j, nv, width),
    (u, v) => mobiusPoint(u, v, radius, halfTwists),
  )
  const gluing = bandGluing(halfTwists)
  const edges = new EdgeListBuilder()
  const faces = new FaceListBuilder()
  appendGrid({ nu, nv, gluing, seamPhase: alpha, offset: 0 }, edges, faces)
  return assembleLattice({
    geometry: "mobius",
    positions,
    chart,
    gluing,
    edges: edges.finish(),
    faces: faces.finish(),
    parameters: { nu, nv, halfTwists, radius, width, alpha },
  })
}
