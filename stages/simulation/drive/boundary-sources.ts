/**
 * Drive sources along a band's boundary cycles: spread evenly by arc length
 * over all cycles, then moved off the band, outward across its edge, along the
 * in-surface normal of the boundary.
 */
import type { Faces, Lattice } from "../lattice/lattice.js"
import { checkPoints } from "./point-cloud.js"

/** Where each source sits on the boundary polylines: segment `segment` of cycle `cycle`, at `fraction` of its length. */
export interface CycleLocations {
  readonly cycle: Int32Array
  /** Segment i of a cycle runs from its node i to node i + 1 (cyclically). */
  readonly segment: Int32Array
  readonly fraction: Float64Array
}

const distance = (positions: Float64Array, a: number, b: number): number =>
  Math.hypot(positions[3 * b]! - positions[3 * a]!, positions[3 * b + 1]! - positions[3 * a + 1]!, positions[3 * b + 2]! - positions[3 * a + 2]!)

const checkCycles = (op: string, nodeCount: number, cycles: readonly Int32Array[]): void => {
  if (cycles.length === 0) throw new RangeError(`${op}: the lattice has no boundary cycles (a closed surface); use sphere sources`)
  cycles.forEach((cycle, c) => {
    if (cycle.length < 2) throw new RangeError(`${op}: boundary cycle ${c} must have at least 2 nodes, got ${cycle.length}`)
    for (const node of cycle) {
      if (!Number.isInteger(node) || node < 0 || node >= nodeCount) {
        throw new RangeError(`${op}: boundary cycle ${c} names node ${node}, outside [0, ${nodeCount - 1}]`)
      }
    }
  })
}

/**
 * `count` locations at arc lengths (j + 1/2) L / count, j = 0 .. count-1, along
 * the cycles taken one after another (L their total length), so neighbouring
 * sources are L / count apart along the boundary wherever they are.
 */
export const spreadAlongCycles = (positions: Float64Array, cycles: readonly Int32Array[], count: number): CycleLocations => {
  const nodeCount = checkPoints("spreadAlongCycles", "positions", positions)
  checkCycles("spreadAlongCycles", nodeCount, cycles)
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`spreadAlongCycles: count must be an integer >= 1, got ${count}`)
  let total = 0
  for (const cycle of cycles) for (let i = 0; i < cycle.length; i++) total += distance(positions, cycle[i]!, cycle[(i + 1) % cycle.length]!)
  if (!(total > 0)) throw new RangeError(`spreadAlongCycles: the boundary cycles must have positive length, got ${total}`)
  const locations: CycleLocations = { cycle: new Int32Array(count), segment: new Int32Array(count), fraction: new Float64Array(count) }
  let j = 0
  let start = 0
  cycles.forEach((cycle, c) => {
    for (let i = 0; i < cycle.length; i++) {
      const length = distance(positions, cycle[i]!, cycle[(i + 1) % cycle.length]!)
      const end = start + length
      // The very last segment takes any source that rounding pushed past the total length.
      const last = c === cycles.length - 1 && i === cycle.length - 1
      while (j < count && (((j + 0.5) * total) / count < end || last)) {
        locations.cycle[j] = c
        locations.segment[j] = i
        locations.fraction[j] = length > 0 ? Math.min(1, (((j + 0.5) * total) / count - start) / length) : 0
        j++
      }
      start = end
    }
  })
  return locations
}

/** For each node, the faces containing it and the slot (index into faces.nodes) where it appears. */
const facesOfNodes = (nodeCount: number, faces: Faces) => {
  const start = new Int32Array(nodeCount + 1)
  for (const node of faces.nodes) start[node + 1]++
  for (let n = 0; n < nodeCount; n++) start[n + 1] += start[n]!
  const fill = start.slice(0, nodeCount)
  const slot = new Int32Array(faces.nodes.length)
  const face = new Int32Array(faces.nodes.length)
  for (let f = 0; f + 1 < faces.offsets.length; f++) {
    for (let t = faces.offsets[f]!; t < faces.offsets[f + 1]!; t++) {
      const node = faces.nodes[t]!
      face[fill[node]!] = f
      slot[fill[node]!] = t
      fill[node]++
    }
  }
  return { start, face, slot }
}

type NodeFaces = ReturnType<typeof facesOfNodes>

/**
 * The in-surface outward unit normal of the boundary at `node` (cycle
 * neighbours `prev`, `next`): from the mean of the node's inward neighbours in
 * the faces across its two boundary edges (the face's centroid at a corner,
 * where that face has none) to the node, with its component along the
 * boundary tangent removed. On a grid the inward neighbour is the next row in,
 * so the normal is exact for surfaces linear across the width (the Möbius band).
 */
