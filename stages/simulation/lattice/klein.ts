/**
 * The Klein bottle, as the figure-8 immersion (it has no embedding in 3D):
 * with s(u, v) = cos(u/2) sin v - sin(u/2) sin 2v,
 * r(u, v) = ((R + b s) cos u, (R + b s) sin u, b (sin(u/2) sin v + cos(u/2) sin 2v)),
 * u, v ∈ [0, 2π), v_j = 2π j / nv. It satisfies r(u + 2π, v) = r(u, -v), so
 * column nu-1 joins column 0 with row j mapped to (nv - j) mod nv; those seam
 * links carry the twist holonomy α.
 */
import { assembleLattice } from "./assemble.js"
import { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import { latticeDefaults } from "./defaults.js"
import { appendGrid, type Point3, sampleSurface } from "./grid.js"
import type { Lattice } from "./lattice.js"
import { finite, integerAtLeast, optionError, positive } from "./validate.js"

export interface KleinOptions {
  readonly nu: number
  readonly nv: number
  /** R, the radius of the circle the figure-8 cross-section travels along. */
  readonly radius?: number
  /** b, the scale of the figure-8 cross-section; must stay below R / √2. */
  readonly minorRadius?: number
  readonly alpha?: number
}

export const kleinPoint = (u: number, v: number, radius: number, minorRadius: number): Point3 => {
  const c = Math.cos(u / 2)
  const s = Math.sin(u / 2)
  const rho = radius + minorRadius * (c * Math.sin(v) - s * Math.sin(2 * v))
  return [rho * Math.cos(u), rho * Math.sin(u), minorRadius * (s * Math.sin(v) + c * Math.sin(2 * v))]
}

const builder = "kleinLattice"

export const kleinLattice = (options: KleinOptions): Lattice => {
  // nu, nv >= 3: with 2 the periodic links would join the same pair of nodes twice.
  const nu = integerAtLeast(builder, "nu", options.nu, 3)
  const nv = integerAtLeast(builder, "nv", options.nv, 3)
  const radius = positive(builder, "radius", options.radius ?? latticeDefaults.radius)
  const minorRadius = positive(builder, "minorRadius", options.minorRadius ?? latticeDefaults.kleinMinorRadius)
  // |cos(u/2) sin v - sin(u/2) sin 2v| <= √2, so b < R/√2 keeps the cross-section off the axis.
  if (minorRadius * Math.SQRT2 >= radius) {
    throw optionError(builder, "minorRadius", `a finite number < radius / √2 (${radius / Math.SQRT2})`, minorRadius)
  }
  const alpha = finite(builder, "alpha", options.alpha ?? latticeDefaults.alpha)
  const { positions, chart } = sampleSurface(
    nu,
    nv,
    (j) => (2 * Math.PI * j) / nv,
    (u, v) => kleinPoint(u, v, radius, minorRadius),
  )
  const gluing = { kind: "seam", uPeriod: 2 * Math.PI, reflectsV: true, vPeriod: 2 * Math.PI } as const
  const edges = new EdgeListBuilder()
  const faces = new FaceListBuilder()
  appendGrid({ nu, nv, gluing, seamPhase: alpha, offset: 0 }, edges, faces)
  return assembleLattice({
    geometry: "klein",
    positions,
    chart,
    gluing,
    edges: edges.finish(),
    faces: faces.finish(),
    parameters: { nu, nv, radius, minorRadius, alpha },
  })
}
