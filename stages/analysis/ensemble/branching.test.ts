import { describe, expect, it } from "vitest"
import { Prng } from "../../prng.js"
import { norm2 } from "../../simulation/field.js"
import { randomField } from "../../simulation/testing.js"
import { branchField } from "./branching.js"

describe("branchField", () => {
  const base = randomField(2000, 3)
  const rms = Math.sqrt(norm2(base) / 2000)

  it("adds noise of RMS amplitude × the base field's RMS to every branch, independently", () => {
    const branches = branchField(base, Prng.seeded(1), { branches: 4, amplitude: 0.05 })
    expect(branches).toHaveLength(4)
    const deviations = branches.map((b) => ({ re: b.re.map((x, i) => x - base.re[i]!), im: b.im.map((y, i) => y - base.im[i]!) }))
    for (const d of deviations) expect(Math.sqrt(norm2(d) / 2000) / (0.05 * rms)).toBeCloseTo(1, 1)
    // Independent draws: two branches' noises are uncorrelated.
    let cross = 0
    for (let i = 0; i < 2000; i++) cross += deviations[0]!.re[i]! * deviations[1]!.re[i]! + deviations[0]!.im[i]! * deviations[1]!.im[i]!
    expect(Math.abs(cross) / norm2(deviations[0]!)).toBeLessThan(0.1)
  })

  it("is reproducible from the generator and leaves the base field untouched", () => {
    const before = Float64Array.from(base.re)
    const a = branchField(base, Prng.seeded(8), { branches: 3, amplitude: 0.1 })
    const b = branchField(base, Prng.seeded(8), { branches: 3, amplitude: 0.1 })
    expect(a.map((f) => Array.from(f.im))).toEqual(b.map((f) => Array.from(f.im)))
    expect(Array.from(base.re)).toEqual(Array.from(before))
    const copies = branchField(base, Prng.seeded(8), { branches: 2, amplitude: 0 })
    expect(Array.from(copies[1]!.re)).toEqual(Array.from(base.re))
  })

  it("refuses a blank field and bad options", () => {
    const blank = { re: new Float64Array(10), im: new Float64Array(10) }
    expect(() => branchField(blank, Prng.seeded(1), { branches: 2, amplitude: 0.1 })).toThrow(/simulated field with Σ\|ψ\|² > 0, got a blank/)
    expect(() => branchField(base, Prng.seeded(1), { branches: 0, amplitude: 0.1 })).toThrow(/branches must be an integer >= 1, got 0/)
    expect(() => branchField(base, Prng.seeded(1), { branches: 2, amplitude: -1 })).toThrow(/amplitude must be a finite number >= 0, got -1/)
    expect(() => branchField({ re: new Float64Array([1]), im: new Float64Array(2) }, Prng.seeded(1), { branches: 1, amplitude: 0 })).toThrow(/base must hold 1 values/)
  })
})
