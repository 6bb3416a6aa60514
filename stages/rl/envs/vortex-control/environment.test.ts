import { Cause, Chunk, Effect, Exit, Option, Stream, pipe } from "effect"
import { describe, expect, it } from "vitest"
import { createWorkerPool } from "../../../compute/parallel.js"
import { Prng } from "../../../prng.js"
import { holographicDrive, lattice } from "../../../simulation/index.js"
import { cgle } from "../../../simulation/dynamics/equation.js"
import { createIntegrator } from "../../../simulation/dynamics/integrator.js"
import { noiseField } from "../../../simulation/dynamics/initial-field.js"
import { contains, type StepResult } from "../../environment.js"
import { EnvironmentConfigError } from "./config.js"
import type { VortexControlEnvironment } from "./environment.js"
import { vortexEnvironment } from "./stage.js"
import { testConfig, testEnvironment } from "./testing.js"

const episode = (env: VortexControlEnvironment, seed: number, actions: readonly number[][]) => {
  const start = env.reset(seed)
  return { start, steps: actions.map((a) => env.step(Float64Array.from(a))) }
}

const plain = (results: readonly StepResult[]) =>
  results.map((r) => ({ observation: Array.from(r.observation), reward: r.reward, terminated: r.terminated, truncated: r.truncated, info: r.info }))

const actions = [
  [0.5, -0.2],
  [1, 0.9],
  [-0.3, 0.4],
  [0.8, -1],
  [0.1, 0.6],
  [-1, 0],
]

