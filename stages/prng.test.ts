import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Prng } from "./prng.js"

const draws = (prng: Prng, n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? prng.normal() : prng.uniform()))

describe("Prng", () => {
  it("is reproducible from its seed", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        expect(draws(Prng.seeded(seed), 20)).toEqual(draws(Prng.seeded(seed), 20))
      }),
    )
  })

  it("continues exactly from a saved state, including mid Box-Muller pair", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 50 }), (seed, skip) => {
        const prng = Prng.seeded(seed)
        draws(prng, skip)
        prng.normal() // leaves the spare variate pending
        const restored = Prng.fromState(JSON.parse(JSON.stringify(prng.state())))
        expect(draws(restored, 10)).toEqual(draws(prng, 10))
      }),
    )
  })

  it("loads a saved state in place", () => {
    const source = Prng.seeded(3)
    draws(source, 7)
    const saved = source.state()
    const target = Prng.seeded(99)
    target.load(saved)
    expect(draws(target, 10)).toEqual(draws(source, 10))
  })

  it("draws uniforms in [0, 1) and integers in their closed range", () => {
    const prng = Prng.seeded(11)
    for (let i = 0; i < 10_000; i++) {
      const u = prng.uniform()
      expect(u >= 0 && u < 1).toBe(true)
      const k = prng.int(-2, 3)
      expect(Number.isInteger(k) && k >= -2 && k <= 3).toBe(true)
    }
  })

  it("has standard normal moments", () => {
    const prng = Prng.seeded(5)
    const n = 200_000
    const xs = prng.fillNormal(new Float64Array(n))
    const mean = xs.reduce((a, b) => a + b, 0) / n
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n
    // 5 standard errors: sd(mean) = 1/sqrt(n), sd(variance) ~ sqrt(2/n)
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n))
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n))
  })

  it("gives different sequences for different seeds, including seeds beyond 32 bits", () => {
    expect(draws(Prng.seeded(1), 5)).not.toEqual(draws(Prng.seeded(2), 5))
    expect(draws(Prng.seeded(1), 5)).not.toEqual(draws(Prng.seeded(1 + 2 ** 32 + 2 ** 33), 5))
  })

  it("makes the first draws of consecutive seeds independent uniforms (Kolmogorov-Smirnov at the 1% level)", () => {
    const n = 2000
    for (const index of [0, 1]) {
      const uniforms = (prng: Prng) => [prng.uniform(), prng.uniform()]
      const firsts = Array.from({ length: n }, (_, seed) => uniforms(Prng.seeded(seed))[index]!).sort((a, b) => a - b)
      const distance = Math.max(...firsts.map((x, i) => Math.max(Math.abs((i + 1) / n - x), Math.abs(x - i / n))))
      expect(distance).toBeLessThan(1.63 / Math.sqrt(n))
    }
  })

  it("splits into generators that differ from each other and from the parent", () => {
    const parent = Prng.seeded(9)
    const a = parent.split()
    const b = parent.split()
    const sequences = [draws(a, 5), draws(b, 5), draws(parent, 5)]
    expect(new Set(sequences.map((s) => JSON.stringify(s))).size).toBe(3)
  })

  it("rejects seeds that are not safe integers and unknown state algorithms", () => {
    expect(() => Prng.seeded(1.5)).toThrow(/seed must be a safe integer, got 1.5/)
    expect(() => Prng.fromState({ algorithm: "mt" as "xoroshiro128plus", state: [], spareNormal: null })).toThrow(/unknown PRNG algorithm "mt"/)
  })
})
