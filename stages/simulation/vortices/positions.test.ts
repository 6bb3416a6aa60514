import { describe, expect, it } from "vitest"
import {
  kleinLattice,
  kleinPoint,
  type Lattice,
  mobiusLattice,
  mobiusPoint,
  planeLattice,
  type Point3,
  sphereLattice,
  stripMinorRadius,
  tokamakLattice,
  tokamakPoint,
  torusLattice,
  torusPoint,
} from "../lattice/index.js"
import { locateVortices } from "./positions.js"

const everyFace = (lattice: Lattice) => new Int32Array(lattice.faces.offsets.length - 1).fill(1)

/** Largest distance between a face's 3D centroid and the surface point at its chart centroid. */
const worstMismatch = (lattice: Lattice, point: (u: number, v: number, node: number) => Point3): number => {
  const found = locateVortices(lattice, everyFace(lattice))
  let worst = 0
  found.face.forEach((f, k) => {
    const firstNode = lattice.faces.nodes[lattice.faces.offsets[f]!]!
    const p = point(found.chart[2 * k]!, found.chart[2 * k + 1]!, firstNode)
    worst = Math.max(worst, Math.hypot(p[0] - found.position[3 * k]!, p[1] - found.position[3 * k + 1]!, p[2] - found.position[3 * k + 2]!))
  })
  return worst
}

describe("locateVortices", () => {
  it("lists the faces with nonzero charge, their charges, 3D centroids and chart centroids (plane)", () => {
    const plane = planeLattice({ nu: 4, nv: 3, spacing: 0.5 })
    const charges = new Int32Array(6)
    // Face order of the plane: column i, row j at i * (nv - 1) + j.
    charges[1] = -1
    charges[4] = 1
    const found = locateVortices(plane, charges)
    expect(Array.from(found.face)).toEqual([1, 4])
    expect(Array.from(found.charge)).toEqual([-1, 1])
    expect(Array.from(found.position)).toEqual([0.25, 0.75, 0, 1.25, 0.25, 0])
    expect(Array.from(found.chart)).toEqual([0.25, 0.75, 1.25, 0.25])
  })

  it("puts the chart centroid of a face across the Möbius seam at u = 2π - π/nu, on the side of its first column", () => {
    const nu = 10
    const band = mobiusLattice({ nu, nv: 5, halfTwists: 1, width: 1 })
    const charges = everyFace(band)
    const found = locateVortices(band, charges)
    // Seam faces are the last nv - 1 faces; their first node is (nu-1, j), v_j = -0.5 + 0.25 j.
    for (let j = 0; j < 4; j++) {
      const k = (nu - 1) * 4 + j
      expect(found.chart[2 * k]).toBeCloseTo(2 * Math.PI - Math.PI / nu, 12)
      expect(found.chart[2 * k + 1]).toBeCloseTo(-0.5 + 0.25 * j + 0.125, 12)
    }
  })

  it("places every chart centroid on the surface within O(h²) of the 3D centroid, across every seam", () => {
    const cases: readonly [Lattice, (u: number, v: number, node: number) => Point3][] = [
      [torusLattice({ nu: 40, nv: 24 }), (u, v) => torusPoint(u, v, 3, 1)],
      [kleinLattice({ nu: 40, nv: 24 }), (u, v) => kleinPoint(u, v, 2, 0.5)],
      [mobiusLattice({ nu: 40, nv: 6, halfTwists: 1 }), (u, v) => mobiusPoint(u, v, 2, 1)],
      [mobiusLattice({ nu: 40, nv: 6, halfTwists: 2 }), (u, v) => mobiusPoint(u, v, 2, 2)],
      [mobiusLattice({ nu: 40, nv: 6, halfTwists: 3 }), (u, v) => mobiusPoint(u, v, 2, 3)],
    ]
    for (const [lattice, point] of cases) expect(worstMismatch(lattice, point)).toBeLessThan(0.05)
    const tokamak = tokamakLattice({ strips: 2, nu: 60, nv: 4 })
    const shape = (node: number) => {
      const s = tokamak.strip[node]!
      return { ...(tokamak.parameters as unknown as Parameters<typeof tokamakPoint>[2]), minorRadius: stripMinorRadius(1, s, 2) }
    }
    expect(worstMismatch(tokamak, (u, v, node) => tokamakPoint(u, v, shape(node)))).toBeLessThan(0.05)
  })

  it("reads the chart gluing from the lattice, not from its geometry name or parameters", () => {
    const lattices = [
      mobiusLattice({ nu: 12, nv: 4, halfTwists: 1 }),
      mobiusLattice({ nu: 12, nv: 4, halfTwists: 2 }),
      kleinLattice({ nu: 10, nv: 6 }),
      torusLattice({ nu: 10, nv: 6 }),
      tokamakLattice({ strips: 2, nu: 12, nv: 3, halfTwists: 3 }),
      sphereLattice({ nodes: 40 }),
    ]
    for (const lattice of lattices) {
      const anonymous: Lattice = { ...lattice, geometry: "plane", parameters: {} }
      expect(locateVortices(anonymous, everyFace(lattice))).toEqual(locateVortices(lattice, everyFace(lattice)))
    }
    // The same band read with an unglued chart: seam faces now average across the whole chart.
    const band = lattices[0]!
    const unglued = locateVortices({ ...band, gluing: { kind: "none" } }, everyFace(band))
    expect(unglued.chart).not.toEqual(locateVortices(band, everyFace(band)).chart)
  })

  it("gives sphere vortices the azimuth and polar angle of their centroid's direction", () => {
    const sphere = sphereLattice({ nodes: 80, radius: 2 })
    const found = locateVortices(sphere, everyFace(sphere))
    found.face.forEach((_, k) => {
      const [u, v] = [found.chart[2 * k]!, found.chart[2 * k + 1]!]
      const [x, y, z] = [found.position[3 * k]!, found.position[3 * k + 1]!, found.position[3 * k + 2]!]
      const r = Math.hypot(x, y, z)
      expect(u >= 0 && u < 2 * Math.PI && v >= 0 && v <= Math.PI).toBe(true)
      expect(Math.hypot(Math.sin(v) * Math.cos(u) - x / r, Math.sin(v) * Math.sin(u) - y / r, Math.cos(v) - z / r)).toBeLessThan(1e-12)
    })
  })

  it("rejects charges that are not one per face", () => {
    expect(() => locateVortices(planeLattice({ nu: 3, nv: 3 }), new Int32Array(5))).toThrow(/charges must hold one value per face \(4\), got length 5/)
  })
})
