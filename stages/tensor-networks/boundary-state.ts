/**
 * A boundary state: the amplitudes of the open legs of a contracted network,
 * row-major over the legs in boundary order.
 */
export interface BoundaryState {
  readonly dims: ReadonlyArray<number>
  readonly amplitudes: Float64Array
}

/** ⟨ψ|ψ⟩ = Σ |ψ_i|². */
export const squaredNorm = (state: BoundaryState): number => {
  let sum = 0
  for (const amplitude of state.amplitudes) sum += amplitude * amplitude
  return sum
}
