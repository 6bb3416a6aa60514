/**
 * The equation family of the field dynamics (docs/theory/dynamics.md):
 *
 *     dψ/dt = (μ - iV)ψ + D Lψ - G|ψ|²ψ + ε e^{-iωt} P(x)
 *
 * with L the magnetic graph Laplacian, D = 1 + ib and G = 1 + ic for the
 * complex Ginzburg-Landau equation, D = i and G = ig for the nonlinear
 * Schrödinger (Gross-Pitaevskii) equation i ψ_t = -Lψ + Vψ + g|ψ|²ψ.
 */
import type { ComplexField } from "../field.js"

export interface Complex {
  readonly re: number
  readonly im: number
}

/** The drive F(x, t) = ε e^{-iωt} P(x); P is supplied by the caller (e.g. the holographic drive). */
export interface Drive {
  /** ε. */
  readonly amplitude: number
  /** ω, radians per unit time. */
  readonly frequency: number
  /** P(x), one complex value per node. */
  readonly profile: ComplexField
}

export interface Equation {
  /** Linear growth rate μ. */
  readonly mu: number
  /** Potential V: one value for every node, or one per node. */
  readonly potential: number | Float64Array
  /** Coefficient D of the Laplacian; Re D >= 0 (diffusion, never anti-diffusion). */
  readonly diffusion: Complex
  /** Coefficient G of the cubic term -G|ψ|²ψ. */
  readonly nonlinearity: Complex
  readonly drive?: Drive
}

export interface CgleOptions {
  /** Linear dispersion b in D = 1 + ib. */
  readonly b: number
  /** Nonlinear dispersion c in G = 1 + ic. */
  readonly c: number
  /** Growth rate μ; 1 unless given. */
  readonly mu?: number
  readonly potential?: number | Float64Array
  readonly drive?: Drive
}

/** dψ/dt = (μ - iV)ψ + (1 + ib)Lψ - (1 + ic)|ψ|²ψ + F. */
export const cgle = (options: CgleOptions): Equation => ({
  mu: options.mu ?? 1,
  potential: options.potential ?? 0,
  diffusion: { re: 1, im: options.b },
  nonlinearity: { re: 1, im: options.c },
  ...(options.drive === undefined ? {} : { drive: options.drive }),
})

export interface NlsOptions {
  /** Interaction g: > 0 repulsive (defocusing), < 0 attractive (focusing). */
  readonly g: number
  readonly potential?: number | Float64Array
}

/** i dψ/dt = -Lψ + Vψ + g|ψ|²ψ, i.e. dψ/dt = -iVψ + iLψ - ig|ψ|²ψ. */
export const nls = (options: NlsOptions): Equation => ({
  mu: 0,
  potential: options.potential ?? 0,
  diffusion: { re: 0, im: 1 },
  nonlinearity: { re: 0, im: options.g },
})

/**
 * Whether the equation is Hamiltonian: i ψ_t = -κLψ + Vψ + g|ψ|²ψ with no
 * growth, no damping and no drive, so the norm and the energy are conserved.
 */
export const isConservative = (equation: Equation): boolean =>
  equation.mu === 0 && equation.diffusion.re === 0 && equation.nonlinearity.re === 0 && equation.drive === undefined

const fieldError = (name: string, expectation: string, value: unknown): RangeError =>
  new RangeError(`${name} must be ${expectation}, got ${String(value)}`)

export const checkFinite = (name: string, value: number): void => {
  if (typeof value !== "number" || !Number.isFinite(value)) throw fieldError(name, "a finite number", value)
}

/** Throws a RangeError naming the first entry of `values` that is not finite. */
export const checkFiniteArray = (name: string, values: Float64Array): void => {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw fieldError(`${name}[${i}]`, "a finite number", values[i])
  }
}

/** Checks that `field` is a finite complex field with one value per node. */
export const checkField = (name: string, field: ComplexField, nodeCount: number): void => {
  if (field.re.length !== nodeCount || field.im.length !== nodeCount) {
    throw new RangeError(
      `${name} must hold ${nodeCount} values (one per node) in re and im, got re ${field.re.length} and im ${field.im.length}`,
    )
  }
  checkFiniteArray(`${name}.re`, field.re)
  checkFiniteArray(`${name}.im`, field.im)
}

/** Checks that a potential is a finite number or one finite value per node. */
export const checkPotential = (name: string, potential: number | Float64Array, nodeCount: number): void => {
  if (typeof potential === "number") return checkFinite(name, potential)
  if (potential.length !== nodeCount) throw fieldError(name, `a number or ${nodeCount} values (one per node)`, `${potential.length} values`)
  checkFiniteArray(name, potential)
}

/** Checks every coefficient of `equation` for a lattice of `nodeCount` nodes. */
export const checkEquation = (equation: Equation, nodeCount: number): void => {
  checkFinite("equation.mu", equation.mu)
  checkPotential("equation.potential", equation.potential, nodeCount)
  checkFinite("equation.diffusion.re", equation.diffusion.re)
  checkFinite("equation.diffusion.im", equation.diffusion.im)
  // Re D < 0 is backward diffusion: ill-posed, every short wavelength blows up.
  if (equation.diffusion.re < 0) throw fieldError("equation.diffusion.re", "a number >= 0", equation.diffusion.re)
  checkFinite("equation.nonlinearity.re", equation.nonlinearity.re)
  checkFinite("equation.nonlinearity.im", equation.nonlinearity.im)
  if (equation.drive !== undefined) {
    checkFinite("equation.drive.amplitude", equation.drive.amplitude)
    checkFinite("equation.drive.frequency", equation.drive.frequency)
    checkField("equation.drive.profile", equation.drive.profile, nodeCount)
  }
}

/** max_i |V_i|. */
export const maxAbsPotential = (potential: number | Float64Array): number => {
  if (typeof potential === "number") return Math.abs(potential)
  let max = 0
  for (let i = 0; i < potential.length; i++) max = Math.max(max, Math.abs(potential[i]!))
  return max
}

/** V as one value per node. */
export const potentialPerNode = (potential: number | Float64Array, nodeCount: number): Float64Array =>
  typeof potential === "number" ? new Float64Array(nodeCount).fill(potential) : potential

/** ε e^{-iωt}: the drive's complex factor at time t (zero without a drive). */
export const driveFactor = (drive: Drive | undefined, time: number): Complex =>
  drive === undefined
    ? { re: 0, im: 0 }
    : { re: drive.amplitude * Math.cos(drive.frequency * time), im: -drive.amplitude * Math.sin(drive.frequency * time) }
