/**
 * The `train` and `evaluate` pipelines end to end, in-process, into a
 * temporary data directory, with small agents: exact resume through the run
 * directory (N cycles, checkpoint, --resume to 2N equals 2N straight) on
 * Pendulum and on the HHmL task, the metrics columns, config errors, and an
 * evaluation on held-out seeds.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { Cause, Effect, Exit, Option } from "effect"
import { ConfigError } from "./config/config-error.js"
import { afterAll, describe, expect, it } from "vitest"
import type { AnyPipeline } from "./pipeline.js"
import { configsDir } from "./cli/run-command.js"
import { loadConfig } from "./config/load-config.js"
import { evaluate } from "./evaluate.js"
import { executePipeline } from "./run/execute.js"
import type { Manifest } from "./run/manifest.js"
import { train } from "./train.js"

const directories: string[] = []
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))))

const resultsDir = async () => {
  const directory = await mkdtemp(join(tmpdir(), "hhml-train-"))
  directories.push(directory)
  return join(directory, "results")
}

const small = ["agent.hiddenUnits=8", "agent.batchSize=8", "agent.warmupSteps=10", "agent.bufferSize=100", "agent.environments=2"]
const pendulumSettings = ["task.environment=pendulum", ...small]
const hhmlSettings = [
  "task.environment=hhml",
  "lattice.nu=24",
  "lattice.nv=8",
  "environment.episodeLength=5",
  "environment.stepsPerAction=4",
  "environment.warmupSteps=8",
  ...small,
]

const execute = async (pipeline: AnyPipeline, results: string, overrides: readonly string[], resume?: { path: string }) => {
  const file = resume === undefined ? join(configsDir, `${pipeline.name}.yaml`) : join(resume.path, "config.yaml")
  const config = await Effect.runPromise(loadConfig(pipeline.schema, { file, overrides }))
  const manifest = resume === undefined ? undefined : (JSON.parse(await readFile(join(resume.path, "manifest.json"), "utf8")) as Manifest)
  return Effect.runPromiseExit(
    executePipeline(pipeline, config, {
      resultsDir: results,
      configFile: file,
      command: ["test", pipeline.name],
      ...(resume === undefined ? {} : { resume: { path: resume.path, manifest: manifest! } }),
    }),
  )
}

const runPath = async (pipeline: AnyPipeline, results: string, overrides: readonly string[], resume?: { path: string }) => {
  const exit = await execute(pipeline, results, overrides, resume)
  if (Exit.isFailure(exit)) throw new Error(`${pipeline.name} failed: ${JSON.stringify(exit.cause)}`)
  return exit.value.path
}

/** The typed error a failed run ended with. */
const failure = (exit: Exit.Exit<unknown, unknown>): unknown =>
  Exit.isFailure(exit) ? Option.getOrElse(Cause.failureOption(exit.cause), () => Cause.squash(exit.cause)) : "completed"

const rows = async (path: string, dataset: string, order: string) => {
  const connection = await (await DuckDBInstance.create(":memory:")).connect()
  try {
    const exclude = dataset === "metrics" ? "EXCLUDE (wall_time)" : ""
    return (await connection.runAndReadAll(`SELECT * ${exclude} FROM read_parquet('${join(path, dataset)}/*.parquet') ORDER BY ${order}`)).getRowObjectsJson()
  } finally {
    connection.closeSync()
  }
}

/** N cycles, then --resume to 2N, against 2N straight: the same rows. */
const resumeMatches = async (settings: readonly string[], n: number) => {
  const straight = await runPath(train, await resultsDir(), [...settings, `run.cycles=${2 * n}`, `run.checkpointEvery=${n}`])
  const results = await resultsDir()
  const path = await runPath(train, results, [...settings, `run.cycles=${n}`, `run.checkpointEvery=${n}`])
  expect(await rows(path, "metrics", "cycle, environment")).toHaveLength(2 * n)
  await runPath(train, results, [`run.cycles=${2 * n}`], { path })
  const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest
  expect(manifest).toMatchObject({ status: "completed", cyclesCompleted: 2 * n, resumes: [{ fromCycle: n - 1 }] })
  const expected = await rows(straight, "metrics", "cycle, environment")
  expect(expected.map((r) => Number(r.cycle))).toEqual(Array.from({ length: 4 * n }, (_, i) => Math.floor(i / 2)))
  expect(await rows(path, "metrics", "cycle, environment")).toEqual(expected)
  return expected
}

