import { describe, expect, it } from "vitest"
import { entanglementEntropies } from "./entropy.js"
import { applyPauli, encodeBulk, fiveQubitCodewords, fiveQubitStabilisers, logicalX, logicalZ, perfectTensor } from "./perfect-tensor.js"

/** Entries as plain numbers, -0 read as 0 (the projector produces signed zeros). */
const plain = (a: Float64Array) => Array.from(a, (v) => v + 0)
const dot = (a: Float64Array, b: Float64Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0)
const subsets = (n: number, k: number): number[][] =>
  k === 0 ? [[]] : n < k ? [] : [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)]

describe("the five-qubit code", () => {
  const [zero, one] = fiveQubitCodewords()

  it("has codewords stabilised by every generator, exchanged by X̄ and told apart by Z̄", () => {
    for (const word of [zero, one]) {
      for (const g of fiveQubitStabilisers) expect(plain(applyPauli(g, word))).toEqual(plain(word))
      expect(dot(word, word)).toBeCloseTo(1, 15)
    }
    expect(dot(zero, one)).toBe(0)
    expect(plain(applyPauli(logicalZ, zero))).toEqual(plain(zero))
    expect(plain(applyPauli(logicalZ, one))).toEqual(plain(one.map((v) => -v)))
    expect(plain(applyPauli(logicalX, one))).toEqual(plain(zero))
  })

  it("has 16 amplitudes ±1/4 in each codeword, |00000⟩ with +1/4", () => {
    for (const word of [zero, one]) {
      expect(word.filter((v) => v !== 0)).toHaveLength(16)
      expect(word.every((v) => v === 0 || Math.abs(v) === 0.25)).toBe(true)
    }
    expect(zero[0]).toBe(0.25)
  })

  it("corrects one error: every 2-qubit marginal of an encoded state is maximally mixed (distance 3)", () => {
    const encoded = { dims: [2, 2, 2, 2, 2], amplitudes: encodeBulk(Float64Array.of(0.6, 0.8)) }
    for (const pair of subsets(5, 2)) expect(entanglementEntropies(encoded, pair).vonNeumann).toBeCloseTo(2 * Math.LN2, 12)
  })

  it("rejects Pauli strings it cannot apply in real arithmetic", () => {
    expect(() => applyPauli("XYZII", zero)).toThrow(/from I, X, Z/)
    expect(() => encodeBulk(Float64Array.of(1))).toThrow(/2 amplitudes/)
  })
})

describe("the perfect tensor", () => {
  const tensor = perfectTensor()

  it("is an orthogonal 8 × 8 matrix across every 3|3 split of its legs", () => {
    for (const rows of subsets(6, 3)) {
      const cols = [0, 1, 2, 3, 4, 5].filter((leg) => !rows.includes(leg))
      const entry = (r: number, c: number) => {
        const bits = new Array<number>(6)
        rows.forEach((leg, i) => (bits[leg] = (r >> (2 - i)) & 1))
        cols.forEach((leg, i) => (bits[leg] = (c >> (2 - i)) & 1))
        return tensor[bits.reduce((index, bit) => 2 * index + bit, 0)]!
      }
      for (let a = 0; a < 8; a++) {
        for (let b = 0; b < 8; b++) {
          let sum = 0
          for (let r = 0; r < 8; r++) sum += entry(r, a) * entry(r, b)
          expect(sum).toBeCloseTo(a === b ? 1 : 0, 14)
        }
      }
    }
  })
})
