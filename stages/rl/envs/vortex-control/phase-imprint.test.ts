import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Prng } from "../../../prng.js"
import type { ComplexField } from "../../../simulation/field.js"
import type { Lattice } from "../../../simulation/lattice/lattice.js"
import { mobiusLattice } from "../../../simulation/lattice/mobius.js"
import { planeLattice } from "../../../simulation/lattice/plane.js"
import { sphereLattice } from "../../../simulation/lattice/sphere.js"
import { tokamakLattice } from "../../../simulation/lattice/tokamak.js"
import { torusLattice } from "../../../simulation/lattice/torus.js"
import { faceEdgeTable } from "../../../simulation/vortices/face-edges.js"
import { plaquetteCharges } from "../../../simulation/vortices/charges.js"
import { randomField } from "../../../simulation/testing.js"
import { annihilationSites, drawSeedSites, faceGeometry, imprintPair } from "./phase-imprint.js"

const lattices: Record<string, Lattice> = {
  plane: planeLattice({ nu: 12, nv: 9 }),
  "Möbius band": mobiusLattice({ nu: 32, nv: 8 }),
  "Möbius band, 48 × 12 (the train band)": mobiusLattice({ nu: 48, nv: 12 }),
  tokamak: tokamakLattice({ strips: 2, nu: 48, nv: 6, width: 0.5, cutoff: 0.4 }),
  // 20 nodes around the tube: the pair's patch (about 2.5 face spacings across) is close to flat.
  torus: torusLattice({ nu: 48, nv: 20, majorRadius: 3, minorRadius: 1 }),
  sphere: sphereLattice({ nodes: 300 }),
}

const uniform = (n: number): ComplexField => ({ re: new Float64Array(n).fill(1), im: new Float64Array(n) })

const normalDot = (geometry: ReturnType<typeof faceGeometry>, f: number, g: number) =>
  [0, 1, 2].reduce((sum, d) => sum + geometry.normal[3 * f + d]! * geometry.normal[3 * g + d]!, 0)