describe("train pipeline", () => {
  it("Pendulum: N cycles, checkpoint, resume, N more equal 2N straight, with every metrics column", async () => {
    const metrics = await resumeMatches(pendulumSettings, 20)
    expect(Object.keys(metrics[0]!)).toEqual(
      expect.arrayContaining(["reward", "reward_angle", "reward_velocity", "reward_effort", "theta", "theta_dot", "torque", "action_torque", "critic_loss", "actor_loss", "q1", "q2", "episode_return"]),
    )
    // Learning starts after the warm-up of 10 steps (5 cycles of 2 environments).
    expect(metrics.filter((r) => r.critic_loss !== null).map((r) => Number(r.cycle))[0]).toBe(5)
  })

  it("HHmL: exact resume of the vortex-control task across episode ends", async () => {
    const metrics = await resumeMatches(hhmlSettings, 8)
    expect(Object.keys(metrics[0]!)).toEqual(
      expect.arrayContaining(["vortex_density", "target_density", "reward_tracking", "reward_effort", "reward_instability", "action_drive_amplitude", "action_wavenumber", "drive_amplitude", "wavenumber"]),
    )
    expect(metrics.filter((r) => r.episode_return !== null)).toHaveLength(6)
  })

  it("reports an environment config that does not fit the dynamics as a config error naming the key", async () => {
    const error = failure(await execute(train, await resultsDir(), [...hhmlSettings, "dynamics.model=nls", "run.cycles=2"]))
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).issues[0]).toMatchObject({ path: "dynamics.model", message: expect.stringMatching(/Expected "cgle"/) })
  })
})

describe("evaluate pipeline", () => {
  it("runs the trained, random, fixed and best fixed policies on held-out seeds of the newest train run", async () => {
    const results = await resultsDir()
    const trained = await runPath(train, results, [...pendulumSettings, "run.cycles=30"])
    const path = await runPath(evaluate, results, ["run.cycles=3", "evaluation.firstSeed=5"])
    const table = await rows(path, "evaluation", "cycle, policy")
    expect(table.map((r) => [Number(r.cycle), r.policy, Number(r.seed)])).toEqual(
      [0, 1, 2].flatMap((c) => ["best-fixed", "fixed", "random", "trained"].map((p) => [c, p, 2 ** 30 + 5 + c])),
    )
    for (const r of table) {
      expect(Number(r.episode_length)).toBe(200)
      expect(Number(r.episode_return)).toBeCloseTo(200 * Number(r.mean_reward_angle) + 200 * Number(r.mean_reward_velocity) + 200 * Number(r.mean_reward_effort), 6)
    }
    // No torque: the fixed policy's mean effort term is exactly 0.
    expect(table.filter((r) => r.policy === "fixed").every((r) => Number(r.mean_reward_effort) === 0)).toBe(true)
    // The best fixed torque is one of the 5 grid values -2, -1, 0, 1, 2, held at every step.
    const bestTorques = table.filter((r) => r.policy === "best-fixed").map((r) => Number(r.mean_torque))
    expect(new Set(bestTorques).size).toBe(1)
    expect([-2, -1, 0, 1, 2]).toContain(bestTorques[0])
    const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest
    expect(manifest.status).toBe("completed")
    expect(trained).not.toBe(path)
  })

  it("refuses a grid of more fixed actions than it will try, naming the key", async () => {
    const results = await resultsDir()
    // Two controls: 33² = 1089 grid actions.
    await runPath(train, results, [...hhmlSettings, "run.cycles=4"])
    const error = failure(await execute(evaluate, results, ["evaluation.fixedGrid=33", "run.cycles=1"]))
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).issues[0]).toMatchObject({ path: "evaluation.fixedGrid", message: expect.stringContaining("Expected at most 1024 grid actions, actual 33^2 = 1089") })
  })

  it("names the train runs it knows when evaluation.from is not one of them", async () => {
    const error = failure(await execute(evaluate, await resultsDir(), ["evaluation.from=no-such-run", "run.cycles=1"]))
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toMatch(/evaluation.from: .*train runs with a checkpoint: none\), actual "no-such-run"/)
  })
})
