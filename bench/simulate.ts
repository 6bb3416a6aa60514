/**
 * The whole `simulate` pipeline (configs/simulate.yaml at a reduced cycle
 * count) run in-process through executePipeline into a temporary data
 * directory: cycles/s including lattice and drive setup, the vortex stages
 * and the Parquet sinks, with the js and the tfjs kernel.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { availableParallelism, tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { configsDir } from "../pipelines/cli/run-command.js"
import { loadConfig } from "../pipelines/config/load-config.js"
import { executePipeline } from "../pipelines/run/execute.js"
import { simulate as simulatePipeline } from "../pipelines/simulate.js"
import { kernelNames } from "../stages/compute/backend.js"
import { parallelNodeThreshold } from "../stages/simulation/dynamics/index.js"
import { buildLattice } from "../stages/simulation/lattice/index.js"
import { type Benchmark, measure, type Result } from "./harness.js"

const cycles = { full: 40, quick: 3 } as const

export const simulate: Benchmark = {
  name: "simulate",
  description: "the simulate pipeline (configs/simulate.yaml, fewer cycles) end to end, in-process, into a temporary data dir: cycles/s",
  run: async (context) => {
    const file = join(configsDir, "simulate.yaml")
    const count = context.quick ? cycles.quick : cycles.full
    const dataDir = mkdtempSync(join(tmpdir(), "hhml-bench-"))
    try {
      const results: Result[] = []
      for (const kernel of kernelNames) {
        const config = await Effect.runPromise(loadConfig(simulatePipeline.schema, { file, overrides: [`run.cycles=${count}`, `compute.kernel=${kernel}`] }))
        let backend: string | null = null
        const runOnce = async () => {
          const run = await Effect.runPromise(
            executePipeline(simulatePipeline, config, { resultsDir: join(dataDir, "results"), configFile: file, command: ["bench", "simulate"] }),
          )
          backend = run.manifest().compute.backend
        }
        context.log(`simulate: ${count} cycles, ${kernel}`)
        const timing = await measure(async (runs) => {
          for (let r = 0; r < runs; r++) await runOnce()
        }, context.settings)
        const nodes = buildLattice(config.lattice).nodeCount
        const sizes = { nodes, cycles: count, stepsPerCycle: config.dynamics.stepsPerFrame }
        results.push({
          case: `simulate (${config.lattice.geometry})`,
          sizes,
          kernel,
          backend: kernel === "tfjs" ? backend : null,
          // The evolve stage steps on a pool of every core from parallelNodeThreshold nodes on.
          threads: kernel === "tfjs" ? null : nodes >= parallelNodeThreshold ? availableParallelism() : 1,
          unit: "cycle",
          itemsPerOp: count,
          timing,
        })
      }
      return results
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
}
