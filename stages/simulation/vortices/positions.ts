/**
 * Where the vortices are: the faces with q_f ≠ 0, their charges, and each
 * face's centroid in 3D and in the chart (u, v).
 *
 * The 3D centroid is the mean of the face's node positions. The chart centroid
 * needs the chart's gluing: a face across the u seam has nodes at u ≈ 2π and
 * u = 0, so its node coordinates are first carried into the chart of the face's
 * first node (u ± 2π, with v -> -v when the seam reverses v), averaged, and the
 * mean is brought back into the fundamental domain. On the sphere, whose chart
 * (azimuth, polar angle) is singular at the poles, the chart centroid is the
 * azimuth and polar angle of the 3D centroid's direction.
 */
import type { Lattice } from "../lattice/lattice.js"
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

/** How the chart's edges are identified, per geometry (see the builders in lattice/). */
interface ChartGluing {
  /** u ∈ [0, 2π) is periodic. */
  readonly uPeriodic: boolean
  /** Crossing the u seam maps v to -v. */
  readonly seamFlipsV: boolean
  /** v ∈ [0, 2π) is periodic. */
  readonly vPeriodic: boolean
}

const oddTwists = (lattice: Lattice): boolean => Math.abs(Number(lattice.parameters["halfTwists"] ?? 0)) % 2 === 1

/** The gluing of a geometry's chart, or "spherical" for the sphere's (azimuth, polar angle) chart. */
const chartGluing = (lattice: Lattice): ChartGluing | "spherical" => {
  switch (lattice.geometry) {
    case "sphere":
      return "spherical"
    case "plane":
      return { uPeriodic: false, seamFlipsV: false, vPeriodic: false }
    case "ring":
      return { uPeriodic: true, seamFlipsV: false, vPeriodic: false }
    case "torus":
      return { uPeriodic: true, seamFlipsV: false, vPeriodic: true }
    case "klein":
      return { uPeriodic: true, seamFlipsV: true, vPeriodic: true }
    case "mobius":
    case "tokamak":
      return { uPeriodic: true, seamFlipsV: oddTwists(lattice), vPeriodic: false }
  }
}

/** The image of `x` nearest to `reference` under shifts by 2π. */
const nearestImage = (x: number, reference: number): number => x + TWO_PI * Math.round((reference - x) / TWO_PI)

const reduce = (x: number): number => x - TWO_PI * Math.floor(x / TWO_PI)

const gluedChartCentroid = (lattice: Lattice, gluing: ChartGluing, f: number): readonly [number, number] => {
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
    if (gluing.uPeriodic && Math.abs(u - u0) > Math.PI) {
      u = nearestImage(u, u0)
      if (gluing.seamFlipsV) v = -v
    }
    if (gluing.vPeriodic) v = nearestImage(v, v0)
    sumU += u
    sumV += v
  }
  const size = offsets[f + 1]! - offsets[f]!
  let u = sumU / size
  let v = sumV / size
  if (gluing.uPeriodic && (u < 0 || u >= TWO_PI)) {
    u = reduce(u)
    if (gluing.seamFlipsV) v = -v
  }
  if (gluing.vPeriodic) v = reduce(v)
  return [u, v]
}

/** Azimuth in [0, 2π) and polar angle of a direction. */
const sphericalChart = (x: number, y: number, z: number): readonly [number, number] => [
  reduce(Math.atan2(y, x)),
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
  const gluing = chartGluing(lattice)
  const { offsets, nodes } = lattice.faces
  face.forEach((f, k) => {
    charge[k] = charges[f]!
    const size = offsets[f + 1]! - offsets[f]!
    for (let t = offsets[f]!; t < offsets[f + 1]!; t++) {
      for (let c = 0; c < 3; c++) position[3 * k + c]! += lattice.positions[3 * nodes[t]! + c]! / size
    }
    const [u, v] =
      gluing === "spherical"
        ? sphericalChart(position[3 * k]!, position[3 * k + 1]!, position[3 * k + 2]!)
        : gluedChartCentroid(lattice, gluing, f)
    chart[2 * k] = u
    chart[2 * k + 1] = v
  })
  return { face, charge, position, chart }
}
