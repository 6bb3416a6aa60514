/**
 * The torus: r(u, v) = ((R + a cos v) cos u, (R + a cos v) sin u, a sin v),
 * u, v ∈ [0, 2π), both periodic, v_j = 2π j / nv. The u seam (column nu-1 to
 * column 0, row j to row j: it keeps v) carries the twist holonomy α.
 */
import { assembleLattice } from "./assemble.js"
import { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import { latticeDefaults } from "./defaults.js"
import { appendGrid, type Point3, sampleSurface } from "./grid.js"
import type { Lattice } from "./lattice.js"
import { finite, integerAtLeast, optionError, positive } from "./validate.js"

export interface TorusOptions {
  readonly nu: number
  readonly nv: number
  readonly majorRadius?: number
  readonly minorRadius?: number
  readonly alpha?: number
}

export const torusPoint = (u: number, v: number, majorRadius: number, minorRadius: number): Point3 => {
  const rho = majorRadius + minorRadius * Math.cos(v)
  return [rho * Math.cos(u), rho * Math.sin(u), minorRadius * Math.sin(v)]
}

const builder = "torusLattice"

export const torusLattice = (options: TorusOptions): Lattice => {
  // nu, nv >= 3: with 2 the periodic links would join the same pair of nodes twice.
  const nu = integerAtLeast(builder, "nu", options.nu, 3)
  const nv = integerAtLeast(builder, "nv", options.nv, 3)
  const majorRadius = positive(builder, "majorRadius", options.majorRadius ?? latticeDefaults.majorRadius)
  const minorRadius = positive(builder, "minorRadius", options.minorRadius ?? latticeDefaults.minorRadius)
  if (minorRadius >= majorRadius) {
    throw optionError(builder, "minorRadius", `a finite number < majorRadius (${majorRadius})`, minorRadius)
  }
  const alpha = finite(builder, "alpha", options.alpha ?? latticeDefaults.alpha)
  const { positions, chart } = sampleSurface(
    nu,
    nv,
    (j) => (2 * Math.PI * j) / nv,
    (u, v) => torusPoint(u, v, majorRadius, minorRadius),
  )
  const gluing = { kind: "seam", uPeriod: 2 * Math.PI, reflectsV: false, vPeriod: 2 * Math.PI } as const
  const edges = new EdgeListBuilder()
  const faces = new FaceListBuilder()
  appendGrid({ nu, nv, gluing, seamPhase: alpha, offset: 0 }, edges, faces)
  return assembleLattice({
    geometry: "torus",
    positions,
    chart,
    gluing,
    edges: edges.finish(),
    faces: faces.finish(),
    parameters: { nu, nv, majorRadius, minorRadius, alpha },
  })
}
