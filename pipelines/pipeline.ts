/**
 * What a pipeline is to the CLI: a named, documented composition of stages
 * with a config schema and a default config file, run inside a run directory.
 */
import type { Effect, Schema, Scope } from "effect"
import type { ChosenBackend } from "../stages/compute/backend.js"
import type { Prng } from "../stages/prng.js"
import type { ComputeConfig, RunConfig } from "./config/common.js"
import type { RunDirectory } from "./run/run-directory.js"

/** Every pipeline config has a `run` and a `compute` section. */
export interface PipelineConfig {
  readonly run: RunConfig
  readonly compute: ComputeConfig
}

export interface RunContext<C extends PipelineConfig> {
  readonly config: C
  readonly run: RunDirectory
  /** The run's PRNG, seeded from `config.run.seed`; the only source of randomness. */
  readonly prng: Prng
  readonly backend: ChosenBackend
  /** Key-value metadata every result file should carry (run id, pipeline, config hash). */
  readonly metadata: Readonly<Record<string, string>>
}

export interface Pipeline<C extends PipelineConfig = PipelineConfig> {
  readonly name: string
  readonly description: string
  readonly schema: Schema.Schema<C, unknown>
  /** Runs the pipeline to completion; its scope closes every sink it opened. */
  readonly run: (context: RunContext<C>) => Effect.Effect<void, unknown, Scope.Scope>
}
