/**
 * Patches of the regular hyperbolic tiling {p, q} (p-gons, q around each
 * vertex; hyperbolic when (p − 2)(q − 2) > 4), e.g. {5,4} for the HaPPY
 * pentagon code and {6,4} for its hexagon state.
 *
 * Construction in the Poincaré disk: the central p-gon has its vertices at
 * Euclidean radius tanh(R/2), with cosh R = cot(π/p) cot(π/q) its hyperbolic
 * circumradius. Every other tile is a reflection of a tile across one of its
 * edges (in the geodesic through the edge's endpoints, computed by moving one
 * endpoint to the origin with a disk automorphism), vertex order reversed to
 * stay counter-clockwise. Tiles are generated breadth-first across edges, so
 * ring r holds the tiles r edge-steps from the centre; a tile already found is
 * recognised by its centre. The patch keeps rings 0..layers, truncated to the
 * first maxTiles tiles.
 *
 * Edge k of a tile runs from its vertex k to vertex k+1. The patch boundary
 * (its dangling edges) is walked counter-clockwise, the patch on the left:
 * after a dangling edge ending at vertex v, turn around v through the tiles
 * of the patch to the next dangling edge leaving v.
 */
import type { NetworkGraph, LegRef } from "./network.js"

export interface TilingSpec {
  /** Polygon sides. */
  readonly p: number
  /** Polygons around each vertex. */
  readonly q: number
  /** Rings of tiles around the central one (0: the central tile alone). */
  readonly layers: number
  /** Keep only the first this many tiles in ring order; 0 or absent: no limit. */
  readonly maxTiles?: number
}

/** One side of an edge: edge `edge` of tile `tile`. */
export interface TileEdge {
  readonly tile: number
  readonly edge: number
}

export interface TilingPatch {
  readonly p: number
  readonly q: number
  /** The ring of each tile. */
  readonly rings: ReadonlyArray<number>
  /** For each tile and edge, the tile edge across it within the patch, or null for a dangling edge. */
  readonly across: ReadonlyArray<ReadonlyArray<TileEdge | null>>
  /** The dangling edges in counter-clockwise order, starting at the lowest tile and edge. */
  readonly boundary: ReadonlyArray<TileEdge>
}

/** Largest patch built: beyond it the boundary state could never be contracted, and coordinates near the disk's rim lose precision. */
export const maxPatchTiles = 2000

type Point = readonly [number, number]

interface Polygon {
  readonly centre: Point
  readonly vertices: ReadonlyArray<Point>
}

const mul = (a: Point, b: Point): Point => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]]
const div = (a: Point, b: Point): Point => {
  const d = b[0] * b[0] + b[1] * b[1]
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d]
}
const conj = (a: Point): Point => [a[0], -a[1]]
/** The disk automorphism z ↦ (z − a)/(1 − ā z), taking a to 0, and its inverse (with −a). */
const moveToOrigin = (a: Point, z: Point): Point => div([z[0] - a[0], z[1] - a[1]], [1 - mul(conj(a), z)[0], -mul(conj(a), z)[1]])

/**
 * Reflection in the geodesic through a and b: move a to the origin, where the
 * geodesic is a diameter with direction u, reflect there (w ↦ u² w̄) and move
 * back. Stable even for geodesics close to diameters.
 */
const reflection = (a: Point, b: Point): ((z: Point) => Point) => {
  const direction = moveToOrigin(a, b)
  const length = Math.hypot(direction[0], direction[1])
  const u: Point = [direction[0] / length, direction[1] / length]
  const u2 = mul(u, u)
  const back: Point = [-a[0], -a[1]]
  return (z) => moveToOrigin(back, mul(u2, conj(moveToOrigin(a, z))))
}

/** Equal points, relative to the hyperbolic scale at a (1 − |a|²). */
const same = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-7 * (1 - a[0] * a[0] - a[1] * a[1])

const reflectAcross = (tile: Polygon, edge: number): Polygon => {
  const p = tile.vertices.length
  const mirror = reflection(tile.vertices[edge]!, tile.vertices[(edge + 1) % p]!)
  return { centre: mirror(tile.centre), vertices: tile.vertices.map(mirror).reverse() }
}

const validate = (spec: TilingSpec) => {
  const { p, q, layers } = spec
  const maxTiles = spec.maxTiles ?? 0
  if (!Number.isInteger(p) || !Number.isInteger(q) || p < 3 || q < 3 || (p - 2) * (q - 2) <= 4) {
    throw new RangeError(`{${p},${q}} is not a hyperbolic tiling; expected integers p, q >= 3 with (p - 2)(q - 2) > 4`)
  }
  if (!Number.isInteger(layers) || layers < 0) throw new RangeError(`layers must be an integer >= 0, got ${layers}`)
  if (!Number.isInteger(maxTiles) || maxTiles < 0) throw new RangeError(`maxTiles must be an integer >= 0, got ${maxTiles}`)
}

