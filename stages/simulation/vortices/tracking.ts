/**
 * Vortex tracking: worldlines assembled from plaquette charges and vortex
 * currents, one frame at a time, with stable ids and events.
 *
 * Picture each face f over one step as a prism in space-time. Charge enters it
 * through the bottom (q_f(t)), leaves through the top (q_f(t+1)) and through
 * its sides (direction · J per slot); continuity makes the prism's in-flow
 * zero. Split every charge into units ("ends"), each with an in-value ±1:
 *   bottom unit of q_f(t):   sgn q_f(t)
 *   top unit of q_f(t+1):   -sgn q_f(t+1)
 *   side unit of slot s:    -sgn(direction_s · J_edge)
 * and pair every +1 end with a -1 end of the same prism. A side unit continues
 * into the prism of the face across its edge (the k-th unit of that edge in one
 * face joins the k-th in the other), or ends on the boundary. Following pairs
 * and edge crossings from a bottom or top unit traces a worldline segment to
 * another bottom or top unit or to the boundary:
 *   bottom - top       the vortex persists (or moves, when the faces differ) and keeps its id
 *   top - top          pair creation: two new ids
 *   bottom - bottom    pair annihilation: both worldlines end
 *   bottom - boundary  the vortex leaves through the boundary
 *   top - boundary     a vortex enters through the boundary: a new id
 * Within a prism, units pair bottom-top first (a vortex that can stay, stays),
 * then bottom-side, top-side, side-side; any pairing is a valid decomposition
 * of the same integer flow, this order is the one with the least motion.
 *
 * Charges are relative to each face's own orientation, so on a non-orientable
 * surface a vortex crossing the orientation-reversing seam keeps its id while
 * its recorded charge changes sign.
 */
import type { Lattice } from "../lattice/lattice.js"
import { faceEdgeTable, type FaceEdgeTable } from "./face-edges.js"
import { checkPerItem } from "./validate.js"

export type VortexOrigin = "initial" | "creation" | "entry"
export type VortexEnd = "annihilation" | "exit"

export interface TrackedVortex {
  readonly id: number
  readonly face: number
  /** ±1, relative to the orientation of its face (the cycle order in lattice.faces). */
  readonly charge: number
  /** The frame at which the worldline was first seen. */
  readonly born: number
  /** How it began: present when tracking started, created in a pair, or entered through the boundary. */
  readonly origin: VortexOrigin
}

/** Everything the tracker carries from frame to frame; plain JSON, so a checkpoint can hold it. */
export interface TrackerState {
  readonly frame: number
  readonly nextId: number
  /** One entry per unit of charge present at `frame`, ordered by face, then id. */
  readonly vortices: readonly TrackedVortex[]
}

export type VortexEvent =
  | { readonly kind: "creation"; readonly frame: number; readonly ids: readonly [number, number]; readonly faces: readonly [number, number] }
  | { readonly kind: "annihilation"; readonly frame: number; readonly ids: readonly [number, number]; readonly faces: readonly [number, number] }
  | { readonly kind: "move"; readonly frame: number; readonly id: number; readonly from: number; readonly to: number }
  | { readonly kind: "entry"; readonly frame: number; readonly id: number; readonly face: number; readonly edge: number }
  | { readonly kind: "exit"; readonly frame: number; readonly id: number; readonly face: number; readonly edge: number }

/** A worldline that ended in this step. */
export interface EndedWorldline {
  readonly id: number
  readonly born: number
  /** The first frame at which it no longer exists. */
  readonly died: number
  /** died - born: the number of frames it was present (a lower bound when origin is "initial"). */
  readonly lifetime: number
  readonly origin: VortexOrigin
  readonly end: VortexEnd
}

export interface TrackerStep {
  readonly state: TrackerState
  /** Creations, annihilations, moves, entries and exits, in a deterministic order. */
  readonly events: readonly VortexEvent[]
  readonly ended: readonly EndedWorldline[]
  /** Worldlines that continued in the same face. */
  readonly persisted: number
  /** Worldlines that continued in another face (each also a "move" event). */
  readonly moved: number
}

/** The tracker at the first frame: every unit of charge starts a worldline. */
export const startTracker = (charges: Int32Array, frame = 0): TrackerState => {
  if (!Number.isSafeInteger(frame)) throw new RangeError(`startTracker: frame must be an integer, got ${frame}`)
  const vortices: TrackedVortex[] = []
  charges.forEach((q, face) => {
    for (let k = 0; k < Math.abs(q); k++) vortices.push({ id: vortices.length, face, charge: Math.sign(q), born: frame, origin: "initial" })
  })
  return { frame, nextId: vortices.length, vortices }
}

const BOTTOM = 0
const TOP = 1
const SIDE = 2
/** link value of a side unit whose edge has no face on the other side. */
const BOUNDARY = -1

