/**
 * The quad grid shared by the plane, the torus, the Möbius band, the Klein
 * bottle and each tokamak strip: node(i, j) = offset + i * nv + j, with i the
 * u index and j the v index.
 *
 * Faces run (i,j) -> (i+1,j) -> (i+1,j+1) -> (i,j+1), counter-clockwise in the
 * chart. When u is periodic, column nu-1 joins column 0 with row j mapped to
 * seamRow(j); those seam edges are stored as (nu-1, j) -> (0, seamRow(j)) and
 * carry the link phase seamPhase (the twist holonomy α), every other link is flat.
 */
import type { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"

export interface GridSpec {
  readonly nu: number
  readonly nv: number
  readonly uPeriodic: boolean
  readonly vPeriodic: boolean
  /** Row of column 0 that row j of column nu-1 joins across the seam (u periodic only). */
  readonly seamRow: (j: number) => number
  /** Link phase A on seam edges, in the direction column nu-1 -> column 0. */
  readonly seamPhase: number
  /** Index of node (0, 0); nonzero for tokamak strips after the first. */
  readonly offset: number
}

export const gridNode = (i: number, j: number, nv: number): number => i * nv + j

/** Row maps across the seam. */
export const sameRow = (j: number): number => j
export const flippedRow = (nv: number) => (j: number): number => nv - 1 - j
export const negatedRow = (nv: number) => (j: number): number => (nv - j) % nv

/** Adds the grid's edges (u-links then v-links per node, node order) and faces. */
export const appendGrid = (spec: GridSpec, edges: EdgeListBuilder, faces: FaceListBuilder): void => {
  const { nu, nv, offset } = spec
  const at = (i: number, j: number) => offset + gridNode(i, j, nv)
  // The node one step along +u from (i, j), crossing the seam when i = nu-1.
  const step = (i: number, j: number) => (i < nu - 1 ? at(i + 1, j) : at(0, spec.seamRow(j)))
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      if (i < nu - 1) edges.add(at(i, j), at(i + 1, j))
      else if (spec.uPeriodic) edges.add(at(i, j), step(i, j), 1, spec.seamPhase)
      if (j < nv - 1) edges.add(at(i, j), at(i, j + 1))
      else if (spec.vPeriodic) edges.add(at(i, j), at(i, 0))
    }
  }
  const columns = spec.uPeriodic ? nu : nu - 1
  const rows = spec.vPeriodic ? nv : nv - 1
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
