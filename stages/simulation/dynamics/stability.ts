/**
 * The time-step limit of the explicit RK4 scheme (docs/theory/dynamics.md).
 *
 * The linear part M = -iV + D L has its numerical range in the half-disk
 * {Re z <= 0, |z| <= |D| ρ + max|V|}: ⟨ψ, Mψ⟩ = -i⟨ψ, Vψ⟩ - D s with
 * s = -⟨ψ, Lψ⟩ ∈ [0, ρ] and Re D >= 0. RK4 is stable when dt times that
 * half-disk lies in its stability region, which contains the half-disk of
 * radius 2.6156 (computed below 2.62 along every direction of the left
 * half-plane; the tightest is at about 122.6°). μ and the cubic term are
 * excluded: they are O(1) rates the step resolves, not stiff ones.
 */
import type { Lattice } from "../lattice/lattice.js"
import { type Equation, maxAbsPotential } from "./equation.js"
import { spectralBound } from "./links.js"

/** Radius of a half-disk {Re z <= 0, |z| <= R} inside the RK4 stability region, rounded down. */
export const rk4StabilityRadius = 2.6

/** |R(z)| for the RK4 stability polynomial R(z) = 1 + z + z²/2 + z³/6 + z⁴/24. */
export const rk4Amplification = (re: number, im: number): number => {
  let sumRe = 1
  let sumIm = 0
  let termRe = 1
  let termIm = 0
  for (let k = 1; k <= 4; k++) {
    const nextRe = (termRe * re - termIm * im) / k
    const nextIm = (termRe * im + termIm * re) / k
    termRe = nextRe
    termIm = nextIm
    sumRe += termRe
    sumIm += termIm
  }
  return Math.hypot(sumRe, sumIm)
}

/** The stiff rate |D| ρ + max|V| that limits the explicit step. */
export const stiffRate = (lattice: Lattice, equation: Equation): number =>
  Math.hypot(equation.diffusion.re, equation.diffusion.im) * spectralBound(lattice) + maxAbsPotential(equation.potential)

/** The largest dt the RK4 scheme accepts for this lattice and equation (Infinity with no stiff term). */
export const rk4MaxDt = (lattice: Lattice, equation: Equation): number => {
  const rate = stiffRate(lattice, equation)
  return rate === 0 ? Infinity : rk4StabilityRadius / rate
}
