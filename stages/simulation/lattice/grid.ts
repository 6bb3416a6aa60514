/**
 * The quad grid shared by the plane, the torus, the Möbius band, the Klein
 * bottle and each tokamak strip: node(i, j) = offset + i * nv + j, with i the
 * u index and j the v index.
 *
 * Faces run (i,j) -> (i+1,j) -> (i+1,j+1) -> (i,j+1), counter-clockwise in the
 * chart. The chart's gluing decides the periodic links: with a seam, column
 * nu-1 joins column 0 with row j mapped to seamRow(j); those seam edges are
 * stored as (nu-1, j) -> (0, seamRow(j)) and carry the link phase seamPhase
 * (the twist holonomy α), every other link is flat. Rows j and 0 of a column
 * are joined where v is periodic.
 */
import type { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import type { SeamGluing } from "./lattice.js"

export interface GridSpec {
  readonly nu: number
  readonly nv: number
  /** The gluing of the grid's chart (recorded on the lattice too): no identification, or a u seam. */
  readonly gluing: { readonly kind: "none" } | SeamGluing
  /** Link phase A on seam edges, in the direction column nu-1 -> column 0. */
  readonly seamPhase: number
  /** Index of node (0, 0); nonzero for tokamak strips after the first. */
  readonly offset: number
}

export const gridNode = (i: number, j: number, nv: number): number => i * nv + j

/**
 * The row of column 0 that row j of column nu-1 joins across the seam: j, or
 * where the seam reflects v, the row at -v_j. Grid rows lie symmetrically
 * about v = 0 (bands: v_{nv-1-j} = -v_j) or, where v is periodic, at
 * v_j = vPeriod·j/nv (so -v_j is the row (nv - j) mod nv).
 */
const seamRow = (gluing: GridSpec["gluing"], nv: number) => (j: number): number => {
  if (gluing.kind === "none" || !gluing.reflectsV) return j
  return gluing.vPeriod === null ? nv - 1 - j : (nv - j) % nv
}

/** Adds the grid's edges (u-links then v-links per node, node order) and faces. */
export const appendGrid = (spec: GridSpec, edges: EdgeListBuilder, faces: FaceListBuilder): void => {
  const { nu, nv, offset, gluing } = spec
  const uPeriodic = gluing.kind === "seam"
  const vPeriodic = gluing.kind === "seam" && gluing.vPeriod !== null
  const acrossSeam = seamRow(gluing, nv)
  const at = (i: number, j: number) => offset + gridNode(i, j, nv)
  // The node one step along +u from (i, j), crossing the seam when i = nu-1.
  const step = (i: number, j: number) => (i < nu - 1 ? at(i + 1, j) : at(0, acrossSeam(j)))
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      if (i < nu - 1) edges.add(at(i, j), at(i + 1, j))
      else if (uPeriodic) edges.add(at(i, j), step(i, j), 1, spec.seamPhase)
      if (j < nv - 1) edges.add(at(i, j), at(i, j + 1))
      else if (vPeriodic) edges.add(at(i, j), at(i, 0))
    }
  }
  const columns = uPeriodic ? nu : nu - 1
  const rows = vPeriodic ? nv : nv - 1
  for (let i = 0; i < columns; i++) {
    for (let j = 0; j < rows; j++) {
      const next = (j + 1) % nv
      faces.add(at(i, j), step(i, j), step(i, next), at(i, next))
    }
  }
}

export type Point3 = readonly [number, number, number]

/**
 * Positions and chart of a grid sampled from a parametrisation: node (i, j)
 * sits at point(u_i, v_j) with u_i = 2π i / nu, and has chart (u_i, v_j).
 */
export const sampleSurface = (
  nu: number,
  nv: number,
  vAt: (j: number) => number,
  point: (u: number, v: number) => Point3,
): { readonly positions: Float64Array; readonly chart: Float64Array } => {
  const positions = new Float64Array(3 * nu * nv)
  const chart = new Float64Array(2 * nu * nv)
  for (let i = 0; i < nu; i++) {
    const u = (2 * Math.PI * i) / nu
    for (let j = 0; j < nv; j++) {
      const n = gridNode(i, j, nv)
      const v = vAt(j)
      const [x, y, z] = point(u, v)
      positions[3 * n] = x
      positions[3 * n + 1] = y
      positions[3 * n + 2] = z
      chart[2 * n] = u
      chart[2 * n + 1] = v
    }
  }
  return { positions, chart }
}
