import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend, kernelNames } from "../../compute/backend.js"
import { mobiusLattice, planeLattice, torusLattice } from "../lattice/index.js"
import { analyticField, randomField } from "../testing.js"
import { vortexCurrents, vortexCurrentsTensor } from "./currents.js"

beforeAll(async () => {
  await initBackend("cpu")
})

type Point = readonly [number, number]
const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

describe("vortexCurrents", () => {
  for (const kernel of kernelNames) {
    it(`carries a point vortex's charge across exactly the edges its straight move crosses, + from left to right of i -> j (${kernel})`, () => {
      const plane = planeLattice({ nu: 7, nv: 6 })
      const moves: readonly (readonly [Point, Point, 1 | -1])[] = [
        [[2.5, 2.5], [3.5, 2.5], 1],
        [[1.2, 1.3], [4.6, 3.7], 1],
        [[4.6, 3.7], [1.2, 1.3], -1],
        [[5.4, 0.2], [0.3, 4.9], -1],
        [[2.2, 2.7], [2.8, 2.3], 1],
      ]
      for (const [from, to, n] of moves) {
        const before = analyticField(plane, [{ x: from[0], y: from[1], n }])
        const after = analyticField(plane, [{ x: to[0], y: to[1], n }])
        const currents = vortexCurrents(plane, before, after, { kernel })
        plane.edges.source.forEach((a, e) => {
          const p: Point = [plane.chart[2 * a]!, plane.chart[2 * a + 1]!]
          const b = plane.edges.target[e]!
          const q: Point = [plane.chart[2 * b]!, plane.chart[2 * b + 1]!]
          const startsLeft = cross(p, q, from) > 0
          const endsLeft = cross(p, q, to) > 0
          const crosses = startsLeft !== endsLeft && cross(from, to, p) > 0 !== cross(from, to, q) > 0
          expect(currents[e]).toBe(crosses ? (startsLeft ? n : -n) : 0)
        })
      }
    })

    it(`vanish between identical frames (${kernel})`, () => {
      const band = mobiusLattice({ nu: 8, nv: 4, alpha: 2 })
      const field = randomField(band.nodeCount, 9)
      expect(vortexCurrents(band, field, field, { kernel }).every((j) => j === 0)).toBe(true)
    })
  }

  it("rejects a later lattice with other edges, and frames of the wrong length", () => {
    const torus = torusLattice({ nu: 4, nv: 4 })
    const field = randomField(16, 1)
    expect(() => vortexCurrents(torus, field, field, { latticeAfter: torusLattice({ nu: 4, nv: 5 }) })).toThrow(
      /options\.latticeAfter must have the same nodes, edges and faces as lattice/,
    )
    expect(() => vortexCurrents(torus, field, randomField(15, 1))).toThrow(/after\.re must hold one value per lattice node \(16\), got length 15/)
  })

  it("accepts a later lattice that differs only in its twist holonomy", () => {
    const torus = torusLattice({ nu: 4, nv: 4, alpha: 0 })
    const field = randomField(16, 2)
    const currents = vortexCurrents(torus, field, field, { latticeAfter: torusLattice({ nu: 4, nv: 4, alpha: 0.5 }) })
    expect(currents).toHaveLength(torus.edges.source.length)
  })
})

describe("vortexCurrentsTensor", () => {
  it("gives, for a batch of frame pairs, the js kernel's currents of each, leaving no tensors behind", () => {
    const torus = torusLattice({ nu: 6, nv: 5, alpha: 1.3 })
    const n = torus.nodeCount
    const pairs = [0, 1, 2].map((b) => [randomField(n, 10 + b), randomField(n, 20 + b)] as const)
    const stack = (part: "re" | "im", k: 0 | 1) => tf.tensor2d(pairs.flatMap((p) => Array.from(p[k][part])), [3, n])
    const before = { re: stack("re", 0), im: stack("im", 0) }
    const after = { re: stack("re", 1), im: stack("im", 1) }
    const tensors = tf.memory().numTensors
    const currents = vortexCurrentsTensor(torus, before, after)
    expect(tf.memory().numTensors).toBe(tensors + 1)
    expect(currents.dtype).toBe("int32")
    const rows = currents.arraySync()
    pairs.forEach(([b, a], k) => expect(rows[k]).toEqual(Array.from(vortexCurrents(torus, b, a))))
    tf.dispose([before.re, before.im, after.re, after.im, currents])
  })

  it("rejects frames whose shapes differ", () => {
    const plane = planeLattice({ nu: 2, nv: 2 })
    const a = tf.zeros([2, 4]) as tf.Tensor2D
    const b = tf.zeros([3, 4]) as tf.Tensor2D
    expect(() => vortexCurrentsTensor(plane, { re: a, im: a }, { re: b, im: a })).toThrow(/after\.re must have shape \[2, 4\]/)
    tf.dispose([a, b])
  })
})
