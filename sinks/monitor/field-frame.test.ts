import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import {
  gridNode,
  kleinLattice,
  mobiusLattice,
  planeLattice,
  ringLattice,
  sphereLattice,
  tokamakLattice,
  torusLattice,
} from "../../stages/simulation/lattice/index.js"
import type { Lattice } from "../../stages/simulation/lattice/lattice.js"
import { randomField, seedArb } from "../../stages/simulation/testing.js"
import { type FieldFrame, chartGrid, decodeFieldFrame, dequantizePhase, encodeFieldFrame, quantizePhase } from "./field-frame.js"

const limits = { maxWidth: 128, maxHeight: 64, maxMarkers: 2048 }

/** What the dashboard's decoder (plain JavaScript, no type declarations) returns: the frame, its markers' positions interleaved. */
type BrowserFrame = Omit<FieldFrame, "version" | "chart" | "markers"> & {
  readonly markers: { readonly xy: Float32Array; readonly charge: Int8Array; readonly total: number }
}
const browserProtocol = "./dashboard/protocol.js"
const { decodeFieldFrame: decodeInBrowser } = (await import(browserProtocol)) as { decodeFieldFrame: (buffer: ArrayBuffer) => BrowserFrame }

const uniformField = (nodes: number, amplitude: number, theta: number) => ({
  re: new Float64Array(nodes).fill(amplitude * Math.cos(theta)),
  im: new Float64Array(nodes).fill(amplitude * Math.sin(theta)),
})

/** The smallest difference between two angles. */
const angleBetween = (a: number, b: number) => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)))

const lattices: Record<string, () => Lattice> = {
  mobius: () => mobiusLattice({ nu: 40, nv: 8 }),
  torus: () => torusLattice({ nu: 24, nv: 12 }),
  klein: () => kleinLattice({ nu: 24, nv: 12 }),
  sphere: () => sphereLattice({ nodes: 400 }),
  tokamak: () => tokamakLattice({ strips: 3, nu: 30, nv: 6 }),
  ring: () => ringLattice({ nodes: 50 }),
  plane: () => planeLattice({ nu: 300, nv: 10 }),
}
const built = Object.fromEntries(Object.entries(lattices).map(([name, make]) => [name, make()]))

/** The face whose node set is exactly `nodes`. */
const faceWith = (lattice: Lattice, nodes: readonly number[]): number => {
  const { offsets } = lattice.faces
  for (let f = 0; f < offsets.length - 1; f++) {
    const face = [...lattice.faces.nodes.subarray(offsets[f]!, offsets[f + 1]!)].sort((a, b) => a - b)
    if (face.length === nodes.length && face.every((n, k) => n === [...nodes].sort((a, b) => a - b)[k])) return f
  }
  throw new Error(`no face with nodes ${nodes.join(", ")}`)
}

