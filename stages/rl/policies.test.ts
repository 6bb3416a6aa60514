/**
 * Evaluation policies and episodes on Pendulum: an episode's return is the
 * sum of its rewards and its means are per step; the random policy stays in
 * the box; a fixed action outside the box is refused; the action grid and
 * the best fixed action on a task whose best action is known.
 */
import { describe, expect, it } from "vitest"
import { Prng } from "../prng.js"
import { type Environment, box, contains } from "./environment.js"
import { pendulum } from "./envs/pendulum.js"
import { actionGrid, bestFixedPolicy, fixedPolicy, randomPolicy, runEpisode } from "./policies.js"

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

  it("spans the action box with a grid, ends included, first dimension slowest", () => {
    const grid = actionGrid(box([-1, 0], [1, 5]), 3).map((a) => Array.from(a))
    expect(grid).toEqual([
      [-1, 0],
      [-1, 2.5],
      [-1, 5],
      [0, 0],
      [0, 2.5],
      [0, 5],
      [1, 0],
      [1, 2.5],
      [1, 5],
    ])
    expect(() => actionGrid(box([0], [1]), 1)).toThrow(/points must be an integer >= 2, got 1/)
  })

  it("picks the grid action with the best mean return over the tuning seeds", () => {
    // One step per episode, reward -(a - c)² with c = 0.3 on odd seeds and 0.1 on even ones: the best action is the grid point nearest 0.2.
    let centre = 0
    const task: Environment = {
      name: "nearest",
      observationSpace: box([0], [1]),
      actionSpace: box([-1], [1]),
      observationNames: ["c"],
      actionNames: ["a"],
      reset: (seed) => {
        centre = seed % 2 === 1 ? 0.3 : 0.1
        return { observation: Float64Array.of(centre), info: {} }
      },
      step: (action) => ({ observation: Float64Array.of(centre), reward: -((action[0]! - centre) ** 2), terminated: false, truncated: true, info: {} }),
      state: () => centre,
      load: () => {},
      dispose: () => {},
    }
    const best = bestFixedPolicy(task, actionGrid(task.actionSpace, 11), { seeds: [0, 1], history: 1 })
    expect(best.action[0]).toBeCloseTo(0.2, 12)
    expect(best.meanReturn).toBeCloseTo(-0.01, 12)
    expect(best.policy.name).toBe("best-fixed")
    expect(Array.from(best.policy.act(new Float32Array(1)))).toEqual(Array.from(best.action))
    expect(() => bestFixedPolicy(task, [], { seeds: [0], history: 1 })).toThrow(/at least one candidate/)
  })
})
