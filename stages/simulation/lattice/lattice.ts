/**
 * The one lattice structure shared by every geometry (Möbius band, torus,
 * Klein bottle, Fibonacci sphere, tokamak strips, rings, flat planar patches).
 *
 * Layout choices, for kernels: flat typed arrays, node-major, xyz and uv
 * interleaved; edges stored once (undirected list) and again as a symmetric
 * CSR adjacency whose link phases are antisymmetric (A_ji = -A_ij).
 */

export const geometries = ["mobius", "torus", "klein", "sphere", "tokamak", "ring", "plane"] as const
export type Geometry = (typeof geometries)[number]

/** Undirected edges, each stored once as source -> target with A_{source,target}. */
export interface EdgeList {
  readonly source: Int32Array
  readonly target: Int32Array
  readonly weight: Float64Array
  /** U(1) link phase A_ij for the direction source -> target, radians. */
  readonly phase: Float64Array
}

/** Symmetric adjacency in compressed sparse rows: row i lists every neighbour j with w_ij and A_ij. */
export interface Adjacency {
  /** Length nodeCount + 1. */
  readonly rowStart: Int32Array
  readonly column: Int32Array
  readonly weight: Float64Array
  /** A_ij for row i, column j; the entry for (j, i) holds -A_ij. */
  readonly phase: Float64Array
}

/** Oriented faces (plaquettes): face f is the node cycle nodes[offsets[f] .. offsets[f+1]). */
export interface Faces {
  /** Length faceCount + 1. */
  readonly offsets: Int32Array
  readonly nodes: Int32Array
}

/**
 * A chart glued along a u seam: (u + uPeriod, v) is the point (u, -v) when
 * reflectsV, else (u, v).
 */
export interface SeamGluing {
  readonly kind: "seam"
  /** u is periodic with this period (2π for every builder). */
  readonly uPeriod: number
  /** Crossing the seam maps v to -v (an orientation-reversing seam). */
  readonly reflectsV: boolean
  /** v is periodic with this period, or not periodic (null). */
  readonly vPeriod: number | null
}

/**
 * Which chart points are one point of the surface, so code that works in the
 * chart (e.g. the centroid of a face across a seam) can unwrap it without
 * knowing the geometry. Builders state it; assembleLattice defaults to "none".
 *
 * - "none": no identification, the chart is a flat patch (the plane).
 * - "seam" (SeamGluing): u periodic; v reflected across the seam for
 *   odd-twist bands and tokamak strips and the Klein bottle, kept for
 *   even-twist bands, the torus and the ring (whose v is 0); v periodic on the
 *   torus and the Klein bottle.
 * - "spherical": u and v are the azimuth in [0, 2π) and the polar angle in
 *   [0, π] of the node's direction from the origin (the sphere): u is
 *   periodic and each pole is a single point, where the chart is singular.
 *
 * The tokamak's strips each have a copy of the chart, glued alike.
 */
export type ChartGluing = { readonly kind: "none" } | SeamGluing | { readonly kind: "spherical" }

export interface Lattice {
  readonly geometry: Geometry
  readonly nodeCount: number
  /** 3 * nodeCount: x, y, z of each node. */
  readonly positions: Float64Array
  /** 2 * nodeCount: chart coordinates u, v of each node. */
  readonly chart: Float64Array
  /** How the chart is identified along its edges. */
  readonly gluing: ChartGluing
  /** Strip index of each node (0 except for the tokamak). */
  readonly strip: Int32Array
  readonly edges: EdgeList
  readonly adjacency: Adjacency
  readonly faces: Faces
  /** Boundary cycles as closed node sequences (first node not repeated); empty for closed surfaces. */
  readonly boundaries: readonly Int32Array[]
  /** Whether the surface admits a consistent face orientation. */
  readonly orientable: boolean
  /** Construction parameters, recorded with results. */
  readonly parameters: Readonly<Record<string, number | string>>
}
