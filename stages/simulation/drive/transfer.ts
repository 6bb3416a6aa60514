/**
 * The transfer matrix of the holographic drive: K_xs = r_s^{-p} e^{i k r_s},
 * r_s = max(|x - x_s|, r_min), so that G = K c for source weights c.
 */
import { sharedFloat64 } from "../../compute/parallel.js"
import type { ComplexMatrix } from "./complex-matrix.js"
import { checkPoints } from "./point-cloud.js"

export interface TransferParameters {
  /** k, radians per length unit. */
  readonly wavenumber: number
  /** p >= 0: 1 for spherical waves in 3D. */
  readonly decay: number
  /** r_min > 0: bounds |K| by r_min^{-p} for nodes near a source. */
  readonly rMin: number
}

export const checkTransferParameters = (op: string, parameters: TransferParameters): void => {
  const { wavenumber, decay, rMin } = parameters
  if (!Number.isFinite(wavenumber)) throw new RangeError(`${op}: wavenumber must be a finite number, got ${wavenumber}`)
  if (!Number.isFinite(decay) || decay < 0) throw new RangeError(`${op}: decay must be a finite number >= 0, got ${decay}`)
  if (!Number.isFinite(rMin) || rMin <= 0) throw new RangeError(`${op}: rMin must be a finite number > 0, got ${rMin}`)
}

/**
 * K as a nodes × sources complex matrix (node-major: row x holds K_x0 .. K_x(S-1)).
 * It lives in shared memory so that pooled synthesis reads it in place instead
 * of copying O(NS) entries on every product.
 */
export const transferMatrix = (positions: Float64Array, sources: Float64Array, parameters: TransferParameters): ComplexMatrix => {
  const nodeCount = checkPoints("transferMatrix", "positions", positions)
  const sourceCount = checkPoints("transferMatrix", "sources", sources)
  checkTransferParameters("transferMatrix", parameters)
  const { wavenumber, decay, rMin } = parameters
  const re = sharedFloat64(nodeCount * sourceCount)
  const im = sharedFloat64(nodeCount * sourceCount)
  for (let x = 0; x < nodeCount; x++) {
    const px = positions[3 * x]!
    const py = positions[3 * x + 1]!
    const pz = positions[3 * x + 2]!
    for (let s = 0; s < sourceCount; s++) {
      const dx = px - sources[3 * s]!
      const dy = py - sources[3 * s + 1]!
      const dz = pz - sources[3 * s + 2]!
      const r = Math.max(Math.sqrt(dx * dx + dy * dy + dz * dz), rMin)
      const magnitude = r ** -decay
      const phase = wavenumber * r
      re[x * sourceCount + s] = magnitude * Math.cos(phase)
      im[x * sourceCount + s] = magnitude * Math.sin(phase)
    }
  }
  return { rows: nodeCount, cols: sourceCount, re, im }
}
