/**
 * The condensate model: one mean-field mode σ_j per spin j, each with a mass
 * m_j and an interaction λ_j ρ_j^n (n shared), and the volume
 * V = Σ_j V_j |σ_j|² with V_j = v₀ j^{3/2} (docs/theory/gft.md).
 */

export interface SpinMode {
  /** The spin j: a positive half-integer (0.5, 1, 1.5, ...). */
  readonly j: number
  /** m_j > 0: in the classical limit V'/V → ±2m_j, so m_j² plays the role of 3πG. */
  readonly mass: number
  /** λ_j ≥ 0: the interaction term λ_j ρ_j^{n-1} in the equation of motion. */
  readonly lambda: number
}

export interface CondensateSpec {
  readonly spins: readonly SpinMode[]
  /** The interaction power n (an integer >= 3). */
  readonly power: number
  /** v₀ > 0 in V_j = v₀ j^{3/2}. */
  readonly volumeUnit: number
}

export interface CondensateModel extends CondensateSpec {
  /** V_j for each spin, in the order of `spins`. */
  readonly volumes: Float64Array
}

const isHalfInteger = (j: number) => Number.isFinite(j) && j > 0 && Number.isInteger(2 * j)

/** V_j = v₀ j^{3/2}: the volume one quantum of spin j carries (the SU(2) volume spectrum's leading term). */
export const spinVolume = (j: number, volumeUnit: number): number => {
  if (!isHalfInteger(j)) throw new RangeError(`spinVolume: j must be a positive half-integer (0.5, 1, 1.5, ...), got ${j}`)
  if (!(Number.isFinite(volumeUnit) && volumeUnit > 0)) throw new RangeError(`spinVolume: volumeUnit must be a finite number > 0, got ${volumeUnit}`)
  return volumeUnit * j ** 1.5
}

/** The spin as an SQL-safe column suffix: j = 1/2 → `j1_2`, j = 1 → `j1`, j = 3/2 → `j3_2`. */
export const spinLabel = (j: number): string => {
  if (!isHalfInteger(j)) throw new RangeError(`spinLabel: j must be a positive half-integer (0.5, 1, 1.5, ...), got ${j}`)
  return Number.isInteger(j) ? `j${j}` : `j${2 * j}_2`
}

/** Validates a condensate and computes its spin volumes. */
export const condensateModel = (spec: CondensateSpec): CondensateModel => {
  if (spec.spins.length === 0) throw new RangeError("condensateModel: spins must list at least one spin, got none")
  if (!(Number.isInteger(spec.power) && spec.power >= 3)) throw new RangeError(`condensateModel: power must be an integer >= 3, got ${spec.power}`)
  const seen = new Set<number>()
  spec.spins.forEach((spin, i) => {
    if (!isHalfInteger(spin.j)) throw new RangeError(`condensateModel: spins[${i}].j must be a positive half-integer (0.5, 1, 1.5, ...), got ${spin.j}`)
    if (seen.has(spin.j)) throw new RangeError(`condensateModel: spins[${i}].j must differ from every other spin's, got ${spin.j} twice`)
    seen.add(spin.j)
    if (!(Number.isFinite(spin.mass) && spin.mass > 0)) throw new RangeError(`condensateModel: spins[${i}].mass must be a finite number > 0, got ${spin.mass}`)
    if (!(Number.isFinite(spin.lambda) && spin.lambda >= 0)) {
      throw new RangeError(`condensateModel: spins[${i}].lambda must be a finite number >= 0 (λ < 0 diverges in finite clock time), got ${spin.lambda}`)
    }
  })
  return { ...spec, volumes: Float64Array.from(spec.spins, (spin) => spinVolume(spin.j, spec.volumeUnit)) }
}
