/**
 * Pendulum-v1 dynamics on steps computed by hand: the reward from the state
 * before the step, the semi-implicit Euler update, torque and speed clipping,
 * the 200-step time limit, seeded resets and exact state round trips.
 */
import { describe, expect, it } from "vitest"
import { contains } from "../environment.js"
import { normalizeAngle, pendulum } from "./pendulum.js"

const at = (theta: number, thetaDot: number, steps = 0) => {
  const env = pendulum()
  env.load({ theta, thetaDot, steps, done: false })
  return env
}

describe("pendulum", () => {
  it("steps θ̇ ← θ̇ + (15 sin θ + 3u) dt, θ ← θ + θ̇ dt, with reward -(θ² + 0.1 θ̇² + 0.001 u²) of the state before", () => {
    const env = at(Math.PI / 2, 0.5)
    const step = env.step(Float64Array.of(1))
    // θ̇' = 0.5 + (15 + 3) · 0.05 = 1.4; θ' = π/2 + 1.4 · 0.05 = π/2 + 0.07.
    const cost = (Math.PI / 2) ** 2 + 0.1 * 0.25 + 0.001
    expect(step.reward).toBeCloseTo(-cost, 12)
    expect(step.info.components).toEqual({ angle: -((Math.PI / 2) ** 2), velocity: -0.025, effort: -0.001 })
    const expected = [Math.cos(Math.PI / 2 + 0.07), Math.sin(Math.PI / 2 + 0.07), 1.4]
    step.observation.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 12))
    expect(step.info.metrics).toMatchObject({ torque: 1 })
    expect(step.terminated).toBe(false)
    expect(step.truncated).toBe(false)
  })

  it("clips the torque to ±2 and the speed to ±8; the angle cost uses θ wrapped to [-π, π)", () => {
    const env = at(Math.PI / 2 + 4 * Math.PI, 7.9)
    const step = env.step(Float64Array.of(5))
    // u = 2; θ̇ = 7.9 + (15 + 6) · 0.05 = 8.95 → 8.
    expect(step.info.metrics).toMatchObject({ torque: 2, theta_dot: 8 })
    expect(step.reward).toBeCloseTo(-((Math.PI / 2) ** 2 + 0.1 * 7.9 ** 2 + 0.004), 9)
    expect(step.observation[2]).toBe(8)
    expect(at(-Math.PI / 2, -7.9).step(Float64Array.of(-5)).observation[2]).toBe(-8)
  })

  it("truncates after 200 steps, never terminates, and refuses to step past the end", () => {
    const env = pendulum()
    env.reset(3)
    for (let i = 1; i <= 200; i++) {
      const step = env.step(Float64Array.of(0.5))
      expect(step.terminated).toBe(false)
      expect(step.truncated).toBe(i === 200)
      expect(contains(env.observationSpace, step.observation)).toBe(true)
    }
    expect(() => env.step(Float64Array.of(0))).toThrow(/after the episode ended/)
    expect(() => pendulum().step(Float64Array.of(0))).toThrow(/before reset/)
    expect(() => at(0, 0).step(Float64Array.of(0, 1))).toThrow(/one torque value/)
  })

  it("resets to θ ~ U[-π, π), θ̇ ~ U[-1, 1) from the seed", () => {
    const seen = Array.from({ length: 200 }, (_, seed) => {
      const env = pendulum()
      const { observation } = env.reset(seed)
      const state = env.state() as { theta: number; thetaDot: number }
      expect(observation[0]).toBeCloseTo(Math.cos(state.theta), 15)
      expect(observation[1]).toBeCloseTo(Math.sin(state.theta), 15)
      return state
    })
    for (const s of seen) {
      expect(s.theta).toBeGreaterThanOrEqual(-Math.PI)
      expect(s.theta).toBeLessThan(Math.PI)
      expect(Math.abs(s.thetaDot)).toBeLessThanOrEqual(1)
    }
    // Spread over the whole range, and reproducible.
    expect(Math.min(...seen.map((s) => s.theta))).toBeLessThan(-2.5)
    expect(Math.max(...seen.map((s) => s.theta))).toBeGreaterThan(2.5)
    const again = pendulum()
    again.reset(17)
    expect(again.state()).toEqual(seen[17])
  })

  it("continues exactly from state()", () => {
    const a = pendulum()
    a.reset(9)
    for (let i = 0; i < 50; i++) a.step(Float64Array.of(Math.sin(i)))
    const b = pendulum()
    b.load(JSON.parse(JSON.stringify(a.state())))
    for (let i = 0; i < 50; i++) expect(b.step(Float64Array.of(Math.cos(i)))).toEqual(a.step(Float64Array.of(Math.cos(i))))
    expect(() => b.load({ theta: "x" })).toThrow(/not a pendulum state/)
  })

  it("wraps angles like Gymnasium's angle_normalize", () => {
    expect(normalizeAngle(0)).toBe(0)
    expect(normalizeAngle(Math.PI)).toBeCloseTo(-Math.PI, 15)
    expect(normalizeAngle(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 15)
    expect(normalizeAngle(-3 * Math.PI / 2)).toBeCloseTo(Math.PI / 2, 15)
  })
})
