/**
 * Shannon entropies, in nats: of a set of non-negative weights (normalised to
 * a distribution), and of the histogram of values on fixed bins.
 */

/** -Σ p_i ln p_i with p_i = w_i / Σ w (0 ln 0 = 0): 0 for one non-zero weight, ln n for n equal ones. */
export const shannonEntropy = (weights: ArrayLike<number>): number => {
  let total = 0
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`shannonEntropy: weights[${i}] must be a finite number >= 0, got ${w}`)
    total += w
  }
  if (!(total > 0)) throw new RangeError(`shannonEntropy: weights must have a positive sum, got ${total}`)
  let entropy = 0
  for (let i = 0; i < weights.length; i++) {
    const p = weights[i]! / total
    if (p > 0) entropy -= p * Math.log(p)
  }
  return entropy
}

/** Counts of `values` in `bins` equal bins over [low, high]; the top edge belongs to the last bin. */
export const histogram = (values: ArrayLike<number>, bins: number, low: number, high: number): Int32Array => {
  if (!Number.isSafeInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be an integer >= 1, got ${bins}`)
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(`histogram: the range must be finite with low < high, got [${low}, ${high}]`)
  }
  const counts = new Int32Array(bins)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!(v >= low && v <= high)) throw new RangeError(`histogram: values[${i}] must lie in [${low}, ${high}], got ${v}`)
    counts[Math.min(bins - 1, Math.floor(((v - low) / (high - low)) * bins))]! += 1
  }
  return counts
}

/** The Shannon entropy of the histogram of `values` (at least one) on fixed bins: 0 when all share a bin, at most ln(bins). */
export const histogramEntropy = (values: ArrayLike<number>, bins: number, low: number, high: number): number => {
  if (values.length === 0) throw new RangeError("histogramEntropy: values must hold at least one value")
  return shannonEntropy(histogram(values, bins, low, high))
}
