/**
 * The symmetric CSR adjacency built from an undirected edge list: each edge
 * appears in both endpoint rows, with A_ji = -A_ij, and each row is sorted by
 * column so kernels walk neighbours in a fixed order.
 */
import type { Adjacency, EdgeList } from "./lattice.js"

export interface IndexedAdjacency {
  readonly adjacency: Adjacency
  /** For each CSR entry, the index of the undirected edge it came from. */
  readonly entryEdge: Int32Array
}

const checkEndpoints = (nodeCount: number, edges: EdgeList): void => {
  for (let e = 0; e < edges.source.length; e++) {
    const a = edges.source[e]!
    const b = edges.target[e]!
    if (a < 0 || a >= nodeCount || b < 0 || b >= nodeCount) {
      throw new RangeError(`edge ${e} (${a} - ${b}) has an endpoint outside 0..${nodeCount - 1}`)
    }
    if (a === b) throw new RangeError(`edge ${e} is a self-loop at node ${a}`)
  }
}

/** Sorts row entries [start, end) by column (insertion sort: rows are short) and rejects repeated edges. */
const sortRow = (
  start: number,
  end: number,
  row: number,
  column: Int32Array,
  weight: Float64Array,
  phase: Float64Array,
  entryEdge: Int32Array,
): void => {
  for (let k = start + 1; k < end; k++) {
    const c = column[k]!
    const w = weight[k]!
    const p = phase[k]!
    const e = entryEdge[k]!
    let m = k - 1
    while (m >= start && column[m]! > c) {
      column[m + 1] = column[m]!
      weight[m + 1] = weight[m]!
      phase[m + 1] = phase[m]!
      entryEdge[m + 1] = entryEdge[m]!
      m--
    }
    column[m + 1] = c
    weight[m + 1] = w
    phase[m + 1] = p
    entryEdge[m + 1] = e
  }
  for (let k = start + 1; k < end; k++) {
    if (column[k] === column[k - 1]) throw new RangeError(`nodes ${row} and ${column[k]} are joined by more than one edge`)
  }
}

export const buildAdjacency = (nodeCount: number, edges: EdgeList): IndexedAdjacency => {
  checkEndpoints(nodeCount, edges)
  const edgeCount = edges.source.length
  const rowStart = new Int32Array(nodeCount + 1)
  for (let e = 0; e < edgeCount; e++) {
    rowStart[edges.source[e]! + 1]++
    rowStart[edges.target[e]! + 1]++
  }
  for (let i = 0; i < nodeCount; i++) rowStart[i + 1] += rowStart[i]!
  const fill = rowStart.slice(0, nodeCount)
  const column = new Int32Array(2 * edgeCount)
  const weight = new Float64Array(2 * edgeCount)
  const phase = new Float64Array(2 * edgeCount)
  const entryEdge = new Int32Array(2 * edgeCount)
  const put = (row: number, col: number, w: number, a: number, e: number) => {
    const k = fill[row]!++
    column[k] = col
    weight[k] = w
    phase[k] = a
    entryEdge[k] = e
  }
  for (let e = 0; e < edgeCount; e++) {
    const a = edges.source[e]!
    const b = edges.target[e]!
    put(a, b, edges.weight[e]!, edges.phase[e]!, e)
    put(b, a, edges.weight[e]!, -edges.phase[e]!, e)
  }
  for (let i = 0; i < nodeCount; i++) sortRow(rowStart[i]!, rowStart[i + 1]!, i, column, weight, phase, entryEdge)
  return { adjacency: { rowStart, column, weight, phase }, entryEdge }
}

/** The CSR entry of (row, col), or -1 when they are not neighbours (binary search: rows are sorted). */
export const findEntry = (adjacency: Adjacency, row: number, col: number): number => {
  let low = adjacency.rowStart[row]!
  let high = adjacency.rowStart[row + 1]! - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const c = adjacency.column[mid]!
    if (c === col) return mid
    if (c < col) low = mid + 1
    else high = mid - 1
  }
  return -1
}