/** The ends of one step, struct-of-arrays. */
class Ends {
  readonly face: number[] = []
  readonly kind: number[] = []
  readonly value: number[] = []
  /** Bottom: index into the previous state's vortices; side: the edge. */
  readonly ref: number[] = []
  readonly partner: number[] = []
  readonly link: number[] = []

  add(face: number, kind: number, value: number, ref: number): number {
    this.face.push(face)
    this.kind.push(kind)
    this.value.push(value)
    this.ref.push(ref)
    this.partner.push(-1)
    this.link.push(BOUNDARY)
    return this.face.length - 1
  }
}

/** Pairs +1 with -1 ends of one prism, bottom-top first (see the module comment). */
const pairWithinPrism = (ends: Ends, members: readonly number[]): void => {
  const stacks = [
    [[], []],
    [[], []],
    [[], []],
  ] as number[][][]
  for (const end of members) stacks[ends.kind[end]!]![ends.value[end]! > 0 ? 0 : 1]!.push(end)
  const pair = (plus: number[], minus: number[]) => {
    while (plus.length > 0 && minus.length > 0) {
      const a = plus.shift()!
      const b = minus.shift()!
      ends.partner[a] = b
      ends.partner[b] = a
    }
  }
  for (const [x, y] of [
    [BOTTOM, TOP],
    [BOTTOM, SIDE],
    [TOP, SIDE],
    [SIDE, SIDE],
  ] as const) {
    pair(stacks[x]![0]!, stacks[y]![1]!)
    pair(stacks[y]![0]!, stacks[x]![1]!)
  }
}

const checkState = (table: FaceEdgeTable, state: TrackerState): Int32Array => {
  const before = new Int32Array(table.faceCount)
  for (const v of state.vortices) {
    if (!Number.isInteger(v.face) || v.face < 0 || v.face >= table.faceCount || (v.charge !== 1 && v.charge !== -1)) {
      throw new RangeError(`advanceTracker: state vortex ${v.id} must sit on a face in 0..${table.faceCount - 1} with charge ±1, got face ${v.face}, charge ${v.charge}`)
    }
    // A face's units all share the sign of its charge; opposite units on one face would be an unrecorded annihilation.
    if (before[v.face]! * v.charge < 0) throw new RangeError(`advanceTracker: state holds vortices of both signs on face ${v.face}`)
    before[v.face]! += v.charge
  }
  return before
}

const checkContinuity = (table: FaceEdgeTable, before: Int32Array, charges: Int32Array, currents: Int32Array): void => {
  for (let f = 0; f < table.faceCount; f++) {
    let outflow = 0
    for (let t = table.offsets[f]!; t < table.offsets[f + 1]!; t++) outflow += table.direction[t]! * currents[table.edge[t]!]!
    if (before[f]! - outflow !== charges[f]) {
      throw new RangeError(
        `advanceTracker: charges and currents break continuity at face ${f}: q(t) = ${before[f]}, net outflow ${outflow}, q(t+1) = ${charges[f]}`,
      )
    }
  }
}

/** Builds every prism's ends and pairs them; returns the ends and, per face, its top ends. */
const buildEnds = (table: FaceEdgeTable, state: TrackerState, before: Int32Array, charges: Int32Array, currents: Int32Array) => {
  const ends = new Ends()
  const bottomsOf = new Map<number, number[]>()
  state.vortices.forEach((v, index) => {
    const list = bottomsOf.get(v.face) ?? []
    list.push(index)
    bottomsOf.set(v.face, list)
  })
  // First end of each (edge, incidence) block of side units, to join the two faces of an edge.
  const sideBlock = new Map<number, number>()
  const topsOf = new Map<number, number[]>()
  for (let f = 0; f < table.faceCount; f++) {
    const start = table.offsets[f]!
    const end = table.offsets[f + 1]!
    let active = before[f] !== 0 || charges[f] !== 0
    for (let t = start; t < end && !active; t++) active = currents[table.edge[t]!] !== 0
    if (!active) continue
    const members: number[] = []
    for (const index of bottomsOf.get(f) ?? []) members.push(ends.add(f, BOTTOM, state.vortices[index]!.charge, index))
    const tops: number[] = []
    for (let k = 0; k < Math.abs(charges[f]!); k++) tops.push(ends.add(f, TOP, -Math.sign(charges[f]!), -1))
    members.push(...tops)
    topsOf.set(f, tops)
    for (let t = start; t < end; t++) {
      const e = table.edge[t]!
      const flow = table.direction[t]! * currents[e]!
      if (flow === 0) continue
      const incidence = table.edgeFace[2 * e] === f ? 0 : 1
      for (let k = 0; k < Math.abs(flow); k++) {
        const unit = ends.add(f, SIDE, -Math.sign(flow), e)
        if (k === 0) sideBlock.set(2 * e + incidence, unit)
        members.push(unit)
      }
    }
    pairWithinPrism(ends, members)
  }
  for (const [key, first] of sideBlock) {
    const e = key >> 1
    if (table.edgeFaceCount[e] !== 2) continue
    const other = sideBlock.get(key ^ 1)!
    for (let k = 0; k < Math.abs(currents[e]!); k++) ends.link[first + k] = other + k
  }
  return { ends, topsOf }
}

