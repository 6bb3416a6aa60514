/**
 * The [[5,1,3]] code and its 6-leg perfect tensor, built exactly from the
 * stabilisers.
 *
 * Stabiliser generators (cyclic shifts of XZZXI) and logical operators:
 *
 *   g1 = XZZXI, g2 = IXZZX, g3 = XIXZZ, g4 = ZXIXZ,   X̄ = XXXXX, Z̄ = ZZZZZ.
 *
 * The code space is the +1 eigenspace of every g_i, with projector
 * Π = Π_i (1 + g_i)/2. Then |0_L⟩ = 4 Π|00000⟩ (⟨00000|Π|00000⟩ = 1/16, since
 * the identity is the only stabiliser without X factors) and |1_L⟩ = X̄|0_L⟩.
 * Every stabiliser and logical here is a product of X and Z, so the codewords
 * are real: 16 amplitudes ±1/4 each.
 *
 * The perfect tensor T[b1..b5, a] = 2 ⟨b1..b5|a_L⟩ (bulk leg a last): read
 * across any 3|3 split of its six legs it is an orthogonal 8 × 8 matrix,
 * equivalently the 6-qubit state T/‖T‖ is absolutely maximally entangled
 * (every 3 legs are maximally mixed), which is what makes the HaPPY code.
 *
 * Bit order: qubit b1 is the most significant bit of a 5-qubit basis index.
 */

/** The four stabiliser generators of the five-qubit code. */
export const fiveQubitStabilisers = ["XZZXI", "IXZZX", "XIXZZ", "ZXIXZ"] as const
export const logicalX = "XXXXX"
export const logicalZ = "ZZZZZ"

const qubits = 5

/** Applies a Pauli string of I, X and Z (one letter per qubit, b1 first) to a real 5-qubit vector. */
export const applyPauli = (pauli: string, vector: Float64Array): Float64Array => {
  if (!/^[IXZ]{5}$/.test(pauli)) throw new RangeError(`expected a Pauli string of 5 letters from I, X, Z, got ${JSON.stringify(pauli)}`)
  if (vector.length !== 2 ** qubits) throw new RangeError(`expected a 5-qubit vector of 32 amplitudes, got ${vector.length}`)
  let flip = 0
  let phase = 0
  for (let q = 0; q < qubits; q++) {
    const bit = 1 << (qubits - 1 - q)
    if (pauli[q] === "X") flip |= bit
    if (pauli[q] === "Z") phase |= bit
  }
  const result = new Float64Array(vector.length)
  // P = X^flip Z^phase: Z acts first, giving the sign of the input bits it sees.
  for (let basis = 0; basis < vector.length; basis++) {
    const sign = popcount(basis & phase) % 2 === 0 ? 1 : -1
    result[basis ^ flip] = sign * vector[basis]!
  }
  return result
}

const popcount = (x: number): number => {
  let count = 0
  for (let v = x; v !== 0; v &= v - 1) count += 1
  return count
}

/** The codewords |0_L⟩ and |1_L⟩ of the five-qubit code, unit vectors of 32 real amplitudes. */
export const fiveQubitCodewords = (): readonly [Float64Array, Float64Array] => {
  let zero: Float64Array = new Float64Array(2 ** qubits)
  zero[0] = 1
  for (const g of fiveQubitStabilisers) {
    const stabilised = applyPauli(g, zero)
    zero = zero.map((v, i) => (v + stabilised[i]!) / 2)
  }
  const norm = Math.hypot(...zero)
  zero = zero.map((v) => v / norm)
  return [zero, applyPauli(logicalX, zero)]
}

/** Encodes a bulk qubit state v (2 real amplitudes) as v0 |0_L⟩ + v1 |1_L⟩. */
export const encodeBulk = (bulk: Float64Array): Float64Array => {
  if (bulk.length !== 2) throw new RangeError(`a bulk qubit has 2 amplitudes, got ${bulk.length}`)
  const [zero, one] = fiveQubitCodewords()
  return zero.map((v, i) => bulk[0]! * v + bulk[1]! * one[i]!)
}

/** The 6-leg perfect tensor, legs [b1, b2, b3, b4, b5, a], 64 entries, orthogonal across every 3|3 split. */
export const perfectTensor = (): Float64Array => {
  const [zero, one] = fiveQubitCodewords()
  const tensor = new Float64Array(64)
  for (let b = 0; b < 32; b++) {
    tensor[2 * b] = 2 * zero[b]!
    tensor[2 * b + 1] = 2 * one[b]!
  }
  return tensor
}
