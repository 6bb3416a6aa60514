/**
 * The tokamak: S nested strips, each a band of k half-twists around a closed
 * centreline on a Miller-shaped flux surface
 *   R(θ) = R0 + a_s cos(θ + arcsin(δ) sin θ),  Z(θ) = κ a_s sin θ,  a_s = a (s+1)/S,
 * the centreline at toroidal angle u having poloidal angle θ = m u (m integer
 * turns per toroidal turn, so it closes). The strip's width direction starts
 * along the flux surface's outward normal N and rotates by ku/2 in the plane
 * normal to the centreline, towards B = N × T (T the centreline tangent):
 *   r_s(u, v) = c_s(u) + v (cos(ku/2) N(u) + sin(ku/2) B(u)),  v ∈ [-w/2, w/2].
 * N, B and c_s are 2π-periodic in u, so r_s(u + 2π, v) = r_s(u, (-1)^k v), the
 * band's seam rule; for m = 0 a strip is exactly the Möbius band of radius R0 + a_s.
 *
 * Node (s, i, j) is s·nu·nv + i·nv + j. Strips are coupled by inter-strip edges
 * (weight = coupling, flat links) between nodes of different strips closer
 * than cutoff.
 */
import { assembleLattice } from "./assemble.js"
import { EdgeListBuilder, FaceListBuilder } from "./cell-lists.js"
import { latticeDefaults } from "./defaults.js"
import { appendGrid, type Point3, sampleSurface } from "./grid.js"
import type { Lattice } from "./lattice.js"
import { bandGluing, bandRow } from "./mobius.js"
import { pairsWithin } from "./spatial-hash.js"
import { anyInteger, between, finite, integerAtLeast, nonNegative, optionError, positive } from "./validate.js"

export interface TokamakOptions {
  readonly strips: number
  readonly nu: number
  readonly nv: number
  readonly halfTwists?: number
  readonly majorRadius?: number
  readonly minorRadius?: number
  readonly elongation?: number
  readonly triangularity?: number
  readonly poloidalTurns?: number
  readonly width?: number
  readonly coupling?: number
  readonly cutoff?: number
  readonly alpha?: number
}

/** The geometry of one strip: everything r_s(u, v) depends on. */
export interface StripShape {
  readonly majorRadius: number
  /** a_s, this strip's minor radius. */
  readonly minorRadius: number
  readonly elongation: number
  readonly triangularity: number
  readonly poloidalTurns: number
  readonly halfTwists: number
}

/**
 * a_s = a (s+1)/S: in (0, a] for every strip s of any count S, increasing
 * outward. The ratio is formed first so the outermost strip gets exactly a
 * (a·S/S can round one ulp above a).
 */
export const stripMinorRadius = (minorRadius: number, strip: number, strips: number): number =>
  minorRadius * ((strip + 1) / strips)

const normalise = (x: Point3): Point3 => {
  const length = Math.hypot(x[0], x[1], x[2])
  return [x[0] / length, x[1] / length, x[2] / length]
}

const cross = (a: Point3, b: Point3): Point3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]

/** The centreline point c_s(u), the flux-surface outward normal N(u) and B = N × T. */
export const stripFrame = (u: number, shape: StripShape): { readonly centre: Point3; readonly normal: Point3; readonly binormal: Point3 } => {
  const theta = shape.poloidalTurns * u
  const x = Math.asin(shape.triangularity)
  const a = shape.minorRadius
  const psi = theta + x * Math.sin(theta)
  const rho = shape.majorRadius + a * Math.cos(psi)
  const dRho = -a * Math.sin(psi) * (1 + x * Math.cos(theta))
  const z = shape.elongation * a * Math.sin(theta)
  const dZ = shape.elongation * a * Math.cos(theta)
  const cosU = Math.cos(u)
  const sinU = Math.sin(u)
  // (dZ, -dR) is the outward normal of the counter-clockwise poloidal contour; it is never zero for |δ| < 1.
  const inPlane = Math.hypot(dZ, dRho)
  const normal: Point3 = [(dZ / inPlane) * cosU, (dZ / inPlane) * sinU, -dRho / inPlane]
  const m = shape.poloidalTurns
  const tangent: Point3 = [-rho * sinU + m * dRho * cosU, rho * cosU + m * dRho * sinU, m * dZ]
  return { centre: [rho * cosU, rho * sinU, z], normal, binormal: normalise(cross(normal, tangent)) }
}

