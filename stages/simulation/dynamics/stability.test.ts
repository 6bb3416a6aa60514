import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ringLattice, torusLattice } from "../lattice/index.js"
import { cgle, nls } from "./equation.js"
import { rk4Amplification, rk4MaxDt, rk4StabilityRadius } from "./stability.js"

describe("rk4 stability", () => {
  it("amplifies by at most 1 on the left half-disk of radius rk4StabilityRadius", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: Math.PI / 2, max: (3 * Math.PI) / 2, noNaN: true }), (r, angle) => {
        const z = r * rk4StabilityRadius
        expect(rk4Amplification(z * Math.cos(angle), z * Math.sin(angle))).toBeLessThanOrEqual(1 + 1e-12)
      }),
      { numRuns: 2000 },
    )
  })

  it("has a nearly tight radius: just beyond it some left half-plane direction is unstable", () => {
    const z = 2.65
    const angle = (122.6 * Math.PI) / 180
    expect(rk4Amplification(z * Math.cos(angle), z * Math.sin(angle))).toBeGreaterThan(1)
  })

  it("matches the classical limits: the real axis to -2.785, the imaginary axis to 2√2", () => {
    expect(rk4Amplification(-2.78, 0)).toBeLessThan(1)
    expect(rk4Amplification(-2.79, 0)).toBeGreaterThan(1)
    expect(rk4Amplification(0, 2 * Math.SQRT2 - 1e-3)).toBeLessThan(1)
    expect(rk4Amplification(0, 2 * Math.SQRT2 + 1e-3)).toBeGreaterThan(1)
  })

  it("gives dt <= 2.6 / (|D| ρ + max|V|)", () => {
    expect(rk4MaxDt(ringLattice({ nodes: 10 }), cgle({ b: 0, c: 3 }))).toBeCloseTo(2.6 / 4, 14)
    expect(rk4MaxDt(torusLattice({ nu: 4, nv: 4 }), cgle({ b: 1, c: 0, potential: Float64Array.from({ length: 16 }, (_, i) => -i) }))).toBeCloseTo(
      2.6 / (8 * Math.SQRT2 + 15),
      14,
    )
    expect(rk4MaxDt(ringLattice({ nodes: 10 }), { ...nls({ g: 1 }), diffusion: { re: 0, im: 0 } })).toBe(Number.POSITIVE_INFINITY)
  })
})
