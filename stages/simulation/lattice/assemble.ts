/**
 * Turns a builder's raw parts (positions, chart and its gluing, edge list,
 * faces) into a Lattice: the CSR adjacency, the face-edge incidence, the
 * boundary cycles and the orientability are derived here, from the faces, for
 * every geometry alike.
 */
import { buildAdjacency } from "./adjacency.js"
import type { ChartGluing, EdgeList, Faces, Geometry, Lattice } from "./lattice.js"
import { boundaryCycles, computeIncidence, orient, rememberIncidence } from "./topology.js"

export interface LatticeParts {
  readonly geometry: Geometry
  readonly positions: Float64Array
  readonly chart: Float64Array
  /** Omitted: { kind: "none" }, a chart glued nowhere. */
  readonly gluing?: ChartGluing
  /** Omitted: every node on strip 0. */
  readonly strip?: Int32Array
  readonly edges: EdgeList
  readonly faces: Faces
  readonly parameters: Readonly<Record<string, number | string>>
}

const checkPeriod = (name: string, period: number): void => {
  if (typeof period !== "number" || !Number.isFinite(period) || period <= 0) {
    throw new RangeError(`gluing.${name} must be a finite number > 0, got ${String(period)}`)
  }
}

const checkGluing = (gluing: ChartGluing): ChartGluing => {
  if (gluing.kind === "seam") {
    checkPeriod("uPeriod", gluing.uPeriod)
    if (gluing.vPeriod !== null) checkPeriod("vPeriod", gluing.vPeriod)
  }
  return gluing
}

export const assembleLattice = (parts: LatticeParts): Lattice => {
  const nodeCount = parts.positions.length / 3
  if (!Number.isInteger(nodeCount) || parts.chart.length !== 2 * nodeCount) {
    throw new RangeError(`positions (${parts.positions.length}) and chart (${parts.chart.length}) must hold 3 and 2 numbers per node`)
  }
  const strip = parts.strip ?? new Int32Array(nodeCount)
  if (strip.length !== nodeCount) throw new RangeError(`strip must hold one index per node (${nodeCount}), got ${strip.length}`)
  const gluing = checkGluing(parts.gluing ?? { kind: "none" })
  const { adjacency, entryEdge } = buildAdjacency(nodeCount, parts.edges)
  const incidence = computeIncidence(adjacency, entryEdge, parts.edges, parts.faces)
  const orientation = orient(parts.faces, incidence)
  const lattice: Lattice = {
    geometry: parts.geometry,
    nodeCount,
    positions: parts.positions,
    chart: parts.chart,
    gluing,
    strip,
    edges: parts.edges,
    adjacency,
    faces: parts.faces,
    boundaries: boundaryCycles(nodeCount, parts.edges, incidence.edgeFaces, orientation),
    orientable: orientation.orientable,
    parameters: parts.parameters,
  }
  rememberIncidence(lattice, incidence)
  return lattice
}