export const tokamakPoint = (u: number, v: number, shape: StripShape): Point3 => {
  const { centre, normal, binormal } = stripFrame(u, shape)
  const c = v * Math.cos((shape.halfTwists * u) / 2)
  const s = v * Math.sin((shape.halfTwists * u) / 2)
  return [
    centre[0] + c * normal[0] + s * binormal[0],
    centre[1] + c * normal[1] + s * binormal[1],
    centre[2] + c * normal[2] + s * binormal[2],
  ]
}

const builder = "tokamakLattice"

interface Resolved {
  readonly strips: number
  readonly nu: number
  readonly nv: number
  readonly halfTwists: number
  readonly majorRadius: number
  readonly minorRadius: number
  readonly elongation: number
  readonly triangularity: number
  readonly poloidalTurns: number
  readonly width: number
  readonly coupling: number
  readonly cutoff: number
  readonly alpha: number
}

const resolve = (options: TokamakOptions): Resolved => {
  const resolved: Resolved = {
    strips: integerAtLeast(builder, "strips", options.strips, 1),
    // nu >= 3: with 2 columns the seam links could repeat the interior ones.
    nu: integerAtLeast(builder, "nu", options.nu, 3),
    nv: integerAtLeast(builder, "nv", options.nv, 2),
    halfTwists: anyInteger(builder, "halfTwists", options.halfTwists ?? latticeDefaults.halfTwists),
    majorRadius: positive(builder, "majorRadius", options.majorRadius ?? latticeDefaults.majorRadius),
    minorRadius: positive(builder, "minorRadius", options.minorRadius ?? latticeDefaults.minorRadius),
    elongation: positive(builder, "elongation", options.elongation ?? latticeDefaults.elongation),
    // |δ| < 1 keeps arcsin(δ) inside (-π/2, π/2), where the contour is smooth.
    triangularity: between(builder, "triangularity", options.triangularity ?? latticeDefaults.triangularity, -1, 1),
    poloidalTurns: anyInteger(builder, "poloidalTurns", options.poloidalTurns ?? latticeDefaults.poloidalTurns),
    width: positive(builder, "width", options.width ?? latticeDefaults.stripWidth),
    coupling: nonNegative(builder, "coupling", options.coupling ?? latticeDefaults.coupling),
    cutoff: positive(builder, "cutoff", options.cutoff ?? latticeDefaults.cutoff),
    alpha: finite(builder, "alpha", options.alpha ?? latticeDefaults.alpha),
  }
  // Every point's distance from the axis is at least R0 - a_s - w/2 >= R0 - a - w/2, for any strip count.
  const limit = resolved.majorRadius - resolved.width / 2
  if (resolved.minorRadius >= limit) {
    throw optionError(builder, "minorRadius", `a finite number < majorRadius - width / 2 (${limit})`, resolved.minorRadius)
  }
  return resolved
}

export const tokamakLattice = (options: TokamakOptions): Lattice => {
  const o = resolve(options)
  const perStrip = o.nu * o.nv
  const nodeCount = o.strips * perStrip
  const positions = new Float64Array(3 * nodeCount)
  const chart = new Float64Array(2 * nodeCount)
  const strip = new Int32Array(nodeCount)
  const edges = new EdgeListBuilder()
  const faces = new FaceListBuilder()
  const gluing = bandGluing(o.halfTwists)
  for (let s = 0; s < o.strips; s++) {
    const shape: StripShape = { ...o, minorRadius: stripMinorRadius(o.minorRadius, s, o.strips) }
    const sampled = sampleSurface(
      o.nu,
      o.nv,
      (j) => bandRow(j, o.nv, o.width),
      (u, v) => tokamakPoint(u, v, shape),
    )
    positions.set(sampled.positions, 3 * s * perStrip)
    chart.set(sampled.chart, 2 * s * perStrip)
    strip.fill(s, s * perStrip, (s + 1) * perStrip)
    const offset = s * perStrip
    appendGrid({ nu: o.nu, nv: o.nv, gluing, seamPhase: o.alpha, offset }, edges, faces)
  }
  pairsWithin(
    positions,
    o.cutoff,
    (p, q) => strip[p] !== strip[q],
    (p, q) => edges.add(p, q, o.coupling, 0),
  )
  return assembleLattice({
    geometry: "tokamak",
    positions,
    chart,
    gluing,
    strip,
    edges: edges.finish(),
    faces: faces.finish(),
    parameters: { ...o },
  })
}
