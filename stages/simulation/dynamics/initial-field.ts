/** Initial fields: small complex Gaussian noise, the usual seed of CGLE pattern formation. */
import type { Prng } from "../../prng.js"
import type { ComplexField } from "../field.js"

/** ψ_i = amplitude (x_i + i y_i)/√2 with x_i, y_i independent N(0, 1), so E|ψ_i|² = amplitude². */
export const noiseField = (nodeCount: number, prng: Prng, amplitude: number): ComplexField => {
  if (!Number.isSafeInteger(nodeCount) || nodeCount < 0) throw new RangeError(`nodeCount must be an integer >= 0, got ${nodeCount}`)
  if (!(amplitude >= 0 && Number.isFinite(amplitude))) throw new RangeError(`amplitude must be a finite number >= 0, got ${amplitude}`)
  const sd = amplitude / Math.SQRT2
  return { re: prng.fillNormal(new Float64Array(nodeCount), 0, sd), im: prng.fillNormal(new Float64Array(nodeCount), 0, sd) }
}
