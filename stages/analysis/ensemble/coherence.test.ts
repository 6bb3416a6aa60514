import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { ComplexField } from "../../simulation/field.js"
import { randomField, seedArb } from "../../simulation/testing.js"
import { ensembleCoherence, ensembleMean } from "./coherence.js"

const scaled = (field: ComplexField, re: number, im: number): ComplexField => ({
  re: field.re.map((x, i) => re * x - im * field.im[i]!),
  im: field.im.map((y, i) => re * y + im * field.re[i]!),
})

const ensembleArb = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }), seedArb)
const ensembleOf = ([branches, nodes, seed]: [number, number, number]) => Array.from({ length: branches }, (_, b) => randomField(nodes, seed + b))

describe("ensembleCoherence", () => {
  it("lies in [0, 1] for every ensemble", () => {
    fc.assert(
      fc.property(ensembleArb, (spec) => {
        for (const c of ensembleCoherence(ensembleOf(spec)).coherence) {
          expect(c).toBeGreaterThanOrEqual(0)
          expect(c).toBeLessThanOrEqual(1)
        }
      }),
    )
  })

  it("is 1 for identical branches, also for zero fields", () => {
    const field = randomField(20, 4)
    expect(Array.from(ensembleCoherence([field, field, field]).coherence)).toEqual([1, 1, 1])
    const zero = { re: new Float64Array(5), im: new Float64Array(5) }
    expect(Array.from(ensembleCoherence([zero, zero]).coherence)).toEqual([1, 1])
  })

  it("is 0 for two opposite branches ψ and -ψ (their mean is zero)", () => {
    const field = randomField(20, 5)
    expect(Array.from(ensembleCoherence([field, scaled(field, -1, 0)]).coherence)).toEqual([0, 0])
  })

  it("matches the definition on a worked example: branches ψ, ψ, ψ, -ψ give 2/3 and 0", () => {
    const field = randomField(16, 6)
    const { coherence, mass } = ensembleCoherence([field, field, field, scaled(field, -1, 0)])
    for (const i of [0, 1, 2]) expect(coherence[i]).toBeCloseTo(2 / 3, 14)
    expect(coherence[3]).toBeCloseTo(0, 14)
    const norm = field.re.reduce((s, x, i) => s + x * x + field.im[i]! ** 2, 0)
    for (const m of mass) expect(m).toBeCloseTo(norm, 10)
  })

  it("is unchanged when every branch is multiplied by one complex number", () => {
    fc.assert(
      fc.property(ensembleArb, fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), (spec, modulus, angle) => {
        const branches = ensembleOf(spec)
        const rotated = branches.map((b) => scaled(b, modulus * Math.cos(angle), modulus * Math.sin(angle)))
        const before = ensembleCoherence(branches).coherence
        ensembleCoherence(rotated).coherence.forEach((c, i) => expect(c).toBeCloseTo(before[i]!, 10))
      }),
    )
  })

  it("averages the branches into the mean and rejects malformed ensembles", () => {
    const mean = ensembleMean([
      { re: new Float64Array([1, 2]), im: new Float64Array([0, 4]) },
      { re: new Float64Array([3, 0]), im: new Float64Array([2, 0]) },
    ])
    expect([Array.from(mean.re), Array.from(mean.im)]).toEqual([
      [2, 1],
      [1, 2],
    ])
    expect(() => ensembleCoherence([])).toThrow(/at least one field/)
    expect(() => ensembleCoherence([randomField(3, 1), randomField(4, 1)])).toThrow(/branches\[1\] must hold 3 values/)
    expect(() => ensembleCoherence([{ re: new Float64Array([NaN]), im: new Float64Array(1) }])).toThrow(/branches\[0\].re\[0\] must be a finite number/)
  })
})
