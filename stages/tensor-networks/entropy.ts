/**
 * Entanglement of a boundary region A in a pure boundary state |ψ⟩: the
 * state reshaped as the matrix M (A | Ā), the reduced density matrix
 * ρ_A = M Mᵀ / ⟨ψ|ψ⟩ (the state need not be normalised), its eigenvalues
 * (ml-matrix's symmetric eigendecomposition; they are the squared singular
 * values of M over ⟨ψ|ψ⟩), and
 *
 *   S(A)   = −Σ p ln p          (von Neumann, nats)
 *   S_2(A) = −ln tr ρ_A² = −ln Σ_ij (ρ_A)_ij²   (Rényi-2, no eigenvalues needed)
 *
 * ρ_A is always built on A's side (dimension d_A), so S(A) and S(Ā) are two
 * different computations; a caller wanting the cheaper side passes the
 * smaller of A and Ā (equal for pure states).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix"
import type { BoundaryState } from "./boundary-state.js"
import { permute } from "./dense-tensor.js"
import { complementOf, tensorSize, validateRegion } from "./network.js"

export interface Entropies {
  /** von Neumann entropy (nats). */
  readonly vonNeumann: number
  /** Rényi-2 entropy (nats). */
  readonly renyi2: number
}

/** ρ_A, d_A × d_A, row-major over A's legs in the order given, normalised to unit trace. */
export const reducedDensityMatrix = (state: BoundaryState, region: ReadonlyArray<number>): { dimension: number; values: Float64Array } => {
  const legs = state.dims.length
  validateRegion(legs, region)
  if (state.amplitudes.length !== tensorSize(state.dims)) {
    throw new RangeError(`state has ${state.amplitudes.length} amplitudes; dimensions [${state.dims.join(", ")}] need ${tensorSize(state.dims)}`)
  }
  const rest = complementOf(legs, region)
  const m = permute(state.amplitudes, state.dims, [...region, ...rest])
  const rows = tensorSize(region.map((leg) => state.dims[leg]!))
  const cols = m.length / rows
  const rho = new Float64Array(rows * rows)
  let trace = 0
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < rows; j++) {
      let sum = 0
      for (let c = 0; c < cols; c++) sum += m[i * cols + c]! * m[j * cols + c]!
      rho[i * rows + j] = sum
      rho[j * rows + i] = sum
    }
    trace += rho[i * rows + i]!
  }
  if (!(trace > 0) || !Number.isFinite(trace)) throw new RangeError(`the state has squared norm ${trace}; expected a finite positive number`)
  for (let i = 0; i < rho.length; i++) rho[i] /= trace
  return { dimension: rows, values: rho }
}

const eigenvalues = (dimension: number, values: Float64Array): number[] =>
  dimension === 1
    ? [values[0]!]
    : new EigenvalueDecomposition(Matrix.from1DArray(dimension, dimension, values), { assumeSymmetric: true }).realEigenvalues

/** The eigenvalues of ρ_A (the entanglement spectrum), descending; round-off negatives are clamped to 0. */
export const entanglementSpectrum = (state: BoundaryState, region: ReadonlyArray<number>): number[] => {
  const { dimension, values } = reducedDensityMatrix(state, region)
  return eigenvalues(dimension, values)
    .map((p) => Math.max(p, 0))
    .sort((a, b) => b - a)
}

export const entanglementEntropies = (state: BoundaryState, region: ReadonlyArray<number>): Entropies => {
  const { dimension, values } = reducedDensityMatrix(state, region)
  let purity = 0
  for (const v of values) purity += v * v
  let vonNeumann = 0
  for (const p of eigenvalues(dimension, values)) if (p > 0) vonNeumann -= p * Math.log(p)
  // Clamped at 0 against round-off (tr ρ² can exceed 1 by an ulp).
  return { vonNeumann: Math.max(0, vonNeumann), renyi2: Math.max(0, -Math.log(purity)) }
}
