/**
 * Turns a builder's raw parts (positions, chart, edge list, faces) into a
 * Lattice: the CSR adjacency, the boundary cycles and the orientability are
 * derived here, from the faces, for every geometry alike.
 */
import { buildAdjacency } from "./adjacency.js"
import type { EdgeList, Faces, Geometry, Lattice } from "./lattice.js"
import { boundaryCycles, edgeFaces, faceEdges, orient } from "./topology.js"

export interface LatticeParts {
  readonly geometry: Geometry
  readonly positions: Float64Array
  readonly chart: Float64Array
  /** Omitted: every node on strip 0. */
  readonly strip?: Int32Array
  readonly edges: EdgeList
  readonly faces: Faces
  readonly parameters: Readonly<Record<string, number | string>>
}

export const assembleLattice = (parts: LatticeParts): Lattice => {
  const nodeCount = parts.positions.length / 3
  if (!Number.isInteger(nodeCount) || parts.chart.length !== 2 * nodeCount) {
    throw new RangeError(`positions (${parts.positions.length}) and chart (${parts.chart.length}) must hold 3 and 2 numbers per node`)
  }
  const strip = parts.strip ?? new Int32Array(nodeCount)
  if (strip.length !== nodeCount) throw new RangeError(`strip must hold one index per node (${nodeCount}), got ${strip.length}`)
  const { adjacency, entryEdge } = buildAdjacency(nodeCount, parts.edges)
  const incidence = faceEdges(adjacency, entryEdge, parts.edges, parts.faces)
  const adjacentFaces = edgeFaces(parts.edges.source.length, parts.faces, incidence)
  const orientation = orient(parts.faces, incidence, adjacentFaces)
  return {
    geometry: parts.geometry,
    nodeCount,
    positions: parts.positions,
    chart: parts.chart,
    strip,
    edges: parts.edges,
    adjacency,
    faces: parts.faces,
    boundaries: boundaryCycles(nodeCount, parts.edges, adjacentFaces, orientation),
    orientable: orientation.orientable,
    parameters: parts.parameters,
  }
}
