/**
 * Holds the last transfer matrix and recomputes it only when its inputs
 * change: node positions, source positions, k, p or r_min. Control changes
 * (amplitudes, phases) reuse it, so they cost one matrix-vector product.
 */
import type { ComplexMatrix } from "./complex-matrix.js"
import { transferMatrix, type TransferParameters } from "./transfer.js"

const sameValues = (a: Float64Array, b: Float64Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

interface Key {
  readonly positions: Float64Array
  readonly sources: Float64Array
  readonly parameters: TransferParameters
}

export class TransferCache {
  private key: Key | null = null
  private matrix: ComplexMatrix | null = null
  private count = 0

  /** How many times K has been computed (for tests and run statistics). */
  get computations(): number {
    return this.count
  }

  /**
   * K for these inputs. The key compares copies by value, not by identity, so
   * arrays edited in place are noticed; the comparison is O(N + S), against
   * O(N S) to recompute.
   */
  get(positions: Float64Array, sources: Float64Array, parameters: TransferParameters): ComplexMatrix {
    const key = this.key
    if (
      key !== null &&
      this.matrix !== null &&
      key.parameters.wavenumber === parameters.wavenumber &&
      key.parameters.decay === parameters.decay &&
      key.parameters.rMin === parameters.rMin &&
      sameValues(key.positions, positions) &&
      sameValues(key.sources, sources)
    ) {
      return this.matrix
    }
    const matrix = transferMatrix(positions, sources, parameters)
    this.matrix = matrix
    this.key = {
      positions: Float64Array.from(positions),
      sources: Float64Array.from(sources),
      parameters: { wavenumber: parameters.wavenumber, decay: parameters.decay, rMin: parameters.rMin },
    }
    this.count++
    return matrix
  }
}
