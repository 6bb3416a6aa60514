/**
 * Phase imprinting of vortex-antivortex pairs: the seeding and annihilation
 * controls act on ψ through it (docs/theory/control.md).
 *
 * A pair site is two adjacent faces, the + core at the centroid of one and the
 * − core at the other's, in the tangent plane of the first (normal n oriented
 * by that face's node order). Imprinting with strength σ multiplies
 *
 *   ψ_x ← ψ_x · exp(i σ g(r_x) Θ_x),   Θ = wrap(arg(ζ - ζ+) - arg(ζ - ζ-)),
 *
 * ζ the node's projection into that plane, r_x its distance from the pair's
 * midpoint and g a taper, 1 out to R1 (past every node of the two faces) and
 * falling as a cosine to 0 at 2 R1 (nodes of other tokamak strips are left
 * alone: they belong to another surface). Θ winds by 2π around the + face and by
 * -2π around the − face and is single-valued outside the segment between the
 * cores, so with σ = 1 the two faces gain charges +1 and -1 (in the first
 * face's orientation) and every other face keeps its charge; σ = -1 removes
 * such a pair. ψ moves continuously with σ.
 */
import type { ComplexField } from "../../../simulation/field.js"
import { wrapAngle } from "../../../simulation/field.js"
import type { Lattice } from "../../../simulation/lattice/lattice.js"
import { pairsWithin } from "../../../simulation/lattice/spatial-hash.js"
import { type FaceEdgeTable, faceEdgeTable } from "../../../simulation/vortices/face-edges.js"
import { faceCentroids } from "../../../analysis/ensemble/residue.js"
import type { Prng } from "../../../prng.js"

/** The face geometry imprinting needs, computed once per lattice. */
export interface FaceGeometry {
  readonly lattice: Lattice
  /** xyz of each face's centroid. */
  readonly centroid: Float64Array
  /** Unit normal of each face, oriented by its node order (counter-clockwise about it). */
  readonly normal: Float64Array
  /** Pairs of faces sharing an edge: faces 2i and 2i + 1. */
  readonly adjacentFaces: Int32Array
  /** Median distance between the centroids of adjacent faces. */
  readonly spacing: number
  readonly table: FaceEdgeTable
}

/** Newell's normal of face f, normalised. */
const faceNormal = (lattice: Lattice, f: number, out: Float64Array): void => {
  const { offsets, nodes } = lattice.faces
  const p = lattice.positions
  let nx = 0
  let ny = 0
  let nz = 0
  const start = offsets[f]!
  const end = offsets[f + 1]!
  for (let t = start; t < end; t++) {
    const a = nodes[t]!
    const b = nodes[t + 1 < end ? t + 1 : start]!
    nx += (p[3 * a + 1]! - p[3 * b + 1]!) * (p[3 * a + 2]! + p[3 * b + 2]!)
    ny += (p[3 * a + 2]! - p[3 * b + 2]!) * (p[3 * a]! + p[3 * b]!)
    nz += (p[3 * a]! - p[3 * b]!) * (p[3 * a + 1]! + p[3 * b + 1]!)
  }
  const length = Math.hypot(nx, ny, nz)
  out[3 * f] = nx / length
  out[3 * f + 1] = ny / length
  out[3 * f + 2] = nz / length
}

const distance = (a: Float64Array, i: number, b: Float64Array, j: number): number =>
  Math.hypot(a[3 * i]! - b[3 * j]!, a[3 * i + 1]! - b[3 * j + 1]!, a[3 * i + 2]! - b[3 * j + 2]!)

export const faceGeometry = (lattice: Lattice): FaceGeometry => {
  const faceCount = lattice.faces.offsets.length - 1
  if (faceCount === 0) throw new RangeError(`faceGeometry: the lattice (${lattice.geometry}) has no faces`)
  const centroid = faceCentroids(lattice)
  const normal = new Float64Array(3 * faceCount)
  for (let f = 0; f < faceCount; f++) faceNormal(lattice, f, normal)
  const table = faceEdgeTable(lattice)
  const adjacent: number[] = []
  for (let e = 0; e < table.edgeCount; e++) {
    if (table.edgeFaceCount[e] === 2) adjacent.push(table.edgeFace[2 * e]!, table.edgeFace[2 * e + 1]!)
  }
  const adjacentFaces = Int32Array.from(adjacent)
  const gaps = Float64Array.from({ length: adjacentFaces.length / 2 }, (_, i) =>
    distance(centroid, adjacentFaces[2 * i]!, centroid, adjacentFaces[2 * i + 1]!),
  ).sort()
  const spacing = gaps.length === 0 ? 0 : gaps[Math.floor(gaps.length / 2)]!
  return { lattice, centroid, normal, adjacentFaces, spacing, table }
}

