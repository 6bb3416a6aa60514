import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { hopkinsStatistic } from "./hopkins.js"

const uniformSquare = (n: number, prng: Prng): Float64Array => Float64Array.from({ length: 2 * n }, () => prng.uniform())

const clustered = (n: number, prng: Prng): Float64Array => {
  const centres = Array.from({ length: 5 }, () => [prng.between(0.1, 0.9), prng.between(0.1, 0.9)] as const)
  const out = new Float64Array(2 * n)
  for (let i = 0; i < n; i++) {
    const [x, y] = centres[i % centres.length]!
    out[2 * i] = x + 0.005 * prng.normal()
    out[2 * i + 1] = y + 0.005 * prng.normal()
  }
  return out
}

const meanOver = (seeds: number, statistic: (prng: Prng) => number | null): number => {
  let sum = 0
  for (let seed = 0; seed < seeds; seed++) sum += statistic(Prng.seeded(seed))!
  return sum / seeds
}

/** A cylinder of radius 1 and height 2 sampled on a 60 × 40 grid: candidate locations on a surface in 3D. */
const cylinder = (): Float64Array => {
  const out: number[] = []
  for (let a = 0; a < 60; a++) for (let h = 0; h < 40; h++) out.push(Math.cos((2 * Math.PI * a) / 60), Math.sin((2 * Math.PI * a) / 60), h / 20)
  return Float64Array.from(out)
}

const pick = (candidates: Float64Array, n: number, prng: Prng): Float64Array => {
  const count = candidates.length / 3
  const chosen = new Set<number>()
  while (chosen.size < n) chosen.add(prng.int(0, count - 1))
  return Float64Array.from([...chosen].flatMap((i) => Array.from(candidates.subarray(3 * i, 3 * i + 3))))
}

describe("hopkinsStatistic", () => {
  it("is about 0.5 for uniform random points", () => {
    const mean = meanOver(20, (prng) => hopkinsStatistic(uniformSquare(400, prng), 2, prng, { sampleSize: 40 }))
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03)
  })

  it("tends to 1 for clustered points and falls below 0.5 for a regular grid", () => {
    const tight = meanOver(5, (prng) => hopkinsStatistic(clustered(400, prng), 2, prng, { sampleSize: 40 }))
    expect(tight).toBeGreaterThan(0.95)
    const grid = Float64Array.from(Array.from({ length: 400 }, (_, i) => [Math.floor(i / 20) / 19, (i % 20) / 19]).flat())
    const regular = meanOver(5, (prng) => hopkinsStatistic(grid, 2, prng, { sampleSize: 40 }))
    expect(regular).toBeLessThan(0.4)
  })

  it("on a surface in 3D needs the surface as its window: the enclosing box makes random points look clustered", () => {
    const candidates = cylinder()
    const onSurface = meanOver(20, (prng) => hopkinsStatistic(pick(candidates, 240, prng), 3, prng, { sampleSize: 24, exponent: 2, window: candidates }))
    expect(Math.abs(onSurface - 0.5)).toBeLessThan(0.04)
    const inBox = meanOver(20, (prng) => hopkinsStatistic(pick(candidates, 240, prng), 3, prng, { sampleSize: 24, exponent: 2 }))
    expect(inBox).toBeGreaterThan(0.8)
  })

  it("is reproducible from the generator; null when every distance is zero or the window has no free location", () => {
    const points = uniformSquare(50, Prng.seeded(3))
    expect(hopkinsStatistic(points, 2, Prng.seeded(9), { sampleSize: 5 })).toBe(hopkinsStatistic(points, 2, Prng.seeded(9), { sampleSize: 5 }))
    expect(hopkinsStatistic(new Float64Array(8).fill(0.5), 2, Prng.seeded(1), { sampleSize: 2 })).toBeNull()
    expect(hopkinsStatistic(points, 2, Prng.seeded(1), { sampleSize: 5, window: points })).toBeNull()
  })

  it("rejects bad input", () => {
    const prng = Prng.seeded(1)
    expect(() => hopkinsStatistic(new Float64Array(2), 2, prng, { sampleSize: 1 })).toThrow(/at least 2 points, got 1/)
    expect(() => hopkinsStatistic(new Float64Array(8), 2, prng, { sampleSize: 5 })).toThrow(/sampleSize must be an integer in \[1, 4\], got 5/)
    expect(() => hopkinsStatistic(new Float64Array(8), 2, prng, { sampleSize: 1, exponent: 0 })).toThrow(/exponent/)
    expect(() => hopkinsStatistic(new Float64Array(8), 2, prng, { sampleSize: 1, window: new Float64Array(0) })).toThrow(/window must hold at least one point/)
    expect(() => hopkinsStatistic(new Float64Array(8), 2, prng, { sampleSize: 1, window: new Float64Array(3) })).toThrow(/2 values per point/)
  })
})
