/** Summary numbers of a set of plaquette charges. */

export interface VortexStatistics {
  readonly faces: number
  /** Faces with q_f ≠ 0. */
  readonly vortices: number
  /** vortices / faces; 0 for a lattice without faces (a ring). */
  readonly density: number
  /** Faces with q_f > 0. */
  readonly positive: number
  /** Faces with q_f < 0. */
  readonly negative: number
  /** Σ q_f. */
  readonly netCharge: number
}

export const vortexStatistics = (charges: Int32Array): VortexStatistics => {
  let positive = 0
  let negative = 0
  let netCharge = 0
  for (const q of charges) {
    if (q > 0) positive++
    else if (q < 0) negative++
    netCharge += q
  }
  const vortices = positive + negative
  return {
    faces: charges.length,
    vortices,
    density: charges.length === 0 ? 0 : vortices / charges.length,
    positive,
    negative,
    netCharge,
  }
}
