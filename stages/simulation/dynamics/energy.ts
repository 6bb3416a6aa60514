/**
 * The NLS energy
 *
 *     H = ½ Σ_i Σ_{j ~ i} w_ij |e^{iA_ij} ψ_j - ψ_i|² + Σ_i (V_i |ψ_i|² + ½ g |ψ_i|⁴),
 *
 * the first sum over ordered pairs (every edge counted from both ends, the
 * two terms being equal), so the kinetic part is exactly -⟨ψ, Lψ⟩ and
 * i ψ_t = ∂H/∂ψ* = -Lψ + Vψ + g|ψ|²ψ is the NLS as the integrator solves it.
 */
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { checkField, checkFinite, checkPotential, potentialPerNode } from "./equation.js"
import { linksOf } from "./links.js"

/** ½ Σ_ij w_ij |e^{iA_ij} ψ_j - ψ_i|² = -⟨ψ, Lψ⟩ >= 0. */
export const kineticEnergy = (lattice: Lattice, psi: ComplexField): number => {
  checkField("psi", psi, lattice.nodeCount)
  const links = linksOf(lattice)
  const weight = lattice.adjacency.weight
  let sum = 0
  for (let i = 0; i < lattice.nodeCount; i++) {
    for (let k = links.rowStart[i]!; k < links.rowStart[i + 1]!; k++) {
      const w = weight[k]!
      if (w === 0) continue
      const j = links.column[k]!
      // (w e^{iA} ψ_j - w ψ_i) / w, from the cached w cos A, w sin A.
      const dRe = links.cosine[k]! * psi.re[j]! - links.sine[k]! * psi.im[j]! - w * psi.re[i]!
      const dIm = links.sine[k]! * psi.re[j]! + links.cosine[k]! * psi.im[j]! - w * psi.im[i]!
      sum += (dRe * dRe + dIm * dIm) / w
    }
  }
  return sum / 2
}

export const energy = (lattice: Lattice, psi: ComplexField, potential: number | Float64Array, g: number): number => {
  checkFinite("g", g)
  checkPotential("potential", potential, lattice.nodeCount)
  const kinetic = kineticEnergy(lattice, psi)
  const v = potentialPerNode(potential, lattice.nodeCount)
  let local = 0
  for (let i = 0; i < lattice.nodeCount; i++) {
    const density = psi.re[i]! * psi.re[i]! + psi.im[i]! * psi.im[i]!
    local += v[i]! * density + 0.5 * g * density * density
  }
  return kinetic + local
}
