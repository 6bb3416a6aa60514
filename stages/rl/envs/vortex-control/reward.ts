/**
 * The reward of the vortex-control task (docs/theory/control.md): a tracking
 * term that rises smoothly and strictly monotonically as the vortex density d
 * approaches the target d*, and two penalties:
 *
 *   tracking    = w_t / √(1 + ((d - d*)/σ)²)        ∈ (0, w_t]
 *   effort      = -w_e · mean_j (Δu_j / 2)²         ∈ [-w_e, 0]
 *   instability = -w_i · (n / n_max)²               ∈ [-w_i, 0]   while n <= n_max
 *               = -P                                when the field diverged
 *
 * u_j ∈ [-1, 1] are the normalised control settings, n the norm per node and
 * n_max the divergence threshold. On divergence the density is undefined and
 * tracking is 0. The reward is the sum of the three, in that order.
 */

export interface RewardWeights {
  /** σ: the error at which tracking has fallen to w_t/√2. */
  readonly trackingScale: number
  readonly trackingWeight: number
  readonly effortWeight: number
  readonly instabilityWeight: number
  /** P: the penalty when the field diverges. */
  readonly divergencePenalty: number
  /** n_max: norm per node above which the field counts as diverged. */
  readonly divergenceNorm: number
}

export interface RewardComponents {
  readonly tracking: number
  readonly effort: number
  readonly instability: number
}

export interface Reward {
  readonly reward: number
  readonly components: RewardComponents
}

/** What a step produced, as far as the reward is concerned. */
export type RewardInput =
  | {
      readonly diverged: false
      readonly density: number
      readonly target: number
      /** mean_j (Δu_j / 2)² ∈ [0, 1]. */
      readonly effort: number
      readonly normPerNode: number
    }
  | { readonly diverged: true; readonly effort: number }

/** w_t / √(1 + ((d - d*)/σ)²): smooth in d, strictly increasing as |d - d*| decreases. */
export const trackingReward = (density: number, target: number, weights: Pick<RewardWeights, "trackingScale" | "trackingWeight">): number => {
  const e = (density - target) / weights.trackingScale
  return weights.trackingWeight / Math.sqrt(1 + e * e)
}

/** ∂ tracking / ∂d = -w_t e / (σ (1 + e²)^{3/2}), e = (d - d*)/σ. */
export const trackingSlope = (density: number, target: number, weights: Pick<RewardWeights, "trackingScale" | "trackingWeight">): number => {
  const e = (density - target) / weights.trackingScale
  return (-weights.trackingWeight * e) / (weights.trackingScale * (1 + e * e) ** 1.5)
}

/** The largest |∂ tracking / ∂d|, at |e| = 1/√2: w_t (2/3)^{3/2} / (√2 σ). */
export const trackingLipschitz = (weights: Pick<RewardWeights, "trackingScale" | "trackingWeight">): number =>
  (weights.trackingWeight * (2 / 3) ** 1.5) / (Math.SQRT2 * weights.trackingScale)

/** mean_j (Δu_j / 2)² over the normalised settings before and after an action: 0 for no change, 1 for every control moved end to end. */
export const controlEffort = (before: ArrayLike<number>, after: ArrayLike<number>): number => {
  if (before.length !== after.length) throw new RangeError(`controlEffort: ${before.length} settings before, ${after.length} after`)
  if (before.length === 0) return 0
  let sum = 0
  for (let j = 0; j < before.length; j++) sum += ((after[j]! - before[j]!) / 2) ** 2
  return sum / before.length
}

export const reward = (input: RewardInput, weights: RewardWeights): Reward => {
  const effort = -weights.effortWeight * input.effort
  const tracking = input.diverged ? 0 : trackingReward(input.density, input.target, weights)
  const instability = input.diverged ? -weights.divergencePenalty : -weights.instabilityWeight * (input.normPerNode / weights.divergenceNorm) ** 2
  return { reward: tracking + effort + instability, components: { tracking, effort, instability } }
}
