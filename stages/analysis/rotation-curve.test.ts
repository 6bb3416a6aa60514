import { describe, expect, it } from "vitest"
import type { ComplexField } from "../simulation/field.js"
import { planeLattice } from "../simulation/lattice/plane.js"
import { torusLattice } from "../simulation/lattice/torus.js"
import type { Lattice } from "../simulation/lattice/lattice.js"
import { rotationCurve } from "./rotation-curve.js"

const plane = planeLattice({ nu: 41, nv: 41 })

const withPhase = (lattice: Lattice, phase: (x: number, y: number) => number, amplitude = 1): ComplexField => ({
  re: Float64Array.from({ length: lattice.nodeCount }, (_, i) => amplitude * Math.cos(phase(lattice.positions[3 * i]!, lattice.positions[3 * i + 1]!))),
  im: Float64Array.from({ length: lattice.nodeCount }, (_, i) => amplitude * Math.sin(phase(lattice.positions[3 * i]!, lattice.positions[3 * i + 1]!))),
})

describe("rotationCurve", () => {
  it("is |J| = a² sin(k)/ℓ in every bin for the diagonal plane wave a e^{ik(x + y)} (unit spacing)", () => {
    const k = 0.3
    const curve = rotationCurve(plane, [withPhase(plane, (x, y) => k * (x + y), 2)], 6)
    for (let bin = 0; bin < 6; bin++) expect(curve.meanCurrent[bin]).toBeCloseTo(4 * Math.sin(k), 12)
    expect(curve.samples.reduce((a, b) => a + b, 0)).toBe(plane.edges.source.length)
  })

  it("is zero for a uniform phase, and unchanged by a global phase and by conjugation", () => {
    expect(Array.from(rotationCurve(plane, [withPhase(plane, () => 1.2)], 4).meanCurrent)).toEqual([0, 0, 0, 0])
    const swirl = (x: number, y: number) => 0.1 * x * y
    const curve = rotationCurve(plane, [withPhase(plane, swirl)], 5).meanCurrent
    const rotated = rotationCurve(plane, [withPhase(plane, (x, y) => swirl(x, y) + 2.5)], 5).meanCurrent
    const conjugated = rotationCurve(plane, [withPhase(plane, (x, y) => -swirl(x, y))], 5).meanCurrent
    for (let bin = 0; bin < 5; bin++) {
      expect(rotated[bin]).toBeCloseTo(curve[bin]!, 12)
      expect(conjugated[bin]).toBeCloseTo(curve[bin]!, 12)
    }
  })

  it("falls as 2/(π r) around a unit vortex at the centroid (|∇θ| = 1/r, averaged over edge directions)", () => {
    const curve = rotationCurve(plane, [withPhase(plane, (x, y) => Math.atan2(y - 20, x - 20))], 8)
    // Bins inside the inscribed circle (r < 20), away from the core.
    for (let bin = 1; bin < 5; bin++) {
      const r = (curve.radiusMin[bin]! + curve.radiusMax[bin]!) / 2
      expect(Math.abs(curve.meanCurrent[bin]! * r - 2 / Math.PI)).toBeLessThan(0.03)
    }
    expect(curve.radiusMin[0]).toBeCloseTo(0.5, 12)
    expect(curve.radiusMax[7]).toBeCloseTo(Math.hypot(20, 19.5), 12)
  })

  it("pools fields: samples are edges × fields, and no field leaves every bin empty (NaN)", () => {
    const torus = torusLattice({ nu: 12, nv: 6 })
    const field = withPhase(torus, (x) => x)
    const one = rotationCurve(torus, [field], 3)
    const two = rotationCurve(torus, [field, field], 3)
    expect(Array.from(two.samples)).toEqual(Array.from(one.samples, (s) => 2 * s))
    one.meanCurrent.forEach((value, bin) => expect(two.meanCurrent[bin]).toBeCloseTo(value, 13))
    expect(Array.from(rotationCurve(torus, [], 3).meanCurrent).every(Number.isNaN)).toBe(true)
  })

  it("rejects bad bins and fields", () => {
    expect(() => rotationCurve(plane, [], 0)).toThrow(/bins must be an integer >= 1/)
    expect(() => rotationCurve(plane, [{ re: new Float64Array(3), im: new Float64Array(3) }], 2)).toThrow(/fields\[0\] must hold 1681 values/)
  })
})