export const hyperbolicTiling = (spec: TilingSpec): TilingPatch => {
  validate(spec)
  const { p, q, layers } = spec
  const limit = spec.maxTiles === undefined || spec.maxTiles === 0 ? Infinity : spec.maxTiles
  const circumradius = Math.acosh(1 / (Math.tan(Math.PI / p) * Math.tan(Math.PI / q)))
  const r = Math.tanh(circumradius / 2)
  const central: Polygon = {
    centre: [0, 0],
    vertices: Array.from({ length: p }, (_, k) => [r * Math.cos((2 * Math.PI * k) / p), r * Math.sin((2 * Math.PI * k) / p)] as const),
  }
  const tiles: Polygon[] = [central]
  const rings = [0]
  const find = (centre: Point) => tiles.findIndex((tile) => same(tile.centre, centre))
  for (let head = 0; head < tiles.length && tiles.length < limit; head++) {
    if (rings[head]! >= layers) break
    for (let edge = 0; edge < p && tiles.length < limit; edge++) {
      const neighbour = reflectAcross(tiles[head]!, edge)
      if (find(neighbour.centre) >= 0) continue
      if (tiles.length >= maxPatchTiles) {
        throw new RangeError(`the {${p},${q}} patch with ${layers} layers has more than ${maxPatchTiles} tiles; lower layers or set maxTiles`)
      }
      tiles.push(neighbour)
      rings.push(rings[head]! + 1)
    }
  }
  const across = tiles.map((tile) =>
    tile.vertices.map((start, edge): TileEdge | null => {
      const other = find(reflectAcross(tile, edge).centre)
      if (other < 0) return null
      const end = tile.vertices[(edge + 1) % p]!
      const vertices = tiles[other]!.vertices
      const back = vertices.findIndex((v, k) => same(v, end) && same(vertices[(k + 1) % p]!, start))
      if (back < 0) throw new RangeError(`tiles ${tiles.indexOf(tile)} and ${other} do not share edge ${edge}`)
      return { tile: other, edge: back }
    }),
  )
  return { p, q, rings, across, boundary: walkBoundary(p, across) }
}

const walkBoundary = (p: number, across: ReadonlyArray<ReadonlyArray<TileEdge | null>>): TileEdge[] => {
  const dangling = across.flatMap((edges, tile) => edges.flatMap((a, edge) => (a === null ? [{ tile, edge }] : [])))
  const start = dangling[0]
  if (start === undefined) throw new RangeError("the patch has no boundary")
  const walk: TileEdge[] = []
  let current: TileEdge = start
  do {
    walk.push(current)
    if (walk.length > dangling.length) break
    // The edge after `current` in its tile leaves the vertex where `current` ends; turn through shared edges to a dangling one.
    let next: TileEdge = { tile: current.tile, edge: (current.edge + 1) % p }
    for (let turns = 0; across[next.tile]![next.edge] !== null; turns++) {
      if (turns > across.length * p) throw new RangeError("the patch boundary walk does not close")
      const shared = across[next.tile]![next.edge]!
      next = { tile: shared.tile, edge: (shared.edge + 1) % p }
    }
    current = next
  } while (current.tile !== start.tile || current.edge !== start.edge)
  if (walk.length !== dangling.length) {
    throw new RangeError(`the patch boundary is not one closed curve (${dangling.length} dangling edges, ${walk.length} in one loop)`)
  }
  return walk
}

/** The tiling's graph: one node per tile with p legs (one per edge, in edge order) of dimension `bondDimension`. */
export const tilingGraph = (patch: TilingPatch, bondDimension: number): NetworkGraph => {
  if (!Number.isInteger(bondDimension) || bondDimension < 1) throw new RangeError(`bond dimension must be an integer >= 1, got ${bondDimension}`)
  const bonds: Array<readonly [LegRef, LegRef]> = []
  patch.across.forEach((edges, tile) =>
    edges.forEach((other, edge) => {
      if (other !== null && (other.tile > tile || (other.tile === tile && other.edge > edge))) {
        bonds.push([{ node: tile, leg: edge }, { node: other.tile, leg: other.edge }])
      }
    }),
  )
  return {
    nodes: patch.across.map(() => new Array<number>(patch.p).fill(bondDimension)),
    bonds,
    boundary: patch.boundary.map(({ tile, edge }) => ({ node: tile, leg: edge })),
  }
}
