/**
 * The melonic two-point function of the quartic rank-D tensor model: at
 * large N the self-energy is a sum of melons and the full propagator G solves
 * the Schwinger–Dyson equation
 *
 *   f(G) = λD G² - G + 1 = 0,
 *
 * whose physical branch (G = 1 at λ = 0) is G = (1 - √(1 - 4Dλ))/(2Dλ). It
 * exists up to the critical coupling λ_c = 1/(4D), where G_c = 2 and
 * G_c - G ∝ (λ_c - λ)^{1/2}. Here the equation is solved by iteration, and
 * λ_c and the exponent are found from the iterations alone, so each can be
 * checked against the closed form.
 */

export const melonicMethods = ["newton", "fixed-point"] as const
export type MelonicMethod = (typeof melonicMethods)[number]

export interface MelonicOptions {
  /** newton (default): G ← G - f/f'; fixed-point: G ← 1 + λD G². */
  readonly method?: MelonicMethod
  /** Relative accuracy of G; 1e-14 unless given. */
  readonly tolerance?: number
  readonly maxIterations?: number
}

export interface MelonicSolution {
  readonly g: number
  readonly iterations: number
}

const checkRank = (rank: number, caller: string) => {
  if (!(Number.isSafeInteger(rank) && rank >= 1)) throw new RangeError(`${caller}: rank must be an integer >= 1, got ${rank}`)
}

const checkCoupling = (lambda: number, caller: string) => {
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new RangeError(`${caller}: lambda must be a finite number >= 0, got ${lambda}`)
}

/**
 * G on the physical branch, iterated from G = 1, or null when the equation
 * has no real solution. Both iterations increase G monotonically towards the
 * smaller root; reaching f'(G) = 2λDG - 1 >= 0 (the minimum of f) without a
 * root means there is none, which is how λ > λ_c shows up numerically.
 */
export const solveMelonic = (lambda: number, rank: number, options: MelonicOptions = {}): MelonicSolution | null => {
  checkCoupling(lambda, "solveMelonic")
  checkRank(rank, "solveMelonic")
  const method = options.method ?? "newton"
  const tolerance = options.tolerance ?? 1e-14
  const maxIterations = options.maxIterations ?? (method === "newton" ? 200 : 10_000_000)
  if (!melonicMethods.includes(method)) throw new RangeError(`solveMelonic: method must be one of ${melonicMethods.join(", ")}, got ${String(method)}`)
  if (!(Number.isFinite(tolerance) && tolerance > 0 && tolerance < 1)) throw new RangeError(`solveMelonic: tolerance must be a number in (0, 1), got ${tolerance}`)
  if (!(Number.isSafeInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`solveMelonic: maxIterations must be an integer >= 1, got ${maxIterations}`)
  const a = lambda * rank
  let g = 1
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const slope = 2 * a * g - 1
    if (slope >= 0) return null
    const residual = a * g * g - g + 1
    if (residual <= 0) return { g, iterations: iteration - 1 }
    const next = method === "newton" ? g - residual / slope : 1 + a * g * g
    // Distance to the root: the Newton step itself, or for the fixed point the step over 1 - g'(G).
    const error = method === "newton" ? next - g : (next - g) / -slope
    g = next
    if (error <= tolerance * g) return { g, iterations: iteration }
  }
  throw new RangeError(`solveMelonic: the ${method} iteration must converge within maxIterations = ${maxIterations} at lambda = ${lambda}, rank = ${rank}; got G = ${g}`)
}

/** The closed form G = (1 - √(1 - 4Dλ))/(2Dλ), written 2/(1 + √(1 - 4Dλ)) to avoid cancellation; null beyond λ_c. */
export const melonicClosedForm = (lambda: number, rank: number): number | null => {
  checkCoupling(lambda, "melonicClosedForm")
  checkRank(rank, "melonicClosedForm")
  const discriminant = 1 - 4 * rank * lambda
  return discriminant < 0 ? null : 2 / (1 + Math.sqrt(discriminant))
}

export interface CriticalPoint {
  readonly lambda: number
  readonly g: number
}

/** λ_c by bisection on whether `solveMelonic` (Newton) finds a solution, and G there. */
export const melonicCriticalPoint = (rank: number): CriticalPoint => {
  checkRank(rank, "melonicCriticalPoint")
  let lo = 0
  let hi = 1
  while (solveMelonic(hi, rank) !== null) {
    lo = hi
    hi *= 2
  }
  while (hi - lo > 2 * Number.EPSILON * hi) {
    const mid = (lo + hi) / 2
    if (mid <= lo || mid >= hi) break
    if (solveMelonic(mid, rank) === null) hi = mid
    else lo = mid
  }
  return { lambda: lo, g: solveMelonic(lo, rank)!.g }
}

export interface CriticalExponent extends CriticalPoint {
  /** Least-squares slope of log(G_c - G) against log(λ_c - λ). */
  readonly exponent: number
}

/**
 * The exponent of G_c - G ∝ (λ_c - λ)^γ from Newton solutions at
 * λ = λ_c (1 - d), d log-spaced over [dMin, dMax], with λ_c and G_c from
 * `melonicCriticalPoint`.
 */
export const melonicCriticalExponent = (rank: number, range: { readonly dMin: number; readonly dMax: number; readonly points: number }): CriticalExponent => {
  checkRank(rank, "melonicCriticalExponent")
  if (!(Number.isFinite(range.dMin) && range.dMin > 0)) throw new RangeError(`melonicCriticalExponent: dMin must be a finite number > 0, got ${range.dMin}`)
  if (!(Number.isFinite(range.dMax) && range.dMax > range.dMin && range.dMax < 1)) {
    throw new RangeError(`melonicCriticalExponent: dMax must be a number in (dMin, 1), got ${range.dMax}`)
  }
  if (!(Number.isSafeInteger(range.points) && range.points >= 2)) throw new RangeError(`melonicCriticalExponent: points must be an integer >= 2, got ${range.points}`)
  const critical = melonicCriticalPoint(rank)
  const xs: number[] = []
  const ys: number[] = []
  for (let k = 0; k < range.points; k++) {
    const d = range.dMin * (range.dMax / range.dMin) ** (k / (range.points - 1))
    const lambda = critical.lambda * (1 - d)
    xs.push(Math.log(critical.lambda - lambda))
    ys.push(Math.log(critical.g - solveMelonic(lambda, rank)!.g))
  }
  const meanX = xs.reduce((s, x) => s + x, 0) / xs.length
  const meanY = ys.reduce((s, y) => s + y, 0) / ys.length
  let sxy = 0
  let sxx = 0
  xs.forEach((x, k) => {
    sxy += (x - meanX) * (ys[k]! - meanY)
    sxx += (x - meanX) ** 2
  })
  return { ...critical, exponent: sxy / sxx }
}
