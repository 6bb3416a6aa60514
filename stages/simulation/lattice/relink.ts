/**
 * Changing a lattice's links after it is built: the twist holonomy α carried
 * by the seam edges, and the weight of the tokamak's inter-strip edges. A
 * controller that moves either gets a copy of the lattice with those edges
 * changed, equal to what the builder makes for the new value; positions,
 * chart, faces and topology are shared with the original.
 */
import { buildAdjacency } from "./adjacency.js"
import type { EdgeList, Lattice } from "./lattice.js"
import { latticeIncidence, rememberIncidence } from "./topology.js"

/**
 * The edges that cross the u seam, stored (as every builder stores them) from
 * the last column (u near the period) to the first (u = 0), within one strip.
 * Empty for lattices without a seam (the sphere, the plane).
 */
export const seamEdges = (lattice: Lattice): Int32Array => {
  const { gluing, chart, strip, edges } = lattice
  if (gluing.kind !== "seam") return new Int32Array(0)
  const found: number[] = []
  for (let e = 0; e < edges.source.length; e++) {
    const a = edges.source[e]!
    const b = edges.target[e]!
    if (strip[a] === strip[b] && chart[2 * a]! - chart[2 * b]! > gluing.uPeriod / 2) found.push(e)
  }
  return Int32Array.from(found)
}

/** The edges joining nodes of different strips (the tokamak's couplings); empty for one-strip lattices. */
export const interStripEdges = (lattice: Lattice): Int32Array => {
  const { strip, edges } = lattice
  const found: number[] = []
  for (let e = 0; e < edges.source.length; e++) if (strip[edges.source[e]!] !== strip[edges.target[e]!]) found.push(e)
  return Int32Array.from(found)
}

/** New link values for some edges: the phase A (source -> target) and/or the weight w of each. */
export interface LinkChange {
  readonly edges: Int32Array
  readonly phase?: number
  readonly weight?: number
}

const checkChange = (lattice: Lattice, change: LinkChange): void => {
  const count = lattice.edges.source.length
  for (const e of change.edges) {
    if (!(e >= 0 && e < count)) throw new RangeError(`relink: edge ${e} is not an edge of the lattice (0..${count - 1})`)
  }
  if (change.phase !== undefined && !Number.isFinite(change.phase)) throw new RangeError(`relink: phase must be a finite number, got ${change.phase}`)
  if (change.weight !== undefined && !(change.weight >= 0 && Number.isFinite(change.weight))) {
    throw new RangeError(`relink: weight must be a finite number >= 0, got ${change.weight}`)
  }
}

/**
 * A copy of the lattice with the given edges' links replaced (later changes
 * win where they share an edge) and `parameters` updated; the face-edge
 * incidence is the original's (links do not change it), so it is not
 * computed again.
 */
export const relink = (lattice: Lattice, changes: readonly LinkChange[], parameters: Readonly<Record<string, number>> = {}): Lattice => {
  for (const change of changes) checkChange(lattice, change)
  const weight = Float64Array.from(lattice.edges.weight)
  const phase = Float64Array.from(lattice.edges.phase)
  for (const change of changes) {
    for (const e of change.edges) {
      if (change.phase !== undefined) phase[e] = change.phase
      if (change.weight !== undefined) weight[e] = change.weight
    }
  }
  const edges: EdgeList = { source: lattice.edges.source, target: lattice.edges.target, weight, phase }
  const relinked: Lattice = {
    ...lattice,
    edges,
    adjacency: buildAdjacency(lattice.nodeCount, edges).adjacency,
    parameters: { ...lattice.parameters, ...parameters },
  }
  rememberIncidence(relinked, latticeIncidence(lattice))
  return relinked
}