describe("vortex-control environment", () => {
  it("has normalised Box action space named after the controls, and observation names for every entry", async () => {
    const env = await testEnvironment()
    expect(env.actionNames).toEqual(["driveAmplitude", "wavenumber"])
    expect(Array.from(env.actionSpace.low)).toEqual([-1, -1])
    expect(Array.from(env.actionSpace.high)).toEqual([1, 1])
    const { observation } = env.reset(1)
    expect(observation).toHaveLength(env.observationNames.length)
    expect(env.observationNames.slice(-2)).toEqual(["driveAmplitudeSetting", "wavenumberSetting"])
    expect(contains(env.observationSpace, observation)).toBe(true)
    env.dispose()
  })

  it("reset(seed) twice gives identical trajectories; another seed another one", async () => {
    const env = await testEnvironment()
    const a = episode(env, 7, actions)
    const b = episode(env, 7, actions)
    const c = episode(env, 8, actions)
    expect(Array.from(b.start.observation)).toEqual(Array.from(a.start.observation))
    expect(plain(b.steps)).toEqual(plain(a.steps))
    expect(plain(c.steps)).not.toEqual(plain(a.steps))
    env.dispose()
  })

  it("draws the target per episode inside [targetMin, targetMax], and keeps a fixed one when they are equal", async () => {
    const env = await testEnvironment({ environment: { targetMin: 0.05, targetMax: 0.09 } })
    const targets = [1, 2, 3, 4, 5, 6].map((seed) => env.reset(seed).info.metrics!.targetDensity!)
    for (const t of targets) expect(t).toBeGreaterThanOrEqual(0.05)
    for (const t of targets) expect(t).toBeLessThan(0.09)
    expect(new Set(targets).size).toBe(targets.length)
    const fixed = await testEnvironment({ environment: { targetMin: 0.07, targetMax: 0.07 } })
    expect([1, 2, 3].map((seed) => fixed.reset(seed).info.metrics!.targetDensity)).toEqual([0.07, 0.07, 0.07])
    env.dispose()
    fixed.dispose()
  })

  it("truncates at the episode length, and refuses to step after the end or before a reset", async () => {
    const env = await testEnvironment({ environment: { episodeLength: 3 } })
    expect(() => env.step(Float64Array.of(0, 0))).toThrow(/step before reset/)
    const { steps } = episode(env, 1, actions.slice(0, 3))
    expect(steps.map((s) => s.truncated)).toEqual([false, false, true])
    expect(steps.map((s) => s.terminated)).toEqual([false, false, false])
    expect(() => env.step(Float64Array.of(0, 0))).toThrow(/episode has ended/)
    env.dispose()
  })

  it("rejects actions of the wrong length or with non-finite entries, and clips the rest into [-1, 1]", async () => {
    const env = await testEnvironment()
    env.reset(1)
    expect(() => env.step(Float64Array.of(0))).toThrow(/2 entries \(driveAmplitude, wavenumber\), got 1/)
    expect(() => env.step(Float64Array.of(0, NaN))).toThrow(/action\[1\] \(wavenumber\) must be a finite number/)
    const step = env.step(Float64Array.of(5, -7))
    expect(step.info.metrics!.driveAmplitude).toBe(4)
    expect(step.info.metrics!.wavenumber).toBe(0)
    env.dispose()
  })

  it("reports the reward's components, which sum to it, and the step metrics", async () => {
    const env = await testEnvironment({ environment: { controls: ["driveAmplitude", "wavenumber", "gain"] } })
    env.reset(2)
    const step = env.step(Float64Array.of(0.2, 0.5, -0.4))
    const { tracking, effort, instability } = step.info.components!
    expect(step.reward).toBe(tracking! + effort! + instability!)
    expect(tracking).toBeGreaterThan(0)
    expect(effort).toBeLessThan(0)
    expect(instability).toBeLessThan(0)
    expect(Object.keys(step.info.metrics!).sort()).toEqual(
      [
        "vortexDensity",
        "positive",
        "negative",
        "chargeBalance",
        "normPerNode",
        "freeEnergyPerNode",
        "phaseCoherence",
        "targetDensity",
        "time",
        "driveAmplitude",
        "wavenumber",
        "gain",
      ].sort(),
    )
    // absolute mapping: a = 0.2 → 0 + 0.6 · 4; a = -0.4 → 0 + 0.3 · 4.
    expect(step.info.metrics!.driveAmplitude).toBeCloseTo(2.4, 12)
    expect(step.info.metrics!.gain).toBeCloseTo(1.2, 12)
    expect(step.info.metrics!.time).toBeCloseTo((10 + 5) * 0.05, 12)
    env.dispose()
  })

  it("state()/load() mid-episode, through JSON, then continuing equals continuing directly, bit for bit", async () => {
    const controls = ["driveAmplitude", "wavenumber", "phaseWinding", "twistHolonomy", "gain", "vortexSeeding", "pairAnnihilation"]
    const overrides = { environment: { episodeLength: 10, controls } }
    const env = await testEnvironment(overrides)
    const other = await testEnvironment(overrides)
    const act = (i: number) => Float64Array.from(controls, (_, j) => Math.sin(1.7 * i + j))
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      env.reset(seed)
      for (let i = 0; i < 4; i++) env.step(act(i))
      const saved = JSON.parse(JSON.stringify(env.state()))
      const direct = [4, 5, 6, 7].map((i) => env.step(act(i)))
      other.reset(99)
      other.load(saved)
      const resumed = [4, 5, 6, 7].map((i) => other.step(act(i)))
      expect(plain(resumed)).toEqual(plain(direct))
      expect(Array.from(other.field().re)).toEqual(Array.from(env.field().re))
    }
    env.dispose()
    other.dispose()
  })

  it("refuses a state from another environment or task", async () => {
    const env = await testEnvironment()
    env.reset(1)
    const saved = env.state()
    const other = await testEnvironment({ environment: { controls: ["gain"] } })
    expect(() => other.load(saved)).toThrow(/its controls are \["driveAmplitude","wavenumber"\], these \["gain"\]/)
    expect(() => other.load({ environment: "pendulum" })).toThrow(/not a state of this hhml-vortex-control environment/)
    env.dispose()
    other.dispose()
  })

  it("ends the episode when the norm passes divergenceNorm: terminated, a reason, the divergence penalty, no exception", async () => {
    const env = await testEnvironment({ environment: { divergenceNorm: 1.5, divergencePenalty: 7 } })
    env.reset(1)
    // ε = 4 at k = 0 drives the norm per node well above 1.5.
    const step = env.step(Float64Array.of(1, -1))
    expect(step.terminated).toBe(true)
    expect(step.info.reason).toMatch(/norm per node .* exceeds environment.divergenceNorm = 1.5/)
    expect(step.info.components!.instability).toBe(-7)
    expect(step.info.components!.tracking).toBe(0)
    expect(step.reward).toBe(step.info.components!.tracking! + step.info.components!.effort! + step.info.components!.instability!)
    expect(step.info.metrics!.normPerNode).toBeGreaterThan(1.5)
    expect(step.observation.every(Number.isFinite)).toBe(true)
    expect(() => env.step(Float64Array.of(0, 0))).toThrow(/episode has ended/)
    env.dispose()
  })

  it("ends the episode when the field turns to NaN (an unstable step), with a reason and a finite observation", async () => {
    // μ dt = 3 puts the amplitude relaxation rate -2μ outside RK4's stability interval: the field overflows.
    const env = await testEnvironment({ dynamics: { b: 0, c: 0, mu: 10, dt: 0.3 }, environment: { warmupSteps: 0, stepsPerAction: 200, divergenceNorm: 1e12 } })
    const start = env.reset(1)
    expect(start.info.reason).toBeUndefined()
    const step = env.step(Float64Array.of(0, 0))
    expect(step.terminated).toBe(true)
    expect(step.info.reason).toMatch(/no longer finite/)
    expect(Number.isFinite(step.info.metrics!.normPerNode!)).toBe(false)
    expect(step.observation.every(Number.isFinite)).toBe(true)
    expect(step.reward).toBe(step.info.components!.effort! - 10)
    // Its state loads (the NaN field is not kept: only a reset may follow), and the next episode starts cleanly.
    const other = await testEnvironment({ dynamics: { b: 0, c: 0, mu: 10, dt: 0.3 }, environment: { warmupSteps: 0, stepsPerAction: 200, divergenceNorm: 1e12 } })
    other.load(JSON.parse(JSON.stringify(env.state())))
    expect(() => other.step(Float64Array.of(0, 0))).toThrow(/step before reset/)
    expect(other.reset(2).observation.every(Number.isFinite)).toBe(true)
    other.dispose()
    env.dispose()
  })

  it("a field that diverges during warm-up is reported at reset and ends the first step", async () => {
    const env = await testEnvironment({ dynamics: { b: 0, c: 0, mu: 10, dt: 0.3 }, environment: { warmupSteps: 200, divergenceNorm: 1e12 } })
    const start = env.reset(1)
    expect(start.info.reason).toMatch(/no longer finite/)
    expect(start.observation.every(Number.isFinite)).toBe(true)
    const step = env.step(Float64Array.of(0, 0))
    expect(step.terminated).toBe(true)
    expect(step.info.reason).toBe(start.info.reason)
    env.dispose()
  })

  it("runs on a worker pool (a lattice above the parallel threshold) bit for bit as without one", async () => {
    const pool = await createWorkerPool({ threads: 2 })
    try {
      const overrides = { lattice: { nu: 128, nv: 36 }, environment: { episodeLength: 3, controls: ["driveAmplitude", "wavenumber", "pairAnnihilation", "vortexSeeding"] } }
      const pooled = await testEnvironment(overrides, "js", pool)
      const serial = await testEnvironment(overrides)
      const moves = [
        [0.5, 0.2, 1, 0.5],
        [1, -0.4, 0.2, 1],
        [0, 0.7, 1, 0],
      ]
      expect(plain(episode(pooled, 2, moves).steps)).toEqual(plain(episode(serial, 2, moves).steps))
      pooled.dispose()
      serial.dispose()
    } finally {
      await pool.close()
    }
  })

  it("at its config values evolves the field exactly as the plain integrator does", async () => {
    // pairAnnihilation at a = 0 changes nothing and draws nothing.
    const config = testConfig({ environment: { controls: ["pairAnnihilation"], targetMin: 0.05, targetMax: 0.1 } })
    const env = await testEnvironment({ environment: { controls: ["pairAnnihilation"], targetMin: 0.05, targetMax: 0.1 } })
    env.reset(5)
    env.step(Float64Array.of(-1))
    const driven = await Effect.runPromise(
      Stream.runCollect(pipe(lattice(config.lattice), holographicDrive(config.drive, { prng: Prng.seeded(1) }))),
    ).then(Chunk.unsafeHead)
    // The episode's draws, from the seeded generator jumped ahead, in order: the target, the source disorder ξ_s (no effect: variance 0), the initial field.
    const prng = Prng.seeded(5).split()
    prng.uniform()
    prng.fillNormal(new Float64Array(config.drive.sourceCount))
    const initial = noiseField(driven.lattice.nodeCount, prng, config.dynamics.initialNoise)
    const equation = cgle({ ...config.dynamics, drive: { amplitude: config.drive.epsilon, frequency: config.drive.omega, profile: driven.drive.profile } })
    const integrator = createIntegrator(driven.lattice, equation, { dt: config.dynamics.dt, initial })
    // Warm-up, then one action (the drive's phase is evaluated at time + step · dt within each call).
    integrator.advance(10)
    integrator.advance(5)
    expect(Array.from(env.field().re)).toEqual(Array.from(integrator.read().re))
    expect(Array.from(env.field().im)).toEqual(Array.from(integrator.read().im))
    integrator.dispose()
    env.dispose()
  })
})

