/**
 * Where the vortices are: the faces with q_f ≠ 0, their charges, and each
 * face's centroid in 3D and in the chart (u, v).
 *
 * The 3D centroid is the mean of the face's node positions. The chart centroid
 * needs the chart's gluing, which the lattice records (lattice.gluing): a face
 * across a u seam has nodes at u ≈ uPeriod and u = 0, so its node coordinates
 * are first carried into the chart of the face's first node (u ± uPeriod, with
 * v -> -v when the seam reflects v; v unwrapped where it is periodic),
 * averaged, and the mean is brought back into the fundamental domain. On a
 * spherical chart (azimuth, polar angle), singular at the poles, the chart
 * centroid is the azimuth and polar angle of the 3D centroid's direction.
 */
import type { Lattice, SeamGluing } from "../lattice/lattice.js"
import { checkPerItem } from "./validate.js"

export interface VortexSet {
  /** Faces with q_f ≠ 0, ascending. */
  readonly face: Int32Array
  readonly charge: Int32Array
  /** x, y, z of each vortex's face centroid. */
  readonly position: Float64Array
  /** u, v of each vortex's face centroid. */
  readonly chart: Float64Array
}

const TWO_PI = 2 * Math.PI

/** The image of `x` nearest to `reference` under shifts by the period. */
const nearestImage = (x: number, reference: number, period: number): number => x + period * Math.round((reference - x) / period)

/** x carried into [0, period). */
const reduce = (x: number, period: number): number => x - period * Math.floor(x / period)

/** The chart centroid of face f on a chart glued nowhere or along a u seam. */
const gluedChartCentroid = (lattice: Lattice, gluing: { readonly kind: "none" } | SeamGluing, f: number): readonly [number, number] => {
  const uPeriod = gluing.kind === "seam" ? gluing.uPeriod : null
  const reflectsV = gluing.kind === "seam" && gluing.reflectsV
  const vPeriod = gluing.kind === "seam" ? gluing.vPeriod : null
  const { offsets, nodes } = lattice.faces
  const { chart } = lattice
  const first = nodes[offsets[f]!]!
  const u0 = chart[2 * first]!
  const v0 = chart[2 * first + 1]!
  let sumU = 0
  let sumV = 0
  for (let t = offsets[f]!; t < offsets[f + 1]!; t++) {
    const n = nodes[t]!
    let u = chart[2 * n]!
    let v = chart[2 * n + 1]!
    if (uPeriod !== null && Math.abs(u - u0) > uPeriod / 2) {
      u = nearestImage(u, u0, uPeriod)
      if (reflectsV) v = -v
    }
    if (vPeriod !== null) v = nearestImage(v, v0, vPeriod)
    sumU += u
    sumV += v
  }
  const size = offsets[f + 1]! - offsets[f]!
  let u = sumU / size
  let v = sumV / size
  if (uPeriod !== null && (u < 0 || u >= uPeriod)) {
    u = reduce(u, uPeriod)
    if (reflectsV) v = -v
  }
  if (vPeriod !== null) v = reduce(v, vPeriod)
  return [u, v]
}

/** Azimuth in [0, 2π) and polar angle of a direction. */
const sphericalChart = (x: number, y: number, z: number): readonly [number, number] => [
  reduce(Math.atan2(y, x), TWO_PI),
  Math.acos(Math.max(-1, Math.min(1, z / Math.hypot(x, y, z)))),
]

export const locateVortices = (lattice: Lattice, charges: Int32Array): VortexSet => {
  const faceCount = lattice.faces.offsets.length - 1
  checkPerItem("locateVortices", "charges", charges, faceCount, "face")
  const faces: number[] = []
  for (let f = 0; f < faceCount; f++) if (charges[f] !== 0) faces.push(f)
  const face = Int32Array.from(faces)
  const charge = new Int32Array(face.length)
  const position = new Float64Array(3 * face.length)
  const chart = new Float64Array(2 * face.length)
  const { gluing } = lattice
  const { offsets, nodes } = lattice.faces
  face.forEach((f, k) => {
    charge[k] = charges[f]!
    const size = offsets[f + 1]! - offsets[f]!
    for (let t = offsets[f]!; t < offsets[f + 1]!; t++) {
      for (let c = 0; c < 3; c++) position[3 * k + c]! += lattice.positions[3 * nodes[t]! + c]! / size
    }
    const [u, v] =
      gluing.kind === "spherical"
        ? sphericalChart(position[3 * k]!, position[3 * k + 1]!, position[3 * k + 2]!)
        : gluedChartCentroid(lattice, gluing, f)
    chart[2 * k] = u
    chart[2 * k + 1] = v
  })
  return { face, charge, position, chart }
}