const outwardNormal = (positions: Float64Array, faces: Faces, incidence: NodeFaces, prev: number, node: number, next: number) => {
  const reference = [0, 0, 0]
  let weight = 0
  const add = (x: number, y: number, z: number) => {
    reference[0] += x
    reference[1] += y
    reference[2] += z
    weight++
  }
  for (let k = incidence.start[node]!; k < incidence.start[node + 1]!; k++) {
    const f = incidence.face[k]!
    const t = incidence.slot[k]!
    const first = faces.offsets[f]!
    const end = faces.offsets[f + 1]!
    const before = faces.nodes[t > first ? t - 1 : end - 1]!
    const after = faces.nodes[t + 1 < end ? t + 1 : first]!
    const onBoundary = (n: number) => n === prev || n === next
    // Only faces across a boundary edge at `node`: each boundary edge lies in exactly one face.
    if (!onBoundary(before) && !onBoundary(after)) continue
    const inward = [before, after].filter((n) => !onBoundary(n))
    if (inward.length === 0) {
      const size = end - first
      let x = 0
      let y = 0
      let z = 0
      for (let s = first; s < end; s++) {
        x += positions[3 * faces.nodes[s]!]!
        y += positions[3 * faces.nodes[s]! + 1]!
        z += positions[3 * faces.nodes[s]! + 2]!
      }
      add(x / size, y / size, z / size)
    }
    for (const n of inward) add(positions[3 * n]!, positions[3 * n + 1]!, positions[3 * n + 2]!)
  }
  if (weight === 0) throw new RangeError(`boundarySources: boundary node ${node} lies in no face across its boundary edges`)
  const d = [0, 1, 2].map((a) => positions[3 * node + a]! - reference[a]! / weight)
  const tangent = [0, 1, 2].map((a) => positions[3 * next + a]! - positions[3 * prev + a]!)
  const tt = tangent[0]! ** 2 + tangent[1]! ** 2 + tangent[2]! ** 2
  const along = tt > 0 ? (d[0]! * tangent[0]! + d[1]! * tangent[1]! + d[2]! * tangent[2]!) / tt : 0
  const normal = d.map((value, a) => value - along * tangent[a]!)
  const size = Math.hypot(normal[0]!, normal[1]!, normal[2]!)
  if (!(size > 0)) throw new RangeError(`boundarySources: the boundary has no outward direction at node ${node}`)
  return normal.map((value) => value / size)
}

/**
 * `count` sources spread evenly along the lattice's boundary cycles (see
 * spreadAlongCycles), each moved `offset` (a length) along the outward normal
 * interpolated between its segment's end nodes.
 */
export const boundarySources = (
  lattice: Pick<Lattice, "positions" | "boundaries" | "faces">,
  count: number,
  offset: number,
): Float64Array => {
  const { positions, boundaries, faces } = lattice
  if (!Number.isFinite(offset) || offset < 0) throw new RangeError(`boundarySources: offset must be a finite number >= 0, got ${offset}`)
  const locations = spreadAlongCycles(positions, boundaries, count)
  const incidence = facesOfNodes(positions.length / 3, faces)
  const normals = boundaries.map((cycle) => {
    const out = new Float64Array(3 * cycle.length)
    for (let i = 0; i < cycle.length; i++) {
      const prev = cycle[(i + cycle.length - 1) % cycle.length]!
      const next = cycle[(i + 1) % cycle.length]!
      out.set(outwardNormal(positions, faces, incidence, prev, cycle[i]!, next), 3 * i)
    }
    return out
  })
  const sources = new Float64Array(3 * count)
  for (let j = 0; j < count; j++) {
    const cycle = boundaries[locations.cycle[j]!]!
    const normal = normals[locations.cycle[j]!]!
    const i = locations.segment[j]!
    const k = (i + 1) % cycle.length
    const f = locations.fraction[j]!
    const blended = [0, 1, 2].map((a) => (1 - f) * normal[3 * i + a]! + f * normal[3 * k + a]!)
    const size = Math.hypot(blended[0]!, blended[1]!, blended[2]!)
    for (let a = 0; a < 3; a++) {
      const base = (1 - f) * positions[3 * cycle[i]! + a]! + f * positions[3 * cycle[k]! + a]!
      // Opposite end normals (a fold) blend to zero; the segment's first normal then stands in.
      const direction = size > 0 ? blended[a]! / size : normal[3 * i + a]!
      sources[3 * j + a] = base + offset * direction
    }
  }
  return sources
}
