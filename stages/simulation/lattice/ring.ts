/**
 * The ring: N nodes on a circle of radius R, node i at angle u_i = 2π i / N,
 * chart (u_i, 0), u periodic. Edges i -> i+1 and the seam edge N-1 -> 0, which
 * carries the twist holonomy α. A curve: no faces, no boundary.
 */
import { assembleLattice } from "./assemble.js"
import { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import { latticeDefaults } from "./defaults.js"
import type { Lattice } from "./lattice.js"
import { finite, integerAtLeast, positive } from "./validate.js"

export interface RingOptions {
  readonly nodes: number
  readonly radius?: number
  readonly alpha?: number
}

const builder = "ringLattice"

export const ringLattice = (options: RingOptions): Lattice => {
  // Three nodes at least, so the seam edge is not a second copy of an interior edge.
  const nodes = integerAtLeast(builder, "nodes", options.nodes, 3)
  const radius = positive(builder, "radius", options.radius ?? latticeDefaults.radius)
  const alpha = finite(builder, "alpha", options.alpha ?? latticeDefaults.alpha)
  const positions = new Float64Array(3 * nodes)
  const chart = new Float64Array(2 * nodes)
  const edges = new EdgeListBuilder()
  for (let i = 0; i < nodes; i++) {
    const u = (2 * Math.PI * i) / nodes
    positions[3 * i] = radius * Math.cos(u)
    positions[3 * i + 1] = radius * Math.sin(u)
    chart[2 * i] = u
    if (i < nodes - 1) edges.add(i, i + 1)
    else edges.add(i, 0, 1, alpha)
  }
  return assembleLattice({
    geometry: "ring",
    positions,
    chart,
    gluing: { kind: "seam", uPeriod: 2 * Math.PI, reflectsV: false, vPeriod: null },
    edges: edges.finish(),
    faces: new FaceListBuilder().finish(),
    parameters: { nodes, radius, alpha },
  })
}
