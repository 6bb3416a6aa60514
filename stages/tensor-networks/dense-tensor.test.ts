import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { matmul, mergeAxes, permute } from "./dense-tensor.js"

/** Random dimensions (rank 0-6, each 1-3) with a random permutation of their axes. */
const shapeAndPerm = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 6 })
  .chain((dims) =>
    fc.tuple(
      fc.constant(dims),
      fc.shuffledSubarray(
        dims.map((_, i) => i),
        { minLength: dims.length, maxLength: dims.length },
      ),
    ),
  )

const strides = (dims: readonly number[]) => dims.map((_, axis) => dims.slice(axis + 1).reduce((s, d) => s * d, 1))

describe("permute", () => {
  it("moves every entry from its input position to the permuted one", () => {
    fc.assert(
      fc.property(shapeAndPerm, ([dims, perm]) => {
        const size = dims.reduce((s, d) => s * d, 1)
        const data = Float64Array.from({ length: size }, (_, i) => i + 0.5)
        const result = permute(data, dims, perm)
        const outDims = perm.map((axis) => dims[axis]!)
        const inStrides = strides(dims)
        const outStrides = strides(outDims)
        for (let index = 0; index < size; index++) {
          const outIndex = outStrides.map((stride, axis) => Math.floor(index / stride) % outDims[axis]!)
          const source = outIndex.reduce((offset, i, axis) => offset + i * inStrides[perm[axis]!]!, 0)
          expect(result[index]).toBe(data[source])
        }
      }),
      { numRuns: 200 },
    )
  })

  it("rejects a non-permutation and a wrong size", () => {
    expect(() => permute(new Float64Array(6), [2, 3], [0, 0])).toThrow(/not a permutation/)
    expect(() => permute(new Float64Array(5), [2, 3], [1, 0])).toThrow(/need 6/)
  })
})

describe("mergeAxes", () => {
  it("merges axes that stay adjacent and in order", () => {
    expect(mergeAxes([2, 3, 4, 5], [2, 3, 0, 1])).toEqual({ dims: [6, 20], perm: [1, 0] })
    expect(mergeAxes([2, 3, 4], [0, 1, 2])).toEqual({ dims: [24], perm: [0] })
    expect(mergeAxes([2, 3, 4], [2, 1, 0])).toEqual({ dims: [2, 3, 4], perm: [2, 1, 0] })
  })
})

describe("matmul", () => {
  it("equals the naive triple sum", () => {
    const dims = fc.integer({ min: 1, max: 5 })
    fc.assert(
      fc.property(dims, dims, dims, fc.integer(), (m, k, n, seed) => {
        const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(seed + i))
        const b = Float64Array.from({ length: k * n }, (_, i) => Math.cos(seed - 3 * i))
        const c = matmul(a, b, m, k, n)
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0
            for (let p = 0; p < k; p++) sum += a[i * k + p]! * b[p * n + j]!
            expect(c[i * n + j]).toBeCloseTo(sum, 12)
          }
        }
      }),
    )
  })

  it("rejects operands of the wrong size", () => {
    expect(() => matmul(new Float64Array(4), new Float64Array(4), 2, 3, 2)).toThrow(/cannot multiply/)
  })
})