/** Follows pairs and edge crossings from a bottom or top end to the other terminal: an end index, or BOUNDARY with the edge crossed. */
const follow = (ends: Ends, start: number, visited: Uint8Array): { readonly terminal: number; readonly edge: number } => {
  let current = start
  visited[current] = 1
  for (;;) {
    const partner = ends.partner[current]!
    visited[partner] = 1
    if (ends.kind[partner] !== SIDE) return { terminal: partner, edge: -1 }
    const across = ends.link[partner]!
    if (across === BOUNDARY) return { terminal: BOUNDARY, edge: ends.ref[partner]! }
    visited[across] = 1
    current = across
  }
}

/**
 * One step: the tracker at frame t, the charges at t+1 and the currents from t
 * to t+1 (vortexCurrents) give the tracker at t+1, the events of the step and
 * the worldlines that ended. Fails when the charges and currents do not
 * satisfy continuity with the state's charges (they come from other frames).
 */
export const advanceTracker = (lattice: Lattice, state: TrackerState, charges: Int32Array, currents: Int32Array): TrackerStep => {
  const table = faceEdgeTable(lattice)
  checkPerItem("advanceTracker", "charges", charges, table.faceCount, "face")
  checkPerItem("advanceTracker", "currents", currents, table.edgeCount, "edge")
  const before = checkState(table, state)
  checkContinuity(table, before, charges, currents)
  const frame = state.frame + 1
  const { ends, topsOf } = buildEnds(table, state, before, charges, currents)
  const visited = new Uint8Array(ends.face.length)
  const assigned = new Map<number, TrackedVortex>()
  const events: VortexEvent[] = []
  const ended: EndedWorldline[] = []
  let nextId = state.nextId
  let persisted = 0
  let moved = 0
  const previous = (bottom: number) => state.vortices[ends.ref[bottom]!]!
  const finish = (bottom: number, how: VortexEnd): TrackedVortex => {
    const v = previous(bottom)
    ended.push({ id: v.id, born: v.born, died: frame, lifetime: frame - v.born, origin: v.origin, end: how })
    return v
  }
  const place = (top: number, id: number, born: number, origin: VortexOrigin): number => {
    assigned.set(top, { id, face: ends.face[top]!, charge: -ends.value[top]!, born, origin })
    return id
  }
  const fresh = (top: number, origin: VortexOrigin): number => place(top, nextId++, frame, origin)
  for (let start = 0; start < ends.face.length; start++) {
    if (visited[start] === 1 || ends.kind[start] === SIDE) continue
    const { terminal, edge } = follow(ends, start, visited)
    const startKind = ends.kind[start]!
    if (terminal === BOUNDARY) {
      if (startKind === BOTTOM) {
        const v = finish(start, "exit")
        events.push({ kind: "exit", frame, id: v.id, face: v.face, edge })
      } else {
        events.push({ kind: "entry", frame, id: fresh(start, "entry"), face: ends.face[start]!, edge })
      }
      continue
    }
    const terminalKind = ends.kind[terminal]!
    if (startKind === TOP && terminalKind === TOP) {
      const ids = [fresh(start, "creation"), fresh(terminal, "creation")] as const
      events.push({ kind: "creation", frame, ids, faces: [ends.face[start]!, ends.face[terminal]!] })
    } else if (startKind === BOTTOM && terminalKind === BOTTOM) {
      const a = finish(start, "annihilation")
      const b = finish(terminal, "annihilation")
      events.push({ kind: "annihilation", frame, ids: [a.id, b.id], faces: [a.face, b.face] })
    } else {
      const [bottom, top] = startKind === BOTTOM ? [start, terminal] : [terminal, start]
      const v = previous(bottom)
      place(top, v.id, v.born, v.origin)
      if (v.face === ends.face[top]) persisted++
      else {
        moved++
        events.push({ kind: "move", frame, id: v.id, from: v.face, to: ends.face[top]! })
      }
    }
  }
  const vortices: TrackedVortex[] = []
  for (const tops of topsOf.values()) for (const top of tops) vortices.push(assigned.get(top)!)
  vortices.sort((a, b) => a.face - b.face || a.id - b.id)
  return { state: { frame, nextId, vortices }, events, ended, persisted, moved }
}