describe("phase imprinting of vortex pairs", () => {
  for (const [name, lattice] of Object.entries(lattices)) {
    const geometry = faceGeometry(lattice)
    const pairs = geometry.adjacentFaces.length / 2

    it(`${name}: a full imprint on a uniform field creates exactly charge +1 at the + face and the opposite charge at the − face, at every adjacent pair`, () => {
      for (let i = 0; i < pairs; i++) {
        const site = { plus: geometry.adjacentFaces[2 * i]!, minus: geometry.adjacentFaces[2 * i + 1]! }
        const field = uniform(lattice.nodeCount)
        imprintPair(geometry, field, site, 1)
        const charges = plaquetteCharges(lattice, field)
        expect(charges[site.plus]).toBe(1)
        // In the + face's orientation the − face holds -1; faces whose orientations disagree (across a Möbius seam) read +1.
        expect(charges[site.minus]).toBe(normalDot(geometry, site.plus, site.minus) > 0 ? -1 : 1)
        expect(charges.reduce((count, q) => count + (q === 0 ? 0 : 1), 0)).toBe(2)
      }
    })

    it(`${name}: imprinting changes phases only, continuously in the strength, and -σ undoes σ`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: pairs - 1 }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (i, s1, s2) => {
          const site = { plus: geometry.adjacentFaces[2 * i]!, minus: geometry.adjacentFaces[2 * i + 1]! }
          const original = randomField(lattice.nodeCount, i)
          const a = { re: Float64Array.from(original.re), im: Float64Array.from(original.im) }
          const b = { re: Float64Array.from(original.re), im: Float64Array.from(original.im) }
          imprintPair(geometry, a, site, s1)
          imprintPair(geometry, b, site, s2)
          for (let v = 0; v < lattice.nodeCount; v++) {
            const modulus = Math.hypot(original.re[v]!, original.im[v]!)
            expect(Math.hypot(a.re[v]!, a.im[v]!)).toBeCloseTo(modulus, 12)
            // |Θ| <= π and the taper <= 1: the phase moves by at most π |σ1 - σ2|.
            expect(Math.hypot(a.re[v]! - b.re[v]!, a.im[v]! - b.im[v]!)).toBeLessThanOrEqual(modulus * Math.PI * Math.abs(s1 - s2) + 1e-12)
          }
          imprintPair(geometry, a, site, -s1)
          for (let v = 0; v < lattice.nodeCount; v++) {
            expect(a.re[v]).toBeCloseTo(original.re[v]!, 12)
            expect(a.im[v]).toBeCloseTo(original.im[v]!, 12)
          }
        }),
        { numRuns: 12 },
      )
    })
  }

  it("seed sites are adjacent face pairs, drawn reproducibly from the PRNG", () => {
    const lattice = lattices["Möbius band"]!
    const geometry = faceGeometry(lattice)
    const table = faceEdgeTable(lattice)
    const sites = drawSeedSites(geometry, Prng.seeded(4), 50)
    expect(drawSeedSites(geometry, Prng.seeded(4), 50)).toEqual(sites)
    for (const { plus, minus } of sites) {
      const shared = [...table.edge.subarray(table.offsets[plus]!, table.offsets[plus + 1]!)].filter((e) =>
        table.edge.subarray(table.offsets[minus]!, table.offsets[minus + 1]!).includes(e),
      )
      expect(shared).toHaveLength(1)
    }
  })

  it("annihilation finds the seeded pairs and a full inverse imprint removes every charge", () => {
    const lattice = planeLattice({ nu: 30, nv: 20 })
    const geometry = faceGeometry(lattice)
    const field = uniform(lattice.nodeCount)
    // Three pairs far apart (faces are numbered i * (nv - 1) + j on the plane; face f and f + 1 share an edge).
    const plus = [3 * 19 + 4, 14 * 19 + 9, 25 * 19 + 14]
    for (const f of plus) imprintPair(geometry, field, { plus: f, minus: f + 1 }, 1)
    const charges = plaquetteCharges(lattice, field)
    const sites = annihilationSites(geometry, charges, 1.5 * geometry.spacing)
    expect(sites.map(({ site }) => [site.plus, site.minus].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!)).toEqual(plus.map((f) => [f, f + 1]))
    for (const { site, sign } of sites) imprintPair(geometry, field, site, sign)
    expect(Array.from(plaquetteCharges(lattice, field)).every((q) => q === 0)).toBe(true)
  })

  it("pairs each face at most once, only opposite charges, only within the radius", () => {
    const lattice = lattices["Möbius band"]!
    const geometry = faceGeometry(lattice)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: 0.5, max: 4, noNaN: true }), (seed, radius) => {
        const charges = plaquetteCharges(lattice, randomField(lattice.nodeCount, seed))
        const sites = annihilationSites(geometry, charges, radius * geometry.spacing)
        const faces = sites.flatMap(({ site }) => [site.plus, site.minus])
        expect(new Set(faces).size).toBe(faces.length)
        for (const { site, sign } of sites) {
          const inPlusFrame = normalDot(geometry, site.plus, site.minus) > 0 ? charges[site.minus]! : -charges[site.minus]!
          expect(charges[site.plus]! + inPlusFrame).toBe(0)
          expect(sign).toBe(-charges[site.plus]!)
          const d = Math.hypot(...[0, 1, 2].map((k) => geometry.centroid[3 * site.plus + k]! - geometry.centroid[3 * site.minus + k]!))
          expect(d).toBeLessThan(radius * geometry.spacing)
        }
      }),
      { numRuns: 30 },
    )
  })

  it("rejects a lattice without faces and bad strengths or radii", () => {
    const lattice = lattices.plane!
    const geometry = faceGeometry(lattice)
    expect(() => imprintPair(geometry, uniform(lattice.nodeCount), { plus: 0, minus: 1 }, NaN)).toThrow(/strength must be a finite number, got NaN/)
    expect(() => annihilationSites(geometry, new Int32Array(geometry.centroid.length / 3), 0)).toThrow(/radius must be a finite number > 0, got 0/)
  })
})
