/**
 * Invariants of the holographic drive (MODELS.md section 2): G is linear in
 * the weights, |K_xs| = r_s^{-p}, F is periodic with period 2π/ω, r_min clamps
 * the kernel, a batch equals its columns, and the js and tfjs kernels agree.
 */
import * as tf from "@tensorflow/tfjs"
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../stages/compute/backend.js"
import type { ComplexField } from "../stages/simulation/field.js"
import { matrixColumn, type ComplexMatrix } from "../stages/simulation/drive/complex-matrix.js"
import { driveAt } from "../stages/simulation/drive/drive.js"
import { synthesize, synthesizeBatch } from "../stages/simulation/drive/synthesis.js"
import { transferMatrix } from "../stages/simulation/drive/transfer.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const coordinate = { min: -5, max: 5, noNaN: true, noDefaultInfinity: true } as const
const points = (min: number, max: number) =>
  fc.integer({ min, max }).chain((n) => fc.float64Array({ ...coordinate, minLength: 3 * n, maxLength: 3 * n }))
const vector = (n: number, bound = 10): fc.Arbitrary<ComplexField> =>
  fc.record({
    re: fc.float64Array({ min: -bound, max: bound, noNaN: true, noDefaultInfinity: true, minLength: n, maxLength: n }),
    im: fc.float64Array({ min: -bound, max: bound, noNaN: true, noDefaultInfinity: true, minLength: n, maxLength: n }),
  })
const transfer = fc.record({
  wavenumber: fc.double({ min: 0, max: 20, noNaN: true }),
  decay: fc.double({ min: 0, max: 3, noNaN: true }),
  rMin: fc.double({ min: 0.05, max: 1, noNaN: true }),
})
const kernelMatrix: fc.Arbitrary<ComplexMatrix> = fc
  .tuple(points(1, 24), points(1, 12), transfer)
  .map(([positions, sources, parameters]) => transferMatrix(positions, sources, parameters))
/** K with c (one weight vector) and C (a batch of 1-6 of them). */
const product = kernelMatrix.chain((k) =>
  fc.tuple(
    fc.constant(k),
    vector(k.cols),
    fc.integer({ min: 1, max: 6 }).chain((b) =>
      vector(k.cols * b).map((c): ComplexMatrix => ({ rows: k.cols, cols: b, re: c.re, im: c.im })),
    ),
  ),
)

/** Σ_s |K_xs| |c_s| for each node: the scale of rounding in row x of K c. */
const magnitudeSums = (k: ComplexMatrix, c: ComplexField): Float64Array => {
  const sums = new Float64Array(k.rows)
  for (let x = 0; x < k.rows; x++) {
    for (let s = 0; s < k.cols; s++) sums[x] += Math.hypot(k.re[x * k.cols + s]!, k.im[x * k.cols + s]!) * Math.hypot(c.re[s]!, c.im[s]!)
  }
  return sums
}

const expectClose = (actual: ComplexField, expected: ComplexField, tolerance: Float64Array) => {
  for (let x = 0; x < expected.re.length; x++) {
    expect(Math.abs(actual.re[x]! - expected.re[x]!)).toBeLessThanOrEqual(tolerance[x]!)
    expect(Math.abs(actual.im[x]! - expected.im[x]!)).toBeLessThanOrEqual(tolerance[x]!)
  }
}

// float32 kernels: relative rounding of about 6e-8 per operation, over at most 12 terms.
const float32Tolerance = (k: ComplexMatrix, c: ComplexField) => magnitudeSums(k, c).map((sum) => 1e-5 * sum + 1e-30)

describe("transfer matrix", () => {
  it("has |K_xs| = r_s^-p and arg K_xs = k r_s (mod 2π), r_s = max(|x - x_s|, r_min)", () => {
    fc.assert(
      fc.property(points(1, 10), points(1, 10), transfer, (positions, sources, parameters) => {
        const k = transferMatrix(positions, sources, parameters)
        for (let x = 0; x < k.rows; x++) {
          for (let s = 0; s < k.cols; s++) {
            const d = Math.hypot(positions[3 * x]! - sources[3 * s]!, positions[3 * x + 1]! - sources[3 * s + 1]!, positions[3 * x + 2]! - sources[3 * s + 2]!)
            const r = Math.max(d, parameters.rMin)
            const entry = x * k.cols + s
            const magnitude = Math.hypot(k.re[entry]!, k.im[entry]!)
            expect(Math.abs(magnitude / r ** -parameters.decay - 1)).toBeLessThan(1e-14)
            const phaseError = Math.atan2(k.im[entry]!, k.re[entry]!) - parameters.wavenumber * r
            expect(Math.abs(Math.sin(phaseError / 2))).toBeLessThan(1e-12)
          }
        }
      }),
    )
  })

  it("clamps at r_min: nodes closer than r_min to a source all get K = r_min^-p e^{i k r_min}", () => {
    fc.assert(
      fc.property(
        fc.float64Array({ ...coordinate, minLength: 3, maxLength: 3 }),
        transfer,
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: Math.PI, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true })), {
          minLength: 1,
          maxLength: 8,
        }),
        (source, parameters, offsets) => {
          // Nodes at distance fraction × r_min from the source, in random directions.
          const positions = Float64Array.from(
            offsets.flatMap(([fraction, theta, phi]) => {
              const d = fraction * parameters.rMin
              return [source[0]! + d * Math.sin(theta) * Math.cos(phi), source[1]! + d * Math.sin(theta) * Math.sin(phi), source[2]! + d * Math.cos(theta)]
            }),
          )
          const k = transferMatrix(positions, source, parameters)
          const magnitude = parameters.rMin ** -parameters.decay
          for (let x = 0; x < k.rows; x++) {
            expect(k.re[x]).toBe(magnitude * Math.cos(parameters.wavenumber * parameters.rMin))
            expect(k.im[x]).toBe(magnitude * Math.sin(parameters.wavenumber * parameters.rMin))
          }
        },
      ),
    )
  })
})

