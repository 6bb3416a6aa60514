/**
 * Per-lattice coefficients of the magnetic Laplacian, computed once and
 * cached (a WeakMap keyed by the lattice, so they go when the lattice goes):
 * w_ij cos A_ij and w_ij sin A_ij per CSR entry, the weighted degree
 * d_i = Σ_j w_ij, and the same in the padded (ELL) layout the tfjs kernel
 * gathers from.
 */
import type { Lattice } from "../lattice/lattice.js"

export interface Links {
  readonly nodeCount: number
  readonly rowStart: Int32Array
  readonly column: Int32Array
  /** w_ij cos A_ij per CSR entry. */
  readonly cosine: Float64Array
  /** w_ij sin A_ij per CSR entry. */
  readonly sine: Float64Array
  /** d_i = Σ_j w_ij. */
  readonly degree: Float64Array
  /** max_i d_i. */
  readonly maxDegree: number
  /** The most neighbours any node has. */
  readonly maxNeighbours: number
}

/**
 * Rows padded to one width (at least 1): entry (i, k) is neighbour k of node i,
 * or node i itself with zero weight where the row is shorter. Regular shapes
 * let the tfjs kernel use gather and a row sum, which every backend runs fast.
 */
export interface PaddedLinks {
  readonly nodeCount: number
  readonly width: number
  readonly column: Int32Array
  readonly cosine: Float64Array
  readonly sine: Float64Array
  readonly degree: Float64Array
}

const linksCache = new WeakMap<Lattice, Links>()
const paddedCache = new WeakMap<Lattice, PaddedLinks>()

const checkAdjacency = (lattice: Lattice): void => {
  const { rowStart, column, weight, phase } = lattice.adjacency
  const entries = column.length
  if (rowStart.length !== lattice.nodeCount + 1 || rowStart[0] !== 0 || rowStart[lattice.nodeCount] !== entries) {
    throw new RangeError(`lattice.adjacency.rowStart must have nodeCount + 1 = ${lattice.nodeCount + 1} offsets from 0 to ${entries}`)
  }
  if (weight.length !== entries || phase.length !== entries) {
    throw new RangeError(`lattice.adjacency weight and phase must hold ${entries} entries, got ${weight.length} and ${phase.length}`)
  }
  for (let k = 0; k < entries; k++) {
    if (!(weight[k]! >= 0 && Number.isFinite(weight[k]))) {
      // Negative weights would break the Laplacian's negative semi-definiteness.
      throw new RangeError(`lattice.adjacency.weight[${k}] must be a finite number >= 0, got ${weight[k]}`)
    }
    if (!Number.isFinite(phase[k])) throw new RangeError(`lattice.adjacency.phase[${k}] must be a finite number, got ${phase[k]}`)
    const j = column[k]!
    if (!(j >= 0 && j < lattice.nodeCount)) throw new RangeError(`lattice.adjacency.column[${k}] must be a node in 0..${lattice.nodeCount - 1}, got ${j}`)
  }
}

const computeLinks = (lattice: Lattice): Links => {
  checkAdjacency(lattice)
  const { rowStart, column, weight, phase } = lattice.adjacency
  const cosine = new Float64Array(column.length)
  const sine = new Float64Array(column.length)
  const degree = new Float64Array(lattice.nodeCount)
  let maxDegree = 0
  let maxNeighbours = 0
  for (let i = 0; i < lattice.nodeCount; i++) {
    let d = 0
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
      cosine[k] = weight[k]! * Math.cos(phase[k]!)
      sine[k] = weight[k]! * Math.sin(phase[k]!)
      d += weight[k]!
    }
    degree[i] = d
    maxDegree = Math.max(maxDegree, d)
    maxNeighbours = Math.max(maxNeighbours, rowStart[i + 1]! - rowStart[i]!)
  }
  return { nodeCount: lattice.nodeCount, rowStart, column, cosine, sine, degree, maxDegree, maxNeighbours }
}

export const linksOf = (lattice: Lattice): Links => {
  let links = linksCache.get(lattice)
  if (links === undefined) {
    links = computeLinks(lattice)
    linksCache.set(lattice, links)
  }
  return links
}

const computePadded = (links: Links): PaddedLinks => {
  const width = Math.max(1, links.maxNeighbours)
  const column = new Int32Array(links.nodeCount * width)
  const cosine = new Float64Array(links.nodeCount * width)
  const sine = new Float64Array(links.nodeCount * width)
  for (let i = 0; i < links.nodeCount; i++) {
    const start = links.rowStart[i]!
    const length = links.rowStart[i + 1]! - start
    for (let k = 0; k < width; k++) {
      const at = i * width + k
      column[at] = k < length ? links.column[start + k]! : i
      cosine[at] = k < length ? links.cosine[start + k]! : 0
      sine[at] = k < length ? links.sine[start + k]! : 0
    }
  }
  return { nodeCount: links.nodeCount, width, column, cosine, sine, degree: links.degree }
}

export const paddedLinksOf = (lattice: Lattice): PaddedLinks => {
  let padded = paddedCache.get(lattice)
  if (padded === undefined) {
    padded = computePadded(linksOf(lattice))
    paddedCache.set(lattice, padded)
  }
  return padded
}

/**
 * Gershgorin bound on the spectral radius of L: row i of L has diagonal -d_i
 * and off-diagonal moduli summing to d_i, so every eigenvalue lies in
 * [-2 max_i d_i, 0].
 */
export const spectralBound = (lattice: Lattice): number => 2 * linksOf(lattice).maxDegree
