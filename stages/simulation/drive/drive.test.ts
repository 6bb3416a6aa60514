import { describe, expect, it } from "vitest"
import { driveAt } from "./drive.js"

const profile = { re: Float64Array.from([1, -2, 0.5]), im: Float64Array.from([0, 3, -1]) }

describe("driveAt", () => {
  it("is ε G at t = 0", () => {
    const f = driveAt(profile, 0.5, 3, 0)
    expect([...f.re]).toEqual([0.5, -1, 0.25])
    expect([...f.im]).toEqual([0, 1.5, -0.5])
  })

  it("is -iεG a quarter period later", () => {
    // ωt = π/2: e^{-iωt} = -i, so F = ε(Im G - i Re G)
    const f = driveAt(profile, 2, 4, Math.PI / 8)
    ;[0, 1, 2].forEach((x) => {
      expect(f.re[x]).toBeCloseTo(2 * profile.im[x]!, 14)
      expect(f.im[x]).toBeCloseTo(-2 * profile.re[x]!, 14)
    })
  })

  it("writes into the given field and returns it", () => {
    const out = { re: new Float64Array(3), im: new Float64Array(3) }
    expect(driveAt(profile, 1, 1, 0, out)).toBe(out)
    expect([...out.re]).toEqual([1, -2, 0.5])
  })

  it("rejects non-finite parameters and a mismatched output", () => {
    expect(() => driveAt(profile, Number.NaN, 1, 0)).toThrow(/epsilon must be a finite number, got NaN/)
    expect(() => driveAt(profile, 1, 1, Number.POSITIVE_INFINITY)).toThrow(/t must be a finite number, got Infinity/)
    expect(() => driveAt(profile, 1, 1, 0, { re: new Float64Array(2), im: new Float64Array(2) })).toThrow(/out must have 3 entries/)
  })
})