/** A pair to imprint: the faces of the + and − cores; the plane's normal is the + face's. */
export interface PairSite {
  readonly plus: number
  readonly minus: number
}

type Vector = readonly [number, number, number]

const sub = (a: Vector, b: Vector): Vector => [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
const dot = (a: Vector, b: Vector): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
const point = (array: Float64Array, i: number): Vector => [array[3 * i]!, array[3 * i + 1]!, array[3 * i + 2]!]

/** The edge faces f and g share, or -1. */
const sharedEdge = (geometry: FaceGeometry, f: number, g: number): number => {
  const { offsets, edge } = geometry.table
  for (let s = offsets[f]!; s < offsets[f + 1]!; s++) {
    for (let t = offsets[g]!; t < offsets[g + 1]!; t++) if (edge[s] === edge[t]) return edge[s]!
  }
  return -1
}

/**
 * Where a pair's cores sit, in the plane's coordinates: ζ = (p·e1, κ p·e2)
 * for p = x - mid. Far apart faces have their cores at their centroids. For
 * faces sharing an edge, a core at each centroid would see the shared edge
 * under exactly π/2 from both sides, so the imprint's phase step along that
 * edge would be π, a tie for the winding count; each core is moved to three
 * quarters of its face's depth from the shared edge instead, and the e2 axis
 * is scaled by κ <= 1 so that a long shared edge still subtends less than π/2
 * (the faces' windings are then exact, see the module comment).
 */
interface PairFrame {
  readonly mid: Vector
  readonly e1: Vector
  readonly e2: Vector
  readonly scale: number
  readonly plus: readonly [number, number]
  readonly minus: readonly [number, number]
}

const pairFrame = (geometry: FaceGeometry, site: PairSite): PairFrame => {
  const { lattice, centroid, normal } = geometry
  const n = point(normal, site.plus)
  const edge = site.plus === site.minus ? -1 : sharedEdge(geometry, site.plus, site.minus)
  let plusCore = point(centroid, site.plus)
  let minusCore = point(centroid, site.minus)
  let mid: Vector = [(plusCore[0] + minusCore[0]) / 2, (plusCore[1] + minusCore[1]) / 2, (plusCore[2] + minusCore[2]) / 2]
  let halfEdge: Vector | null = null
  if (edge >= 0) {
    const a = point(lattice.positions, lattice.edges.source[edge]!)
    const b = point(lattice.positions, lattice.edges.target[edge]!)
    mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2]
    halfEdge = [(b[0] - a[0]) / 2, (b[1] - a[1]) / 2, (b[2] - a[2]) / 2]
    const core = (f: number): Vector => {
      const c = sub(point(centroid, f), mid)
      const length = Math.hypot(...c)
      const u: Vector = [c[0] / length, c[1] / length, c[2] / length]
      const { offsets, nodes } = lattice.faces
      let depth = 0
      for (let t = offsets[f]!; t < offsets[f + 1]!; t++) depth = Math.max(depth, dot(sub(point(lattice.positions, nodes[t]!), mid), u))
      return [mid[0] + 0.75 * depth * u[0], mid[1] + 0.75 * depth * u[1], mid[2] + 0.75 * depth * u[2]]
    }
    plusCore = core(site.plus)
    minusCore = core(site.minus)
  }
  // e1: from the − core to the + core within the plane; e2 = n × e1.
  const separation = sub(plusCore, minusCore)
  const normalPart = dot(separation, n)
  const inPlane: Vector = [separation[0] - normalPart * n[0], separation[1] - normalPart * n[1], separation[2] - normalPart * n[2]]
  const length = Math.hypot(...inPlane)
  const e1: Vector = [inPlane[0] / length, inPlane[1] / length, inPlane[2] / length]
  const e2: Vector = [n[1] * e1[2] - n[2] * e1[1], n[2] * e1[0] - n[0] * e1[2], n[0] * e1[1] - n[1] * e1[0]]
  const plusDistance = dot(sub(plusCore, mid), e1)
  const minusDistance = -dot(sub(minusCore, mid), e1)
  const scale = halfEdge === null ? 1 : Math.min(1, (0.75 * Math.min(plusDistance, minusDistance)) / Math.abs(dot(halfEdge, e2)))
  const at = (x: Vector): readonly [number, number] => {
    const p = sub(x, mid)
    return [dot(p, e1), scale * dot(p, e2)]
  }
  return { mid, e1, e2, scale, plus: at(plusCore), minus: at(minusCore) }
}