const configFailure = async (overrides: Parameters<typeof testConfig>[0]): Promise<EnvironmentConfigError> => {
  const config = testConfig(overrides)
  const exit = await Effect.runPromiseExit(
    Stream.runCollect(pipe(lattice(config.lattice), holographicDrive(config.drive, { prng: Prng.seeded(1) }), vortexEnvironment(config, { kernel: "js" }))),
  )
  if (!Exit.isFailure(exit)) throw new Error("expected the stage to fail")
  const failure = Option.getOrThrow(Cause.failureOption(exit.cause))
  expect(failure._tag).toBe("StageError")
  const cause = (failure as { cause?: unknown }).cause
  expect(cause).toBeInstanceOf(EnvironmentConfigError)
  return cause as EnvironmentConfigError
}

describe("vortex-control config errors name the key, the expectation and the value", () => {
  it("a control that cannot act on the lattice", async () => {
    const coupling = await configFailure({ environment: { controls: ["interStripCoupling"] } })
    expect(coupling.path).toBe("environment.controls")
    expect(coupling.message).toMatch(/"interStripCoupling": it needs inter-strip edges, which only a tokamak lattice with 2 or more strips has \(this one: mobius\)/)
    const twist = await configFailure({ lattice: { geometry: "sphere", nodes: 64 }, environment: { controls: ["twistHolonomy"] } })
    expect(twist.message).toMatch(/"twistHolonomy": a sphere lattice has no seam edges/)
  })

  it("the NLS model, and a lattice without faces", async () => {
    const nls = await configFailure({ dynamics: { model: "nls" } })
    expect(nls.path).toBe("dynamics.model")
    expect(nls.message).toMatch(/Expected "cgle" .* actual "nls"/)
    const ring = await configFailure({ lattice: { geometry: "ring", nodes: 16 } })
    expect(ring.path).toBe("lattice.geometry")
    expect(ring.message).toMatch(/actual "ring", which has none/)
  })

  it("a starting value outside an active control's range", async () => {
    const error = await configFailure({ drive: { epsilon: 9 } })
    expect(error.path).toBe("drive.epsilon")
    expect(error.message).toMatch(/\[0, 4\] .* actual 9/)
  })

  it("a time step too long for some value an active control can reach", async () => {
    // |1 + 3i| · 2 · max degree 4 = 25.3: the RK4 limit is 2.6 / 25.3 = 0.103.
    const error = await configFailure({ dynamics: { dt: 0.2, b: 0 }, environment: { controls: ["linearDispersion"] } })
    expect(error.path).toBe("dynamics.dt")
    expect(error.message).toMatch(/<= 0\.1028.* actual 0\.2/)
  })
})
