/**
 * The plane: an open flat rectangle of nu × nv nodes, node(i, j) at
 * (i·spacing, j·spacing, 0) with chart (x, y), not glued anywhere. Quad faces
 * counter-clockwise in the chart; one boundary cycle, counter-clockwise.
 */
import { assembleLattice } from "./assemble.js"
import { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import { latticeDefaults } from "./defaults.js"
import { appendGrid } from "./grid.js"
import type { Lattice } from "./lattice.js"
import { integerAtLeast, positive } from "./validate.js"

export interface PlaneOptions {
  readonly nu: number
  readonly nv: number
  readonly spacing?: number
}

const builder = "planeLattice"

export const planeLattice = (options: PlaneOptions): Lattice => {
  const nu = integerAtLeast(builder, "nu", options.nu, 2)
  const nv = integerAtLeast(builder, "nv", options.nv, 2)
  const spacing = positive(builder, "spacing", options.spacing ?? latticeDefaults.spacing)
  const nodeCount = nu * nv
  const positions = new Float64Array(3 * nodeCount)
  const chart = new Float64Array(2 * nodeCount)
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      const n = i * nv + j
      positions[3 * n] = chart[2 * n] = i * spacing
      positions[3 * n + 1] = chart[2 * n + 1] = j * spacing
    }
  }
  const gluing = { kind: "none" } as const
  const edges = new EdgeListBuilder()
  const faces = new FaceListBuilder()
  appendGrid({ nu, nv, gluing, seamPhase: 0, offset: 0 }, edges, faces)
  return assembleLattice({
    geometry: "plane",
    positions,
    chart,
    gluing,
    edges: edges.finish(),
    faces: faces.finish(),
    parameters: { nu, nv, spacing },
  })
}
