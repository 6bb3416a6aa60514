/**
 * Reinforcement learning: TD3 updates per second (256-256 networks, batch
 * 256: critics, delayed actor and targets) on every available tfjs backend,
 * and environment steps per second: Pendulum and the HHmL vortex-control task
 * at the size of configs/train.yaml (js kernel).
 */
import { join } from "node:path"
import { Chunk, Effect, Schema, Stream } from "effect"
import { configsDir } from "../pipelines/cli/run-command.js"
import { loadConfig } from "../pipelines/config/load-config.js"
import { environments, train } from "../pipelines/train.js"
import { type BackendProbe, initBackend } from "../stages/compute/backend.js"
import { Prng } from "../stages/prng.js"
import { type Environment, box } from "../stages/rl/environment.js"
import { pendulum } from "../stages/rl/envs/pendulum.js"
import { ReplayBuffer } from "../stages/rl/replay-buffer.js"
import { td3, td3Fields } from "../stages/rl/td3.js"
import { type Benchmark, type BenchContext, measure, type Result } from "./harness.js"

const sizes = { full: { hidden: 256, batch: 256 }, quick: { hidden: 16, batch: 16 } } as const

/** Updates/s of a TD3 agent on Pendulum's dimensions (3 observations, 1 action), on one backend. */
const updates = async (context: BenchContext, backend: BackendProbe["name"]): Promise<Result> => {
  const { hidden, batch } = context.quick ? sizes.quick : sizes.full
  await initBackend(backend)
  const config = Schema.decodeUnknownSync(Schema.Struct(td3Fields))({ hiddenUnits: hidden, batchSize: batch })
  const prng = Prng.seeded(1)
  const agent = td3(config, { observationSize: 3, actionSpace: box([-2], [2]) }, prng)
  const buffer = new ReplayBuffer({ capacity: 4096, observationSize: 3, actionSize: 1 })
  for (let i = 0; i < 4096; i++) buffer.add([prng.normal(), prng.normal(), prng.normal()], [prng.between(-2, 2)], prng.normal(), [prng.normal(), prng.normal(), prng.normal()], false)
  context.log(`rl: TD3 updates, ${hidden}-${hidden}, batch ${batch}, ${backend}`)
  try {
    const timing = await measure((count) => {
      for (let k = 0; k < count; k++) agent.update(buffer.sample(prng, batch))
    }, context.settings)
    return { case: "td3 update", sizes: { hidden, layers: 2, batch }, kernel: "tfjs", backend, threads: null, unit: "update", itemsPerOp: 1, timing }
  } finally {
    agent.dispose()
  }
}

/** Steps/s of one environment under uniformly random actions, resetting at each episode's end. */
const steps = async (context: BenchContext, label: string, environment: Environment, sizes: Readonly<Record<string, number>>): Promise<Result> => {
  const prng = Prng.seeded(2)
  const { low, high } = environment.actionSpace
  let seed = 0
  environment.reset(seed++)
  context.log(`rl: ${label} environment steps`)
  const timing = await measure((count) => {
    for (let k = 0; k < count; k++) {
      const step = environment.step(Float64Array.from(low, (l, j) => prng.between(l, high[j]!)))
      if (step.terminated || step.truncated) environment.reset(seed++)
    }
  }, context.settings)
  environment.dispose()
  return { case: `${label} environment step`, sizes, kernel: "js", backend: null, threads: 1, unit: "step", itemsPerOp: 1, timing }
}

/** The HHmL environment of configs/train.yaml (quick: a 24 × 8 band). */
const hhmlEnvironment = async (quick: boolean) => {
  const file = join(configsDir, "train.yaml")
  const overrides = quick ? ["lattice.nu=24", "lattice.nv=8"] : []
  const config = await Effect.runPromise(loadConfig(train.schema, { file, overrides }))
  const [environment] = Chunk.toReadonlyArray(
    await Effect.runPromise(Stream.runCollect(environments({ ...config, task: { environment: "hhml" } }, { prng: Prng.seeded(1), kernel: "js", count: 1 }))),
  )
  return {
    environment: environment!,
    sizes: { nu: config.lattice.nu, nv: config.lattice.nv, stepsPerAction: config.environment.stepsPerAction, controls: config.environment.controls.length },
  }
}

export const rl: Benchmark = {
  name: "rl",
  description: "TD3 updates/s (256-256, batch 256) on each tfjs backend; Pendulum and HHmL (configs/train.yaml) environment steps/s",
  run: async (context) => {
    const results: Result[] = []
    for (const backend of context.backends) results.push(await updates(context, backend))
    results.push(await steps(context, "pendulum", pendulum(), { observations: 3, actions: 1 }))
    const hhml = await hhmlEnvironment(context.quick)
    results.push(await steps(context, "hhml vortex-control", hhml.environment, hhml.sizes))
    return results
  },
}