/** Multiplies ψ in place by exp(i σ g Θ) for the pair at `site` (see the module comment). */
export const imprintPair = (geometry: FaceGeometry, field: ComplexField, site: PairSite, strength: number): void => {
  if (!Number.isFinite(strength)) throw new RangeError(`imprintPair: strength must be a finite number, got ${strength}`)
  if (strength === 0) return
  const { lattice } = geometry
  const { positions: x } = lattice
  const { offsets, nodes } = lattice.faces
  const frame = pairFrame(geometry, site)
  const { mid, e1, e2, scale } = frame
  let inner = 0
  for (const f of [site.plus, site.minus]) {
    for (let t = offsets[f]!; t < offsets[f + 1]!; t++) inner = Math.max(inner, Math.hypot(...sub(point(x, nodes[t]!), mid)))
  }
  inner *= 1.25
  const outer = 2 * inner
  // The patch is the pair's own strip: a nearby tokamak strip is another surface.
  const strip = lattice.strip[nodes[offsets[site.plus]!]!]
  for (let v = 0; v < lattice.nodeCount; v++) {
    if (lattice.strip[v] !== strip) continue
    const dx = x[3 * v]! - mid[0]
    const dy = x[3 * v + 1]! - mid[1]
    const dz = x[3 * v + 2]! - mid[2]
    const r = Math.hypot(dx, dy, dz)
    if (r >= outer) continue
    const px = dx * e1[0] + dy * e1[1] + dz * e1[2]
    const py = scale * (dx * e2[0] + dy * e2[1] + dz * e2[2])
    const theta = wrapAngle(Math.atan2(py - frame.plus[1], px - frame.plus[0]) - Math.atan2(py - frame.minus[1], px - frame.minus[0]))
    const taper = r <= inner ? 1 : 0.5 * (1 + Math.cos((Math.PI * (r - inner)) / (outer - inner)))
    const phase = strength * taper * theta
    const cos = Math.cos(phase)
    const sin = Math.sin(phase)
    const re = field.re[v]!
    const im = field.im[v]!
    field.re[v] = re * cos - im * sin
    field.im[v] = re * sin + im * cos
  }
}

/** `count` pair sites drawn uniformly from the adjacent face pairs (each draw one PRNG integer). */
export const drawSeedSites = (geometry: FaceGeometry, prng: Prng, count: number): PairSite[] => {
  const pairs = geometry.adjacentFaces.length / 2
  if (pairs === 0) return []
  return Array.from({ length: count }, () => {
    const i = prng.int(0, pairs - 1)
    return { plus: geometry.adjacentFaces[2 * i]!, minus: geometry.adjacentFaces[2 * i + 1]! }
  })
}

/** The charge of face g seen in the orientation of face f: q_g times the sign of n_f · n_g. */
const chargeIn = (geometry: FaceGeometry, f: number, g: number, q: number): number => {
  const { normal: n } = geometry
  const dot = n[3 * f]! * n[3 * g]! + n[3 * f + 1]! * n[3 * g + 1]! + n[3 * f + 2]! * n[3 * g + 2]!
  return dot < 0 ? -q : q
}

/** A pair to remove: imprint at `site` with strength `sign` · a removes it when a = 1. */
export interface AnnihilationSite {
  readonly site: PairSite
  readonly sign: number
}

/**
 * Opposite charges closer than `radius` (centroid distance), matched greedily
 * nearest first (ties by face index), each face at most once. Charges are
 * compared in a common orientation (the first face's), so pairs across the
 * seam of a non-orientable band are found too.
 */
export const annihilationSites = (geometry: FaceGeometry, charges: Int32Array, radius: number): AnnihilationSite[] => {
  if (!(radius > 0) || !Number.isFinite(radius)) throw new RangeError(`annihilationSites: radius must be a finite number > 0, got ${radius}`)
  const faces: number[] = []
  for (let f = 0; f < charges.length; f++) if (charges[f] !== 0) faces.push(f)
  const points = new Float64Array(3 * faces.length)
  faces.forEach((f, i) => points.set(geometry.centroid.subarray(3 * f, 3 * f + 3), 3 * i))
  const candidates: { p: number; q: number; d: number }[] = []
  pairsWithin(
    points,
    radius,
    (p, q) => charges[faces[p]!]! + chargeIn(geometry, faces[p]!, faces[q]!, charges[faces[q]!]!) === 0,
    (p, q) => candidates.push({ p, q, d: distance(points, p, points, q) }),
  )
  candidates.sort((a, b) => a.d - b.d || a.p - b.p || a.q - b.q)
  const used = new Uint8Array(faces.length)
  const sites: AnnihilationSite[] = []
  for (const { p, q } of candidates) {
    if (used[p] || used[q]) continue
    used[p] = 1
    used[q] = 1
    sites.push({ site: { plus: faces[p]!, minus: faces[q]! }, sign: -charges[faces[p]!]! })
  }
  return sites
}
