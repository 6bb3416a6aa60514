/**
 * Evaluation policies and episodes on Pendulum: an episode's return is the
 * sum of its rewards and its means are per step; the random policy stays in
 * the box; a fixed action outside the box is refused.
 */
import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { box, contains } from "./environment.js"
import { pendulum } from "./envs/pendulum.js"
import { fixedPolicy, randomPolicy, runEpisode } from "./policies.js"

describe("policies", () => {
  it("runs one episode to its end: return = Σ rewards, component and metric means per step", () => {
    const env = pendulum({ maxSteps: 25 })
    const result = runEpisode(env, fixedPolicy(env.actionSpace, [1]), { seed: 3, history: 1 })
    const replay = pendulum({ maxSteps: 25 })
    replay.reset(3)
    const rewards = Array.from({ length: 25 }, () => replay.step(Float64Array.of(1)).reward)
    expect(result.length).toBe(25)
    expect(result.terminated).toBe(false)
    expect(result.return).toBeCloseTo(rewards.reduce((a, b) => a + b, 0), 10)
    const components = result.components as Record<string, number>
    expect(25 * (components.angle! + components.velocity! + components.effort!)).toBeCloseTo(result.return, 9)
    expect(result.metrics.torque).toBe(1)
  })

  it("draws random actions inside the box and refuses a fixed action outside it", () => {
    const space = box([-1, 0], [1, 5])
    const random = randomPolicy(space, Prng.seeded(4))
    for (let i = 0; i < 100; i++) expect(contains(space, random.act(new Float32Array(1)))).toBe(true)
    expect(() => fixedPolicy(space, [0, 6])).toThrow(/\[0, 6\] is outside the action box/)
  })

  it("stops an episode that never ends, naming the environment", () => {
    const env = pendulum({ maxSteps: 50 })
    expect(() => runEpisode(env, fixedPolicy(env.actionSpace, [0]), { seed: 1, history: 1, maxSteps: 10 })).toThrow(/pendulum did not end its episode within 10 steps/)
  })
})
