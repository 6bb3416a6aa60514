import { describe, expect, it } from "vitest"
import { type TilingPatch, hyperbolicTiling, tilingGraph } from "./hyperbolic-tiling.js"
import { validateGraph } from "./network.js"

/**
 * The tiles around the vertex where edge (tile, edge) starts, found by turning
 * through shared edges: q at an interior vertex, fewer at the boundary.
 */
const turnsAround = (patch: TilingPatch, tile: number, edge: number): number | "open" => {
  let current = { tile, edge }
  for (let steps = 1; steps <= patch.q + 1; steps++) {
    const previous = patch.across[current.tile]![(current.edge + patch.p - 1) % patch.p]
    if (previous === null || previous === undefined) return "open"
    current = previous
    if (current.tile === tile && current.edge === edge) return steps
  }
  return patch.q + 1
}

const vertexCount = (patch: TilingPatch): number => {
  const parent = patch.across.flatMap((_, tile) => Array.from({ length: patch.p }, (_, edge) => tile * patch.p + edge))
  const root = (x: number): number => (parent[x] === x ? x : (parent[x] = root(parent[x]!)))
  patch.across.forEach((edges, tile) =>
    edges.forEach((_, edge) => {
      const previous = edges[(edge + patch.p - 1) % patch.p]
      if (previous !== null && previous !== undefined) parent[root(tile * patch.p + edge)] = root(previous.tile * patch.p + previous.edge)
    }),
  )
  return new Set(parent.map((_, x) => root(x))).size
}

const counts = (patch: TilingPatch) => {
  const sides = patch.rings.length * patch.p
  const dangling = patch.across.flat().filter((a) => a === null).length
  return { tiles: patch.rings.length, bonds: (sides - dangling) / 2, boundary: patch.boundary.length }
}

describe("hyperbolicTiling", () => {
  it("builds the rings of {5,4} and {6,4}: 1, 6, 21 pentagons and 1, 7 hexagons", () => {
    expect(counts(hyperbolicTiling({ p: 5, q: 4, layers: 0 }))).toEqual({ tiles: 1, bonds: 0, boundary: 5 })
    expect(counts(hyperbolicTiling({ p: 5, q: 4, layers: 1 }))).toEqual({ tiles: 6, bonds: 5, boundary: 20 })
    expect(counts(hyperbolicTiling({ p: 5, q: 4, layers: 2 }))).toEqual({ tiles: 21, bonds: 25, boundary: 55 })
    expect(counts(hyperbolicTiling({ p: 6, q: 4, layers: 1 }))).toEqual({ tiles: 7, bonds: 6, boundary: 30 })
    expect(hyperbolicTiling({ p: 5, q: 4, layers: 2 }).rings.filter((r) => r === 2)).toHaveLength(15)
  })

  it("glues q tiles around every interior vertex, symmetrically, for several tilings", () => {
    for (const spec of [
      { p: 5, q: 4, layers: 3 },
      { p: 6, q: 4, layers: 2 },
      { p: 7, q: 3, layers: 3 },
      { p: 4, q: 5, layers: 3 },
    ]) {
      const patch = hyperbolicTiling(spec)
      let interior = 0
      patch.across.forEach((edges, tile) =>
        edges.forEach((other, edge) => {
          if (other !== null) expect(patch.across[other.tile]![other.edge]).toEqual({ tile, edge })
          const turns = turnsAround(patch, tile, edge)
          if (turns !== "open") {
            expect(turns).toBe(spec.q)
            interior += 1
          }
        }),
      )
      expect(interior).toBeGreaterThan(0)
      // A disk: V − E + F = 1, vertices being the classes of edge starts joined through shared edges.
      const { tiles, bonds, boundary } = counts(patch)
      expect(vertexCount(patch) - (bonds + boundary) + tiles).toBe(1)
    }
  })

  it("walks the boundary as one closed curve: consecutive dangling edges meet at a vertex", () => {
    const patch = hyperbolicTiling({ p: 5, q: 4, layers: 2 })
    patch.boundary.forEach((edge, i) => {
      const next = patch.boundary[(i + 1) % patch.boundary.length]!
      // Turning from the edge after `edge` through shared edges reaches `next`.
      let current = { tile: edge.tile, edge: (edge.edge + 1) % patch.p }
      for (let turns = 0; patch.across[current.tile]![current.edge] !== null && turns < patch.q; turns++) {
        const shared = patch.across[current.tile]![current.edge]!
        current = { tile: shared.tile, edge: (shared.edge + 1) % patch.p }
      }
      expect(current).toEqual(next)
    })
    expect(new Set(patch.boundary.map((e) => `${e.tile}:${e.edge}`)).size).toBe(55)
  })

  it("truncates to maxTiles in ring order and gives a valid network graph", () => {
    const patch = hyperbolicTiling({ p: 6, q: 4, layers: 1, maxTiles: 3 })
    expect(counts(patch)).toEqual({ tiles: 3, bonds: 2, boundary: 14 })
    const graph = tilingGraph(patch, 3)
    validateGraph(graph)
    expect(graph.nodes).toEqual([new Array(6).fill(3), new Array(6).fill(3), new Array(6).fill(3)])
  })

  it("rejects tilings that are not hyperbolic and patches that are too large", () => {
    expect(() => hyperbolicTiling({ p: 4, q: 4, layers: 1 })).toThrow(/not a hyperbolic tiling/)
    expect(() => hyperbolicTiling({ p: 6, q: 3, layers: 1 })).toThrow(/not a hyperbolic tiling/)
    expect(() => hyperbolicTiling({ p: 5, q: 4, layers: -1 })).toThrow(/layers must be an integer >= 0/)
    expect(() => hyperbolicTiling({ p: 5, q: 4, layers: 12 })).toThrow(/more than 2000 tiles/)
  })
})
