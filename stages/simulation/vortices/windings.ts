/**
 * Branch integers: the exact integer part of every wrapped phase increment.
 *
 * For a link increment x = θ_j - θ_i + A_ij, wrap(x) = x - 2π·branch(x) with
 * wrap(x) ∈ (-π, π]. A plaquette's winding (1/2π)(Σ wrap(x) - Σ A) equals
 * -Σ branch(x) exactly, because the θ's telescope around any closed cycle; the
 * kernels therefore sum integers and never round a floating-point sum.
 */
const TWO_PI = 2 * Math.PI

/** The integer n with x - 2πn ∈ (-π, π]. */
export const branch = (x: number): number => Math.ceil((x - Math.PI) / TWO_PI)
