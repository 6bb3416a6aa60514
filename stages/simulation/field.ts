/**
 * A complex field ψ on lattice nodes, stored as separate real and imaginary
 * parts (the layout both the js and the tfjs kernels want).
 */
export interface ComplexField {
  readonly re: Float64Array
  readonly im: Float64Array
}

export const zeroField = (nodeCount: number): ComplexField => ({
  re: new Float64Array(nodeCount),
  im: new Float64Array(nodeCount),
})

export const copyField = (field: ComplexField): ComplexField => ({
  re: Float64Array.from(field.re),
  im: Float64Array.from(field.im),
})

/** Σ|ψ_i|². */
export const norm2 = (field: ComplexField): number => {
  let sum = 0
  for (let i = 0; i < field.re.length; i++) sum += field.re[i]! * field.re[i]! + field.im[i]! * field.im[i]!
  return sum
}

/** Maps an angle to (-π, π]. */
export const wrapAngle = (angle: number): number => {
  const wrapped = angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI))
  return wrapped === -Math.PI ? Math.PI : wrapped
}