describe("synthesis", () => {
  it("is linear in c: G(a c1 + b c2) = a G(c1) + b G(c2)", () => {
    fc.assert(
      fc.property(
        kernelMatrix.chain((k) => fc.tuple(fc.constant(k), vector(k.cols), vector(k.cols), vector(1, 3), vector(1, 3))),
        ([k, c1, c2, a, b]) => {
          const [ar, ai, br, bi] = [a.re[0]!, a.im[0]!, b.re[0]!, b.im[0]!]
          const combined = {
            re: c1.re.map((_, s) => ar * c1.re[s]! - ai * c1.im[s]! + br * c2.re[s]! - bi * c2.im[s]!),
            im: c1.re.map((_, s) => ar * c1.im[s]! + ai * c1.re[s]! + br * c2.im[s]! + bi * c2.re[s]!),
          }
          const g1 = synthesize(k, c1)
          const g2 = synthesize(k, c2)
          const expected = {
            re: g1.re.map((_, x) => ar * g1.re[x]! - ai * g1.im[x]! + br * g2.re[x]! - bi * g2.im[x]!),
            im: g1.re.map((_, x) => ar * g1.im[x]! + ai * g1.re[x]! + br * g2.im[x]! + bi * g2.re[x]!),
          }
          const scale = magnitudeSums(k, { re: c1.re.map((v, s) => Math.hypot(v, c1.im[s]!) + Math.hypot(c2.re[s]!, c2.im[s]!)), im: new Float64Array(k.cols) })
          expectClose(synthesize(k, combined), expected, scale.map((sum) => 1e-13 * 6 * sum + 1e-300))
        },
      ),
    )
  })

  it("batched equals column by column, exactly on the js kernel", () => {
    fc.assert(
      fc.property(product, ([k, , c]) => {
        const g = synthesizeBatch(k, c)
        for (let b = 0; b < c.cols; b++) expect(matrixColumn(g, b)).toEqual(synthesize(k, matrixColumn(c, b)))
      }),
    )
  })

  it("batched equals column by column on the tfjs kernel, to float32 rounding", () => {
    fc.assert(
      fc.property(product, ([k, , c]) => {
        const g = synthesizeBatch(k, c, "tfjs")
        for (let b = 0; b < c.cols; b++) {
          const column = matrixColumn(c, b)
          expectClose(matrixColumn(g, b), synthesize(k, column, "tfjs"), float32Tolerance(k, column))
        }
      }),
      { numRuns: 50 },
    )
  })

  it("js and tfjs kernels agree, for vectors and batches", () => {
    const before = tf.memory().numTensors
    fc.assert(
      fc.property(product, ([k, c, batch]) => {
        expectClose(synthesize(k, c, "tfjs"), synthesize(k, c, "js"), float32Tolerance(k, c))
        const gTfjs = synthesizeBatch(k, batch, "tfjs")
        const gJs = synthesizeBatch(k, batch, "js")
        for (let b = 0; b < batch.cols; b++) {
          expectClose(matrixColumn(gTfjs, b), matrixColumn(gJs, b), float32Tolerance(k, matrixColumn(batch, b)))
        }
      }),
      { numRuns: 50 },
    )
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe("drive F(x, t) = ε e^{-iωt} G(x)", () => {
  const drive = fc.tuple(
    fc.integer({ min: 1, max: 20 }).chain((n) => vector(n)),
    fc.double({ min: 0, max: 10, noNaN: true }),
    fc.double({ min: 0.01, max: 10, noNaN: true }),
    fc.double({ min: -100, max: 100, noNaN: true }),
  )

  it("is periodic in t with period 2π/ω", () => {
    fc.assert(
      fc.property(drive, ([g, epsilon, omega, t]) => {
        // The floor covers subnormal products, which carry no relative precision.
        const tolerance = Float64Array.from(g.re, (re, x) => 1e-11 * epsilon * Math.hypot(re, g.im[x]!) + 1e-300)
        expectClose(driveAt(g, epsilon, omega, t + (2 * Math.PI) / omega), driveAt(g, epsilon, omega, t), tolerance)
      }),
    )
  })

  it("keeps |F(x, t)| = ε |G(x)|", () => {
    fc.assert(
      fc.property(drive, ([g, epsilon, omega, t]) => {
        const f = driveAt(g, epsilon, omega, t)
        for (let x = 0; x < g.re.length; x++) {
          const expected = epsilon * Math.hypot(g.re[x]!, g.im[x]!)
          expect(Math.abs(Math.hypot(f.re[x]!, f.im[x]!) - expected)).toBeLessThanOrEqual(1e-14 * expected + 1e-300)
        }
      }),
    )
  })
})
