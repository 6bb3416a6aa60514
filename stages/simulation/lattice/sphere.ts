/**
 * The Fibonacci sphere: r_i = R (sin θ_i cos φ_i, sin θ_i sin φ_i, cos θ_i) with
 * cos θ_i = 1 - 2(i + 1/2)/N and φ_i = 2π i / g + turns · θ_i (g the golden
 * ratio), triangulated by its convex hull, faces oriented outward. Chart
 * (u, v) = (φ_i mod 2π, θ_i), the azimuth and polar angle of the node's
 * direction: a "spherical" gluing.
 */
import quickhull from "quickhull3d/dist/quickhull3d.js"
import { assembleLattice } from "./assemble.js"
import { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import { latticeDefaults } from "./defaults.js"
import type { Point3 } from "./grid.js"
import type { Lattice } from "./lattice.js"
import { finite, integerAtLeast, positive } from "./validate.js"

export interface SphereOptions {
  readonly nodes: number
  readonly radius?: number
  readonly turns?: number
}

const goldenRatio = (1 + Math.sqrt(5)) / 2

/** Polar angle θ_i and azimuth φ_i of Fibonacci node i of N. */
export const fibonacciAngles = (i: number, nodes: number, turns: number): { readonly theta: number; readonly phi: number } => {
  const theta = Math.acos(1 - (2 * (i + 0.5)) / nodes)
  return { theta, phi: (2 * Math.PI * i) / goldenRatio + turns * theta }
}

const cross = (a: Point3, b: Point3): Point3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]

/** The triangle a, b, c with its normal pointing away from the origin (the sphere's centre). */
const outward = (points: readonly Point3[], a: number, b: number, c: number): readonly [number, number, number] => {
  const p = points[a]!
  const q = points[b]!
  const r = points[c]!
  const normal = cross([q[0] - p[0], q[1] - p[1], q[2] - p[2]], [r[0] - p[0], r[1] - p[1], r[2] - p[2]])
  const centroid = [p[0] + q[0] + r[0], p[1] + q[1] + r[1], p[2] + q[2] + r[2]] as const
  return normal[0] * centroid[0] + normal[1] * centroid[1] + normal[2] * centroid[2] >= 0 ? [a, b, c] : [a, c, b]
}

const builder = "sphereLattice"

export const sphereLattice = (options: SphereOptions): Lattice => {
  // Four points are the fewest with a solid convex hull.
  const nodes = integerAtLeast(builder, "nodes", options.nodes, 4)
  const radius = positive(builder, "radius", options.radius ?? latticeDefaults.radius)
  const turns = finite(builder, "turns", options.turns ?? latticeDefaults.turns)
  const positions = new Float64Array(3 * nodes)
  const chart = new Float64Array(2 * nodes)
  const points: Point3[] = []
  for (let i = 0; i < nodes; i++) {
    const { theta, phi } = fibonacciAngles(i, nodes, turns)
    const point: Point3 = [
      radius * Math.sin(theta) * Math.cos(phi),
      radius * Math.sin(theta) * Math.sin(phi),
      radius * Math.cos(theta),
    ]
    points.push(point)
    positions.set(point, 3 * i)
    // φ mod 2π. Rounding can leave a φ just below a multiple of 2π at 2π itself, or a tiny negative φ below 0: both are azimuth 0.
    const azimuth = phi - 2 * Math.PI * Math.floor(phi / (2 * Math.PI))
    chart[2 * i] = azimuth >= 0 && azimuth < 2 * Math.PI ? azimuth : 0
    chart[2 * i + 1] = theta
  }
  const edges = new EdgeListBuilder()
  const faces = new FaceListBuilder()
  const seen = new Set<number>()
  for (const hullFace of quickhull(points.map((p) => [p[0], p[1], p[2]]))) {
    const [a, b, c] = outward(points, hullFace[0]!, hullFace[1]!, hullFace[2]!)
    faces.add(a, b, c)
    for (const [p, q] of [[a, b], [b, c], [c, a]] as const) {
      const key = Math.min(p, q) * nodes + Math.max(p, q)
      if (seen.has(key)) continue
      seen.add(key)
      edges.add(Math.min(p, q), Math.max(p, q))
    }
  }
  return assembleLattice({
    geometry: "sphere",
    positions,
    chart,
    gluing: { kind: "spherical" },
    edges: edges.finish(),
    faces: faces.finish(),
    parameters: { nodes, radius, turns },
  })
}
