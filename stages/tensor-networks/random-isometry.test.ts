import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { gaussianTensor, randomIsometry } from "./random-isometry.js"

describe("randomIsometry", () => {
  it("has orthonormal columns, square ones orthogonal", () => {
    const prng = Prng.seeded(7)
    for (const [rows, cols] of [
      [4, 2],
      [9, 3],
      [9, 9],
      [1, 1],
    ] as const) {
      const q = randomIsometry(rows, cols, prng)
      for (let a = 0; a < cols; a++) {
        for (let b = 0; b < cols; b++) {
          let sum = 0
          for (let r = 0; r < rows; r++) sum += q[r * cols + a]! * q[r * cols + b]!
          expect(sum).toBeCloseTo(a === b ? 1 : 0, 13)
        }
      }
    }
  })

  it("draws from the Prng only, and its first entry is unbiased in sign", () => {
    expect(randomIsometry(4, 2, Prng.seeded(1))).toEqual(randomIsometry(4, 2, Prng.seeded(1)))
    // Householder QR alone gives Q_00 < 0 every time; with the sign fix about half are positive.
    const prng = Prng.seeded(2)
    const positive = Array.from({ length: 400 }, () => randomIsometry(3, 3, prng)[0]! > 0).filter(Boolean).length
    expect(positive).toBeGreaterThan(160)
    expect(positive).toBeLessThan(240)
  })

  it("rejects shapes that cannot be isometries", () => {
    expect(() => randomIsometry(2, 3, Prng.seeded(1))).toThrow(/rows >= cols >= 1/)
    expect(() => gaussianTensor(0, Prng.seeded(1))).toThrow(/integer >= 1/)
  })
})
