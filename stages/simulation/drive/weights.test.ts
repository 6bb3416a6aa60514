import { describe, expect, it } from "vitest"
import { Prng } from "../../prng.js"
import { drawSourceNoise, sourceWeights } from "./weights.js"

const base = { amplitude: 2, amplitudeVariance: 0, phaseWinding: 0, phaseOffset: 0 }

describe("sourceWeights", () => {
  it("with zero variance gives every source amplitude A and phase m·azimuth + φ0", () => {
    const azimuths = Float64Array.from([0, Math.PI / 2, -Math.PI / 4, Math.PI])
    const noise = drawSourceNoise(Prng.seeded(3), 4)
    const c = sourceWeights({ ...base, phaseWinding: 2, phaseOffset: 0.5 }, azimuths, noise)
    azimuths.forEach((azimuth, s) => {
      expect(Math.hypot(c.re[s]!, c.im[s]!)).toBeCloseTo(2, 14)
      expect(c.re[s]).toBeCloseTo(2 * Math.cos(2 * azimuth + 0.5), 14)
      expect(c.im[s]).toBeCloseTo(2 * Math.sin(2 * azimuth + 0.5), 14)
    })
  })

  it("draws log-normal amplitudes with mean A and variance v·A²", () => {
    const n = 200_000
    const noise = drawSourceNoise(Prng.seeded(4), n)
    const c = sourceWeights({ ...base, amplitudeVariance: 0.5, phaseWinding: 1 }, new Float64Array(n).fill(0.3), noise)
    const amplitudes = Array.from({ length: n }, (_, s) => Math.hypot(c.re[s]!, c.im[s]!))
    const mean = amplitudes.reduce((a, b) => a + b, 0) / n
    const variance = amplitudes.reduce((a, b) => a + (b - mean) ** 2, 0) / n
    expect(amplitudes.reduce((a, b) => Math.min(a, b))).toBeGreaterThan(0)
    // Standard errors: sd(mean) = sqrt(v) A / sqrt(n) ≈ 0.003; the sample variance's is about 1% here.
    expect(Math.abs(mean - 2)).toBeLessThan(0.015)
    expect(Math.abs(variance / (0.5 * 4) - 1)).toBeLessThan(0.05)
  })

  it("responds continuously to the variance for fixed draws", () => {
    const noise = drawSourceNoise(Prng.seeded(5), 16)
    const azimuths = new Float64Array(16)
    const a = sourceWeights({ ...base, amplitudeVariance: 0.3 }, azimuths, noise)
    const b = sourceWeights({ ...base, amplitudeVariance: 0.3 + 1e-9 }, azimuths, noise)
    for (let s = 0; s < 16; s++) expect(Math.abs(a.re[s]! - b.re[s]!)).toBeLessThan(1e-7)
  })

  it("rejects bad parameters and mismatched arrays, naming them", () => {
    const z = new Float64Array(2)
    expect(() => sourceWeights({ ...base, amplitudeVariance: -0.1 }, z, z)).toThrow(/amplitudeVariance must be a finite number >= 0, got -0.1/)
    expect(() => sourceWeights({ ...base, phaseWinding: Number.POSITIVE_INFINITY }, z, z)).toThrow(/phaseWinding must be a finite number, got Infinity/)
    expect(() => sourceWeights(base, z, new Float64Array(3))).toThrow(/noise must hold one draw per source \(2\), got 3/)
    expect(() => drawSourceNoise(Prng.seeded(1), 0)).toThrow(/count must be an integer >= 1, got 0/)
  })
})

describe("drawSourceNoise", () => {
  it("is reproducible from the seed", () => {
    expect(drawSourceNoise(Prng.seeded(7), 10)).toEqual(drawSourceNoise(Prng.seeded(7), 10))
    expect(drawSourceNoise(Prng.seeded(7), 10)).not.toEqual(drawSourceNoise(Prng.seeded(8), 10))
  })
})
