/**
 * The classic inverted pendulum swing-up (Gymnasium's Pendulum-v1, whose
 * dynamics are public): a sanity benchmark for the agents. θ = 0 is upright;
 * the torque u ∈ [-2, 2] is too weak to lift the pendulum directly, so it
 * must swing up. Per step of dt = 0.05 (semi-implicit Euler):
 *
 *   θ̇ ← clip(θ̇ + (3g/(2l) sin θ + 3/(ml²) u) dt, -8, 8),   θ ← θ + θ̇ dt
 *
 * with g = 10, m = l = 1, reward -(wrap(θ)² + 0.1 θ̇² + 0.001 u²) computed
 * from the state before the step, observation (cos θ, sin θ, θ̇), start
 * θ ~ U[-π, π], θ̇ ~ U[-1, 1], and a 200-step time limit (truncation: the
 * task never terminates). Returns lie in about [-1700, 0]; a good swing-up
 * policy scores above -200.
 */
import { Prng } from "../../prng.js"
import { type Environment, type ResetResult, type StepResult, box } from "../environment.js"

export const pendulumConstants = {
  gravity: 10,
  mass: 1,
  length: 1,
  dt: 0.05,
  maxTorque: 2,
  maxSpeed: 8,
  maxSteps: 200,
} as const

/** Names of the reward terms (`info.components`) and recorded quantities (`info.metrics`). */
export const pendulumComponents = ["angle", "velocity", "effort"] as const
export const pendulumMetrics = ["theta", "theta_dot", "torque"] as const

/** Maps an angle to [-π, π), as Gymnasium's angle_normalize does. */
export const normalizeAngle = (x: number): number => {
  const period = 2 * Math.PI
  return ((((x + Math.PI) % period) + period) % period) - Math.PI
}

export interface PendulumState {
  readonly theta: number
  readonly thetaDot: number
  /** Steps taken in this episode. */
  readonly steps: number
  /** Whether the episode has ended (a reset is due). */
  readonly done: boolean
}

const isPendulumState = (state: unknown): state is PendulumState => {
  const s = state as Partial<PendulumState> | null
  return (
    s !== null &&
    typeof s === "object" &&
    Number.isFinite(s.theta) &&
    Number.isFinite(s.thetaDot) &&
    Number.isSafeInteger(s.steps) &&
    typeof s.done === "boolean"
  )
}

export const pendulum = (options: { readonly maxSteps?: number } = {}): Environment => {
  const maxSteps = options.maxSteps ?? pendulumConstants.maxSteps
  if (!Number.isSafeInteger(maxSteps) || maxSteps < 1) throw new RangeError(`pendulum: maxSteps must be an integer >= 1, got ${maxSteps}`)
  const { gravity, mass, length, dt, maxTorque, maxSpeed } = pendulumConstants
  let state: PendulumState | null = null

  const observe = (s: PendulumState) => Float64Array.of(Math.cos(s.theta), Math.sin(s.theta), s.thetaDot)

  return {
    name: "pendulum",
    observationSpace: box([-1, -1, -maxSpeed], [1, 1, maxSpeed]),
    actionSpace: box([-maxTorque], [maxTorque]),
    observationNames: ["cos_theta", "sin_theta", "theta_dot"],
    actionNames: ["torque"],
    reset(seed: number): ResetResult {
      const prng = Prng.seeded(seed)
      const theta = prng.between(-Math.PI, Math.PI)
      const thetaDot = prng.between(-1, 1)
      state = { theta, thetaDot, steps: 0, done: false }
      return { observation: observe(state), info: { metrics: { theta: normalizeAngle(theta), theta_dot: thetaDot, torque: 0 } } }
    },
    step(action: Float64Array): StepResult {
      if (state === null || state.done) throw new Error("pendulum: step called before reset or after the episode ended")
      if (action.length !== 1 || Number.isNaN(action[0])) throw new RangeError(`pendulum: expected one torque value, got [${Array.from(action).join(", ")}]`)
      const { theta, thetaDot } = state
      const u = Math.min(maxTorque, Math.max(-maxTorque, action[0]!))
      const angle = normalizeAngle(theta) ** 2
      const velocity = 0.1 * thetaDot ** 2
      const effort = 0.001 * u ** 2
      const nextThetaDot = Math.min(
        maxSpeed,
        Math.max(-maxSpeed, thetaDot + ((3 * gravity) / (2 * length) * Math.sin(theta) + (3 / (mass * length ** 2)) * u) * dt),
      )
      const steps = state.steps + 1
      const truncated = steps >= maxSteps
      state = { theta: theta + nextThetaDot * dt, thetaDot: nextThetaDot, steps, done: truncated }
      return {
        observation: observe(state),
        reward: -(angle + velocity + effort),
        terminated: false,
        truncated,
        info: {
          components: { angle: -angle, velocity: -velocity, effort: -effort },
          metrics: { theta: normalizeAngle(state.theta), theta_dot: state.thetaDot, torque: u },
        },
      }
    },
    state: () => state,
    load(saved: unknown) {
      if (saved !== null && !isPendulumState(saved)) throw new RangeError(`pendulum: not a pendulum state: ${JSON.stringify(saved)}`)
      state = saved
    },
    dispose() {
      state = null
    },
  }
}