describe("field frames", () => {
  it("give a regular chart one cell per node: column i, row j for node (i, j), |ψ| and phase of that node", () => {
    const nu = 24
    const nv = 12
    const lattice = torusLattice({ nu, nv })
    const field = randomField(lattice.nodeCount, 7)
    const grid = chartGrid(lattice, limits)
    expect([grid.width, grid.height]).toEqual([nu, nv])
    const frame = decodeFieldFrame(encodeFieldFrame(3, 1234.5, { lattice, field }, limits))
    for (let i = 0; i < nu; i++) {
      for (let j = 0; j < nv; j++) {
        const node = gridNode(i, j, nv)
        const cell = j * nu + i
        expect(grid.cellOfNode[node]).toBe(cell)
        expect(frame.amplitude[cell]).toBe(Math.fround(Math.hypot(field.re[node]!, field.im[node]!)))
        expect(angleBetween(dequantizePhase(frame.phase[cell]!), Math.atan2(field.im[node]!, field.re[node]!))).toBeLessThanOrEqual(Math.PI / 256 + 1e-12)
      }
    }
    expect(frame.amplitudeMax).toBe(Math.max(...frame.amplitude))
  })

  test.prop([fc.constantFrom(...Object.keys(lattices)), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -Math.PI, max: Math.PI, noNaN: true })])(
    "show a uniform field as that amplitude and phase in every cell with nodes, on every geometry",
    (geometry, amplitude, theta) => {
      const lattice = built[geometry]!
      const frame = decodeFieldFrame(encodeFieldFrame(0, 0, { lattice, field: uniformField(lattice.nodeCount, amplitude, theta) }, limits))
      expect(frame.width).toBeLessThanOrEqual(limits.maxWidth)
      expect(frame.height).toBeLessThanOrEqual(limits.maxHeight)
      const filled = frame.amplitude.filter((a) => !Number.isNaN(a))
      expect(filled.length).toBeGreaterThan(0)
      for (let c = 0; c < frame.amplitude.length; c++) {
        if (Number.isNaN(frame.amplitude[c]!)) continue
        expect(frame.amplitude[c]).toBeCloseTo(amplitude, 4)
        expect(angleBetween(dequantizePhase(frame.phase[c]!), theta)).toBeLessThanOrEqual(Math.PI / 256 + 1e-9)
      }
    },
  )

  it("downsample a chart wider than the limit into columns ordered along u, every cell holding nodes", () => {
    const lattice = built.plane!
    // |ψ| = 1 + u grows along u: the cells' amplitudes must grow column by column.
    const re = Float64Array.from({ length: lattice.nodeCount }, (_, n) => 1 + lattice.chart[2 * n]!)
    const frame = decodeFieldFrame(encodeFieldFrame(0, 0, { lattice, field: { re, im: new Float64Array(lattice.nodeCount) } }, limits))
    expect([frame.width, frame.height]).toEqual([128, 10])
    for (let row = 0; row < frame.height; row++) {
      for (let column = 0; column < frame.width; column++) {
        const amplitude = frame.amplitude[row * frame.width + column]!
        expect(Number.isNaN(amplitude)).toBe(false)
        if (column > 0) expect(amplitude).toBeGreaterThan(frame.amplitude[row * frame.width + column - 1]!)
      }
    }
    // The first and last columns hold the nodes at the ends of the chart, a cell's width (300 / 128 nodes) at most.
    expect(frame.amplitude[0]).toBeGreaterThanOrEqual(1)
    expect(frame.amplitude[0]).toBeLessThan(1 + 300 / 128)
    expect(frame.amplitude[frame.width - 1]).toBeLessThanOrEqual(300)
    expect(frame.amplitude[frame.width - 1]).toBeGreaterThan(300 - 300 / 128)
  })

  it("stack the strips of a tokamak as bands of rows, and spread a scattered sphere over about two nodes a cell", () => {
    const tokamak = built.tokamak!
    const grid = chartGrid(tokamak, limits)
    expect(grid.strips).toBe(3)
    expect(grid.height).toBe(3 * grid.rowsPerStrip)
    for (let n = 0; n < tokamak.nodeCount; n++) expect(Math.floor(grid.cellOfNode[n]! / grid.width / grid.rowsPerStrip)).toBe(tokamak.strip[n])
    const sphere = built.sphere!
    const scattered = chartGrid(sphere, limits)
    expect(scattered.width * scattered.height).toBeGreaterThan(sphere.nodeCount / 4)
    expect(scattered.width * scattered.height).toBeLessThanOrEqual(sphere.nodeCount)
    expect(new Set(scattered.cellOfNode).size).toBeGreaterThan((scattered.width * scattered.height) / 2)
  })

  it("mark each charged face at its centroid with its charge, and cap the markers", () => {
    const nu = 20
    const nv = 10
    const lattice = planeLattice({ nu, nv })
    const charged = [
      { i: 3, j: 4, q: 1 },
      { i: 10, j: 0, q: -1 },
      { i: 18, j: 8, q: 2 },
    ]
    const charges = new Int32Array(lattice.faces.offsets.length - 1)
    const node = (i: number, j: number) => gridNode(i, j, nv)
    for (const { i, j, q } of charged) charges[faceWith(lattice, [node(i, j), node(i + 1, j), node(i + 1, j + 1), node(i, j + 1)])] = q
    const field = uniformField(lattice.nodeCount, 1, 0)
    const frame = decodeFieldFrame(encodeFieldFrame(0, 0, { lattice, field, charges }, limits))
    expect(frame.markers.total).toBe(3)
    // Node (i, j) sits at the centre of cell (i, j), so the face's centroid is the corner (i + 1, j + 1) of the cells.
    const markers = [...frame.markers.charge].map((q, k) => ({ x: frame.markers.x[k]!, y: frame.markers.y[k]!, q }))
    for (const { i, j, q } of charged) {
      const found = markers.find((m) => Math.abs(m.x - (i + 1) / nu) < 1e-6 && Math.abs(m.y - (j + 1) / nv) < 1e-6)
      expect(found?.q).toBe(q)
    }
    const capped = decodeFieldFrame(encodeFieldFrame(0, 0, { lattice, field, charges }, { ...limits, maxMarkers: 2 }))
    expect(capped.markers.charge.length).toBe(2)
    expect(capped.markers.total).toBe(3)
  })

  test.prop([seedArb, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.double({ min: 0, max: 4e12, noNaN: true })])(
    "decode to what was encoded: header, cells and markers",
    (seed, cycle, t) => {
      const lattice = built.mobius!
      const field = randomField(lattice.nodeCount, seed)
      const charges = Int32Array.from({ length: lattice.faces.offsets.length - 1 }, (_, f) => ((f * 7 + seed) % 11 === 0 ? 1 - 2 * (f % 2) : 0))
      const bytes = encodeFieldFrame(cycle, t, { lattice, field, charges }, limits)
      const frame = decodeFieldFrame(bytes)
      expect(frame).toMatchObject({ version: 1, cycle, t, width: 40, height: 8, strips: 1, nodeCount: lattice.nodeCount })
      expect(frame.markers.total).toBe(charges.filter((q) => q !== 0).length)
      expect([...frame.markers.charge].sort()).toEqual([...charges.filter((q) => q !== 0)].sort())
      for (const x of [...frame.markers.x, ...frame.markers.y]) expect(x >= 0 && x <= 1).toBe(true)
      // A copy at an odd offset decodes the same (the decoder copies before viewing).
      const shifted = new Uint8Array(bytes.byteLength + 1)
      shifted.set(bytes, 1)
      expect(decodeFieldFrame(shifted.subarray(1)).amplitude).toEqual(frame.amplitude)
      // The dashboard's own decoder (plain JavaScript for the browser) reads the same frame.
      const browser = decodeInBrowser(bytes.slice().buffer)
      expect(browser).toMatchObject({ cycle, t, width: frame.width, height: frame.height, strips: frame.strips, amplitudeMax: frame.amplitudeMax, nodeCount: frame.nodeCount })
      expect(browser.amplitude).toEqual(frame.amplitude)
      expect(browser.phase).toEqual(frame.phase)
      expect(browser.markers.total).toBe(frame.markers.total)
      expect(browser.markers.charge).toEqual(frame.markers.charge)
      expect(Array.from(browser.markers.xy)).toEqual(Array.from(frame.markers.x).flatMap((x, k) => [x, frame.markers.y[k]!]))
    },
  )

  it("reject frames of another version or the wrong length, and bad limits", () => {
    const lattice = built.ring!
    const bytes = encodeFieldFrame(1, 0, { lattice, field: uniformField(lattice.nodeCount, 1, 0) }, limits)
    const wrongVersion = Uint8Array.from(bytes)
    wrongVersion[0] = 2
    expect(() => decodeFieldFrame(wrongVersion)).toThrow("version 2 is not 1")
    expect(() => decodeFieldFrame(bytes.subarray(0, bytes.byteLength - 1))).toThrow(/expected \d+ for 50 × 1 cells/)
    expect(() => decodeFieldFrame(bytes.subarray(0, 10))).toThrow("shorter than the 56-byte header")
    expect(() => encodeFieldFrame(1, 0, { lattice, field: uniformField(3, 1, 0) }, limits)).toThrow("the field has 3 values for 50 nodes")
    expect(() => encodeFieldFrame(1, 0, { lattice, field: uniformField(lattice.nodeCount, 1, 0) }, { ...limits, maxWidth: 0 })).toThrow(
      "maxWidth must be an integer from 1 to 4096, got 0",
    )
  })

  test.prop([fc.double({ min: -Math.PI, max: Math.PI, noNaN: true })])("quantize phases to within π/256", (theta) => {
    const q = quantizePhase(theta)
    expect(Number.isInteger(q) && q >= 0 && q < 256).toBe(true)
    expect(angleBetween(dequantizePhase(q), theta)).toBeLessThanOrEqual(Math.PI / 256 + 1e-12)
  })
})
