/**
 * The rotation-curve proxy: the phase-gradient current J = Im(ψ* ∇ψ), as its
 * mean modulus binned by distance from the lattice centroid.
 *
 * On a lattice the gradient along edge ij (length ℓ_ij, link phase A_ij) is the
 * covariant difference (e^{iA_ij} ψ_j - ψ_i)/ℓ_ij, so the edge current is
 *
 *     J_ij = Im(ψ_i* e^{iA_ij} ψ_j) / ℓ_ij   (J_ji = -J_ij, gauge invariant),
 *
 * placed at the edge's midpoint. Bins split [r_min, r_max], the range of the
 * midpoints' distances from the centroid of the node positions, into equal
 * widths; each bin's value is the mean |J_ij| over its edges and every field
 * given (the fields are pooled, e.g. all surviving branches).
 */
import { checkField } from "../simulation/dynamics/equation.js"
import type { ComplexField } from "../simulation/field.js"
import type { Lattice } from "../simulation/lattice/lattice.js"

export interface RotationCurve {
  /** Lower edge of each bin's distance range. */
  readonly radiusMin: Float64Array
  /** Upper edge of each bin's distance range. */
  readonly radiusMax: Float64Array
  /** Mean |J| over the bin's edges and the fields; NaN where the bin holds no edge or no field was given. */
  readonly meanCurrent: Float64Array
  /** Edge values averaged per bin: edges in the bin times fields. */
  readonly samples: Int32Array
}

const op = "rotationCurve"

interface EdgeGeometry {
  readonly bin: Int32Array
  readonly length: Float64Array
  readonly radiusMin: Float64Array
  readonly radiusMax: Float64Array
}

const edgeGeometry = (lattice: Lattice, bins: number): EdgeGeometry => {
  const { source, target } = lattice.edges
  const p = lattice.positions
  const centroid = [0, 0, 0]
  for (let i = 0; i < lattice.nodeCount; i++) for (let c = 0; c < 3; c++) centroid[c]! += p[3 * i + c]! / lattice.nodeCount
  const edges = source.length
  const length = new Float64Array(edges)
  const radius = new Float64Array(edges)
  for (let e = 0; e < edges; e++) {
    const [s, t] = [source[e]!, target[e]!]
    let d2 = 0
    let r2 = 0
    for (let c = 0; c < 3; c++) {
      d2 += (p[3 * t + c]! - p[3 * s + c]!) ** 2
      r2 += ((p[3 * s + c]! + p[3 * t + c]!) / 2 - centroid[c]!) ** 2
    }
    if (!(d2 > 0)) throw new RangeError(`${op}: edge ${e} (nodes ${s}, ${t}) must have a positive length, got 0`)
    length[e] = Math.sqrt(d2)
    radius[e] = Math.sqrt(r2)
  }
  const low = radius.reduce((a, b) => Math.min(a, b), edges === 0 ? 0 : Infinity)
  const high = radius.reduce((a, b) => Math.max(a, b), 0)
  const width = (high - low) / bins
  const bin = Int32Array.from(radius, (r) => (width > 0 ? Math.min(bins - 1, Math.floor((r - low) / width)) : 0))
  return {
    bin,
    length,
    radiusMin: Float64Array.from({ length: bins }, (_, k) => low + k * width),
    radiusMax: Float64Array.from({ length: bins }, (_, k) => (k === bins - 1 ? high : low + (k + 1) * width)),
  }
}

export const rotationCurve = (lattice: Lattice, fields: readonly ComplexField[], bins: number): RotationCurve => {
  if (!Number.isSafeInteger(bins) || bins < 1) throw new RangeError(`${op}: bins must be an integer >= 1, got ${bins}`)
  fields.forEach((field, k) => checkField(`${op}: fields[${k}]`, field, lattice.nodeCount))
  const geometry = edgeGeometry(lattice, bins)
  const { source, target, phase } = lattice.edges
  const sum = new Float64Array(bins)
  const samples = new Int32Array(bins)
  for (const { re, im } of fields) {
    for (let e = 0; e < source.length; e++) {
      const [s, t] = [source[e]!, target[e]!]
      const cos = Math.cos(phase[e]!)
      const sin = Math.sin(phase[e]!)
      const zRe = cos * re[t]! - sin * im[t]!
      const zIm = sin * re[t]! + cos * im[t]!
      const current = (re[s]! * zIm - im[s]! * zRe) / geometry.length[e]!
      sum[geometry.bin[e]!]! += Math.abs(current)
      samples[geometry.bin[e]!]! += 1
    }
  }
  return {
    radiusMin: geometry.radiusMin,
    radiusMax: geometry.radiusMax,
    meanCurrent: Float64Array.from(sum, (total, k) => (samples[k]! > 0 ? total / samples[k]! : NaN)),
    samples,
  }
}
