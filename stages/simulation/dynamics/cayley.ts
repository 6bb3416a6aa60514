/**
 * The Crank-Nicolson (Cayley) step of the linear Schrödinger flow
 * i ψ_t = Hψ, H = -κL (Hermitian, positive semi-definite):
 *
 *     (I + iτH) x = (I - iτH) ψ,   τ = dt/2.
 *
 * (I + iτH) is normal but not Hermitian; multiplying by (I - iτH) gives the
 * Hermitian positive definite system (I + τ²H²) x = (I - iτH)² ψ with the same
 * solution, which conjugate gradients solves with real step lengths. Its
 * condition number is at most 1 + τ²(|κ|ρ)², ρ the Gershgorin bound of L.
 */

/** Condition number bound of I + τ²H², τ = dt/2, H = -κL with ‖L‖ <= rho. */
export const cayleyCondition = (dt: number, kappa: number, rho: number): number => 1 + ((dt / 2) * kappa * rho) ** 2

/**
 * CG iterations that guarantee ‖r_k‖ <= tolerance ‖ψ‖ from x_0 = ψ in exact
 * arithmetic: ‖e_k‖_B <= 2 q^k ‖e_0‖_B with q = (√K - 1)/(√K + 1), ‖e_0‖ <= 2‖ψ‖
 * (the Cayley map is unitary) and ‖r‖ <= √K ‖e‖_B <= K ‖e‖, so
 * k >= ln(4K / tolerance) / ln(1/q).
 */
export const cgIterationBound = (condition: number, tolerance: number): number => {
  const root = Math.sqrt(condition)
  const q = (root - 1) / (root + 1)
  if (q <= 0) return 1
  return Math.max(1, Math.ceil(Math.log((4 * condition) / tolerance) / -Math.log(q)))
}
