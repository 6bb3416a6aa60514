import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { buildLattice, type LatticeConfig, latticeSection } from "./config.js"
import { geometries } from "./lattice.js"

const decode = Schema.decodeUnknownSync(Schema.Struct({ lattice: latticeSection }))

describe("latticeSection and buildLattice", () => {
  it("defaults to a small Möbius band with one half-twist", () => {
    const { lattice } = decode({})
    expect(lattice.geometry).toBe("mobius")
    const built = buildLattice(lattice)
    expect(built.geometry).toBe("mobius")
    expect(built.nodeCount).toBe(lattice.nu * lattice.nv)
    expect(built.orientable).toBe(false)
  })

  it("builds every geometry from the defaults, each a few thousand nodes at most", () => {
    for (const geometry of geometries) {
      const built = buildLattice(decode({ lattice: { geometry } }).lattice)
      expect(built.geometry).toBe(geometry)
      expect(built.nodeCount).toBeGreaterThan(0)
      expect(built.nodeCount).toBeLessThanOrEqual(5000)
    }
  })

  it("passes the config's values to the builder", () => {
    const built = buildLattice(decode({ lattice: { geometry: "tokamak", strips: 2, nu: 8, nv: 3, stripWidth: 0.2, poloidalTurns: 2 } }).lattice)
    expect(built.nodeCount).toBe(2 * 8 * 3)
    expect(built.parameters.width).toBe(0.2)
    expect(built.parameters.poloidalTurns).toBe(2)
  })

  it("rejects values outside a field's range when decoding", () => {
    expect(() => decode({ lattice: { geometry: "cube" } })).toThrow(/geometry/)
    expect(() => decode({ lattice: { nu: 2 } })).toThrow(/Expected an integer >= 3/)
    expect(() => decode({ lattice: { triangularity: 1 } })).toThrow(/<= 0.99/)
  })

  it("names the config key when a combination of values is invalid", () => {
    const config = (fields: Partial<LatticeConfig>) => ({ ...decode({}).lattice, ...fields })
    expect(() => buildLattice(config({ geometry: "tokamak", stripWidth: 5 }))).toThrow(
      /option "minorRadius" must be a finite number < majorRadius - width \/ 2 \(0\.5\), got 1 \(config key stripWidth is the option width\)/,
    )
    expect(() => buildLattice(config({ geometry: "tokamak", minorRadius: 1, stripWidth: Number.NaN }))).toThrow(/option "width".*\(config key stripWidth is the option width\)/)
    expect(() => buildLattice(config({ geometry: "klein", kleinMinorRadius: 5 }))).toThrow(/option "minorRadius".*\(config key kleinMinorRadius is the option minorRadius\)/)
    expect(() => buildLattice(config({ geometry: "mobius", width: 10 }))).toThrow(/^mobiusLattice: option "width" must be a finite number < 2 \* radius \(4\), got 10$/)
  })
})
