import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type MelonicMethod, melonicClosedForm, melonicCriticalExponent, melonicCriticalPoint, solveMelonic } from "./melonic.js"

describe("melonic Schwinger-Dyson equation λD G² - G + 1 = 0", () => {
  it("Newton and fixed-point iterations agree with the closed form below λ_c", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (rank, fraction) => {
        const lambda = fraction / (4 * rank)
        const exact = melonicClosedForm(lambda, rank)!
        for (const method of ["newton", "fixed-point"] as const) {
          const solution = solveMelonic(lambda, rank, { method, tolerance: 1e-13 })!
          expect(Math.abs(solution.g - exact)).toBeLessThanOrEqual(1e-11 * exact)
          expect(Math.abs(lambda * rank * solution.g ** 2 - solution.g + 1)).toBeLessThanOrEqual(1e-11)
        }
      }),
      { numRuns: 200 },
    )
  })

  it("matches the textbook form (1 - √(1 - 4Dλ))/(2Dλ) and G(0) = 1", () => {
    const [lambda, rank] = [0.05, 3]
    expect(melonicClosedForm(lambda, rank)).toBeCloseTo((1 - Math.sqrt(1 - 4 * rank * lambda)) / (2 * rank * lambda), 14)
    expect(solveMelonic(0, rank)).toEqual({ g: 1, iterations: 0 })
  })

  it("Newton converges in far fewer iterations than the fixed point near λ_c", () => {
    const lambda = 0.999 / 12
    const newton = solveMelonic(lambda, 3)!
    const fixed = solveMelonic(lambda, 3, { method: "fixed-point" })!
    expect(newton.iterations).toBeLessThan(20)
    expect(fixed.iterations).toBeGreaterThan(100)
    expect(fixed.g).toBeCloseTo(newton.g, 10)
  })

  it.each(["newton", "fixed-point"] as const)("%s reports no real solution beyond λ_c", (method: MelonicMethod) => {
    expect(solveMelonic(1.01 / 12, 3, { method })).toBeNull()
    expect(melonicClosedForm(1.01 / 12, 3)).toBeNull()
  })

  it.each([1, 3, 4, 6])("rank %i: the critical point found numerically is λ_c = 1/(4D), G_c = 2", (rank) => {
    const critical = melonicCriticalPoint(rank)
    expect(critical.lambda * 4 * rank).toBeCloseTo(1, 12)
    expect(critical.g).toBeCloseTo(2, 6)
  })

  it.each([3, 4])("rank %i: G_c - G ∝ (λ_c - λ)^{1/2}", (rank) => {
    const fit = melonicCriticalExponent(rank, { dMin: 1e-9, dMax: 1e-5, points: 9 })
    expect(fit.exponent).toBeCloseTo(0.5, 3)
  })

  it("rejects bad arguments, naming them", () => {
    expect(() => solveMelonic(-0.1, 3)).toThrow(/lambda must be a finite number >= 0, got -0.1/)
    expect(() => solveMelonic(0.01, 0)).toThrow(/rank must be an integer >= 1, got 0/)
    expect(() => solveMelonic(0.01, 3, { tolerance: 0 })).toThrow(/tolerance must be a number in \(0, 1\), got 0/)
    expect(() => solveMelonic(0.01, 3, { method: "bisection" as MelonicMethod })).toThrow(/method must be one of newton, fixed-point, got bisection/)
    expect(() => solveMelonic(0.9 / 12, 3, { method: "fixed-point", maxIterations: 3 })).toThrow(/must converge within maxIterations = 3/)
    expect(() => melonicCriticalExponent(3, { dMin: 1e-3, dMax: 1e-4, points: 5 })).toThrow(/dMax must be a number in \(dMin, 1\), got 0.0001/)
  })
})
