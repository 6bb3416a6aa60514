import { describe, expect, it } from "vitest"
import type { ComplexField } from "../field.js"
import { gridNode, type Lattice, mobiusLattice, planeLattice } from "../lattice/index.js"
import { analyticField } from "../testing.js"
import { plaquetteCharges } from "./charges.js"
import { vortexCurrents } from "./currents.js"
import { advanceTracker, startTracker, type TrackerState } from "./tracking.js"

/** Tracks a sequence of fields from frame 0, returning every step. */
const track = (lattice: Lattice, fields: readonly ComplexField[]) => {
  let state = startTracker(plaquetteCharges(lattice, fields[0]!))
  return fields.slice(1).map((field, t) => {
    const step = advanceTracker(lattice, state, plaquetteCharges(lattice, field), vortexCurrents(lattice, fields[t]!, field))
    state = step.state
    return step
  })
}

const plane = planeLattice({ nu: 7, nv: 7 })
/** The plane's face holding (x, y): column floor(x), row floor(y). */
const faceAt = (x: number, y: number) => Math.floor(x) * 6 + Math.floor(y)

describe("startTracker", () => {
  it("starts one worldline per unit of charge, in face order", () => {
    expect(startTracker(Int32Array.from([0, 2, 0, -1]), 3)).toEqual({
      frame: 3,
      nextId: 3,
      vortices: [
        { id: 0, face: 1, charge: 1, born: 3, origin: "initial" },
        { id: 1, face: 1, charge: 1, born: 3, origin: "initial" },
        { id: 2, face: 3, charge: -1, born: 3, origin: "initial" },
      ],
    })
  })
})

