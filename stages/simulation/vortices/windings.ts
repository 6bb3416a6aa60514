/**
 * Branch integers: the exact integer part of every wrapped phase increment.
 *
 * For a link increment x = θ_j - θ_i + A_ij, wrap(x) = x - 2π·branch(x) with
 * wrap(x) ∈ (-π, π]. A plaquette's winding (1/2π)(Σ wrap(x) - Σ A) equals
 * -Σ branch(x) exactly, because the θ's telescope around any closed cycle; the
 * kernels therefore sum integers and never round a floating-point sum.
 */
import type { ComplexField } from "../field.js"

const TWO_PI = 2 * Math.PI

/** The integer n with x - 2πn ∈ (-π, π]. */
export const branch = (x: number): number => Math.ceil((x - Math.PI) / TWO_PI)

/** arg ψ_i ∈ [-π, π] per node; a node with ψ_i = 0 gets phase 0 (atan2's convention). */
export const nodePhases = (field: ComplexField): Float64Array => {
  const theta = new Float64Array(field.re.length)
  for (let i = 0; i < theta.length; i++) theta[i] = Math.atan2(field.im[i]!, field.re[i]!)
  return theta
}
