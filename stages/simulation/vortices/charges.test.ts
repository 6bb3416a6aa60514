import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend, kernelNames, type KernelName } from "../../compute/backend.js"
import type { ComplexField } from "../field.js"
import { type Lattice, planeLattice, ringLattice, sphereLattice } from "../lattice/index.js"
import { analyticField, randomField } from "../testing.js"
import { plaquetteCharges, plaquetteChargesTensor } from "./charges.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const uniform = (nodeCount: number): ComplexField => ({ re: new Float64Array(nodeCount).fill(1), im: new Float64Array(nodeCount) })

describe("plaquetteCharges", () => {
  for (const kernel of kernelNames) {
    it(`puts charge ±1 on the one face holding a point vortex, 0 elsewhere (${kernel})`, () => {
      // Plane 5 × 4, unit spacing: the face with corners (2,1) .. (3,2) holds (2.3, 1.6).
      const plane = planeLattice({ nu: 5, nv: 4 })
      for (const n of [1, -1] as const) {
        const charges = plaquetteCharges(plane, analyticField(plane, [{ x: 2.3, y: 1.6, n }]), { kernel })
        const face = Array.from(charges.keys()).filter((f) => charges[f] !== 0)
        expect(face).toHaveLength(1)
        const corners = Array.from(plane.faces.nodes.subarray(plane.faces.offsets[face[0]!]!, plane.faces.offsets[face[0]! + 1]!))
        expect(corners.map((c) => [plane.chart[2 * c], plane.chart[2 * c + 1]]).sort()).toEqual([
          [2, 1],
          [2, 2],
          [3, 1],
          [3, 2],
        ])
        expect(charges[face[0]!]).toBe(n)
      }
    })

    it(`gives a uniform field in a plaquette of flux Φ the charge (wrap(Φ) - Φ) / 2π (${kernel})`, () => {
      const square = planeLattice({ nu: 2, nv: 2 })
      // Its one face walks 0 -> 2 -> 3 -> 1; put the flux on the first of those edges.
      const first = Array.from(square.edges.source).findIndex((a, e) => a === 0 && square.edges.target[e] === 2)
      for (const [flux, expected] of [
        [1, 0],
        [-3, 0],
        [4, -1],
        [-4, 1],
        [7, -1],
        [13, -2],
      ] as const) {
        const phase = new Float64Array(square.edges.phase.length)
        phase[first] = flux
        const threaded: Lattice = { ...square, edges: { ...square.edges, phase } }
        expect(Array.from(plaquetteCharges(threaded, uniform(4), { kernel }))).toEqual([expected])
      }
    })

    it(`returns no charges for a lattice without faces (${kernel})`, () => {
      const ring = ringLattice({ nodes: 5, alpha: 1 })
      expect(plaquetteCharges(ring, uniform(5), { kernel })).toEqual(new Int32Array(0))
    })
  }

  it("rejects a field of the wrong length, a non-finite value and an unknown kernel, naming each", () => {
    const plane = planeLattice({ nu: 3, nv: 3 })
    expect(() => plaquetteCharges(plane, uniform(8))).toThrow(/field\.re must hold one value per lattice node \(9\), got length 8/)
    const bad = uniform(9)
    bad.im[4] = Number.NaN
    expect(() => plaquetteCharges(plane, bad)).toThrow(/field\.im\[4\] must be finite, got NaN/)
    expect(() => plaquetteCharges(plane, uniform(9), { kernel: "gpu" as KernelName })).toThrow(/options\.kernel must be one of "js", "tfjs", got "gpu"/)
  })

  it("rejects a lattice with a non-finite link phase", () => {
    const plane = planeLattice({ nu: 2, nv: 2 })
    const phase = Float64Array.from([0, Number.POSITIVE_INFINITY, 0, 0])
    expect(() => plaquetteCharges({ ...plane, edges: { ...plane.edges, phase } }, uniform(4))).toThrow(/lattice\.edges\.phase\[1\] must be finite, got Infinity/)
  })
})

describe("plaquetteChargesTensor", () => {
  it("gives, for a batch of fields, the js kernel's charges of each", () => {
    const sphere = sphereLattice({ nodes: 40 })
    const fields = [3, 4, 5].map((seed) => randomField(40, seed))
    const re = tf.tensor2d(fields.flatMap((f) => Array.from(f.re)), [3, 40])
    const im = tf.tensor2d(fields.flatMap((f) => Array.from(f.im)), [3, 40])
    const charges = plaquetteChargesTensor(sphere, re, im)
    expect(charges.dtype).toBe("int32")
    const rows = charges.arraySync()
    fields.forEach((field, b) => expect(rows[b]).toEqual(Array.from(plaquetteCharges(sphere, field))))
    tf.dispose([re, im, charges])
  })

  it("rejects tensors whose shape is not [batch, nodes]", () => {
    const plane = planeLattice({ nu: 2, nv: 2 })
    const wrong = tf.zeros([2, 5]) as tf.Tensor2D
    const right = tf.zeros([2, 4]) as tf.Tensor2D
    expect(() => plaquetteChargesTensor(plane, wrong, right)).toThrow(/re must have shape \[batch, 4\], got \[2, 5\]/)
    tf.dispose([wrong, right])
  })

  it("leaves no tensors behind but its result", () => {
    const plane = planeLattice({ nu: 4, nv: 4 })
    const re = tf.ones([2, 16]) as tf.Tensor2D
    const im = tf.zeros([2, 16]) as tf.Tensor2D
    const before = tf.memory().numTensors
    for (let k = 0; k < 10; k++) plaquetteChargesTensor(plane, re, im).dispose()
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([re, im])
  })
})