describe("advanceTracker", () => {
  it("keeps ids of static vortices while another moves past them, counting persistence and moves", () => {
    const frames = [0.5, 1.5, 2.5, 3.5, 4.5].map((x) => analyticField(plane, [{ x: 1.5, y: 5.5, n: 1 }, { x: 5.5, y: 1.5, n: -1 }, { x, y: 3.5, n: 1 }]))
    const steps = track(plane, frames)
    for (const [t, step] of steps.entries()) {
      expect(step.persisted).toBe(2)
      expect(step.moved).toBe(1)
      // Ids follow face order at frame 0: the mover (face 3) is 0, then (1.5, 5.5) and (5.5, 1.5).
      expect(step.events).toEqual([{ kind: "move", frame: t + 1, id: 0, from: faceAt(t + 0.5, 3.5), to: faceAt(t + 1.5, 3.5) }])
      expect(step.state.vortices.map((v) => [v.id, v.face, v.charge])).toEqual(
        [
          [1, faceAt(1.5, 5.5), 1],
          [0, faceAt(t + 1.5, 3.5), 1],
          [2, faceAt(5.5, 1.5), -1],
        ].sort((a, b) => a[1]! - b[1]!),
      )
    }
  })

  it("lets a vortex that can stay, stay, when another passes through its face", () => {
    // Three faces in a row (0 | 1 | 2); one unit of current crosses each shared edge to the right.
    const row = planeLattice({ nu: 4, nv: 2 })
    const edgeBetween = (a: number, b: number) => Array.from(row.edges.source).findIndex((s, e) => s === a && row.edges.target[e] === b)
    const currents = new Int32Array(row.edges.source.length)
    // The shared edges run (i, 0) -> (i, 1); faces to their left (-x) walk them forward, so J = +1 moves charge to +x.
    currents[edgeBetween(gridNode(1, 0, 2), gridNode(1, 1, 2))] = 1
    currents[edgeBetween(gridNode(2, 0, 2), gridNode(2, 1, 2))] = 1
    const step = advanceTracker(row, startTracker(Int32Array.from([1, 1, 0])), Int32Array.from([0, 1, 1]), currents)
    expect(step.persisted).toBe(1)
    expect(step.events).toEqual([{ kind: "move", frame: 1, id: 0, from: 0, to: 2 }])
    expect(step.state.vortices.map((v) => [v.id, v.face])).toEqual([
      [1, 1],
      [0, 2],
    ])
  })

  it("reports a vortex leaving through the boundary, and one entering, with lifetimes", () => {
    const out = track(plane, [
      analyticField(plane, [{ x: 2.5, y: 2.5, n: 1 }]),
      analyticField(plane, [{ x: 0.5, y: 2.6, n: 1 }]),
      analyticField(plane, [{ x: -0.5, y: 2.7, n: 1 }]),
    ])
    expect(out[1]!.events).toEqual([{ kind: "exit", frame: 2, id: 0, face: faceAt(0.5, 2.6), edge: expect.any(Number) }])
    expect(out[1]!.ended).toEqual([{ id: 0, born: 0, died: 2, lifetime: 2, origin: "initial", end: "exit" }])
    const exitEdge = (out[1]!.events[0] as { edge: number }).edge
    expect([plane.edges.source[exitEdge], plane.edges.target[exitEdge]].sort()).toEqual([gridNode(0, 2, 7), gridNode(0, 3, 7)])
    const back = track(plane, [analyticField(plane, [{ x: -0.5, y: 2.7, n: -1 }]), analyticField(plane, [{ x: 0.5, y: 2.6, n: -1 }])])
    expect(back[0]!.events).toEqual([{ kind: "entry", frame: 1, id: 0, face: faceAt(0.5, 2.6), edge: exitEdge }])
    expect(back[0]!.state.vortices).toEqual([{ id: 0, face: faceAt(0.5, 2.6), charge: -1, born: 1, origin: "entry" }])
  })

  it("ends created worldlines at annihilation with their lifetimes, and gives later pairs fresh ids", () => {
    const empty = analyticField(plane, [])
    const pair = analyticField(plane, [{ x: 2.5, y: 2.5, n: 1 }, { x: 4.5, y: 3.5, n: -1 }])
    const steps = track(plane, [empty, pair, pair, pair, empty, pair])
    expect(steps[0]!.events).toEqual([{ kind: "creation", frame: 1, ids: [0, 1], faces: [faceAt(2.5, 2.5), faceAt(4.5, 3.5)] }])
    expect(steps[2]!.persisted).toBe(2)
    expect(steps[3]!.events).toEqual([{ kind: "annihilation", frame: 4, ids: [0, 1], faces: [faceAt(2.5, 2.5), faceAt(4.5, 3.5)] }])
    expect(steps[3]!.ended.map((w) => [w.id, w.born, w.died, w.lifetime, w.origin, w.end])).toEqual([
      [0, 1, 4, 3, "creation", "annihilation"],
      [1, 1, 4, 3, "creation", "annihilation"],
    ])
    expect(steps[4]!.events).toEqual([{ kind: "creation", frame: 5, ids: [2, 3], faces: [faceAt(2.5, 2.5), faceAt(4.5, 3.5)] }])
  })

  it("keeps a vortex's id across the Möbius seam, where its charge relative to the face orientation flips", () => {
    const [nu, nv, radius] = [24, 6, 2]
    const band = mobiusLattice({ nu, nv, halfTwists: 1, radius, width: 1 })
    // Near the seam (u = 0) the band lies flat: ζ = y + i(x - R) is a local coordinate across it.
    const field = (y0: number, x0: number): ComplexField => ({
      re: Float64Array.from({ length: band.nodeCount }, (_, i) => band.positions[3 * i + 1]! - y0),
      im: Float64Array.from({ length: band.nodeCount }, (_, i) => band.positions[3 * i]! - radius - x0),
    })
    const [before, after] = [field(-0.25, 0.05), field(0.25, 0.05)]
    const [q0, q1] = [plaquetteCharges(band, before), plaquetteCharges(band, after)]
    const state = startTracker(q0)
    const step = advanceTracker(band, state, q1, vortexCurrents(band, before, after))
    expect(state.vortices).toHaveLength(1)
    expect(step.state.vortices).toHaveLength(1)
    const [was, now] = [state.vortices[0]!, step.state.vortices[0]!]
    const columns = (f: number) =>
      Array.from(new Set(Array.from(band.faces.nodes.subarray(band.faces.offsets[f]!, band.faces.offsets[f + 1]!)).map((n) => Math.floor(n / nv)))).sort(
        (a, b) => a - b,
      )
    expect(columns(was.face)).toEqual([0, nu - 1])
    expect(columns(now.face)).toEqual([0, 1])
    expect(now.id).toBe(was.id)
    expect(now.charge).toBe(-was.charge)
    expect(step.events).toEqual([{ kind: "move", frame: 1, id: was.id, from: was.face, to: now.face }])
  })

  it("continues exactly from a state that went through JSON (a checkpoint)", () => {
    const fields = [
      analyticField(plane, [{ x: 2.5, y: 2.5, n: 1 }]),
      analyticField(plane, [{ x: 3.5, y: 2.5, n: 1 }]),
      analyticField(plane, [{ x: 3.5, y: 4.5, n: 1 }, { x: 1.5, y: 1.5, n: 1 }, { x: 5.5, y: 1.5, n: -1 }]),
    ]
    const first = track(plane, fields.slice(0, 2))[0]!.state
    const restored = JSON.parse(JSON.stringify(first)) as TrackerState
    const charges = plaquetteCharges(plane, fields[2]!)
    const currents = vortexCurrents(plane, fields[1]!, fields[2]!)
    expect(advanceTracker(plane, restored, charges, currents)).toEqual(advanceTracker(plane, first, charges, currents))
  })

  it("rejects charges and currents that break continuity with the state, naming the face", () => {
    const state = startTracker(plaquetteCharges(plane, analyticField(plane, [{ x: 2.5, y: 2.5, n: 1 }])))
    const charges = plaquetteCharges(plane, analyticField(plane, [{ x: 4.5, y: 2.5, n: 1 }]))
    const noCurrents = new Int32Array(plane.edges.source.length)
    expect(() => advanceTracker(plane, state, charges, noCurrents)).toThrow(
      new RegExp(`break continuity at face ${faceAt(2.5, 2.5)}: q\\(t\\) = 1, net outflow 0, q\\(t\\+1\\) = 0`),
    )
  })

  it("rejects a state with a vortex off the lattice or of both signs on one face, and inputs of the wrong length", () => {
    const zeros = new Int32Array(36)
    const currents = new Int32Array(plane.edges.source.length)
    const offLattice: TrackerState = { frame: 0, nextId: 1, vortices: [{ id: 0, face: 36, charge: 1, born: 0, origin: "initial" }] }
    expect(() => advanceTracker(plane, offLattice, zeros, currents)).toThrow(/state vortex 0 must sit on a face in 0..35 with charge ±1, got face 36/)
    const mixed: TrackerState = {
      frame: 0,
      nextId: 2,
      vortices: [
        { id: 0, face: 3, charge: 1, born: 0, origin: "initial" },
        { id: 1, face: 3, charge: -1, born: 0, origin: "initial" },
      ],
    }
    expect(() => advanceTracker(plane, mixed, zeros, currents)).toThrow(/vortices of both signs on face 3/)
    expect(() => advanceTracker(plane, startTracker(zeros), new Int32Array(35), currents)).toThrow(/charges must hold one value per face \(36\), got length 35/)
  })
})
