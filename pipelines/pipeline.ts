/**
 * What a pipeline is to the CLI: a named, documented composition of stages
 * with a config schema and a default config file, run inside a run directory.
 */
import type { Effect, Schema, Scope } from "effect"
import type { ChosenBackend } from "../stages/compute/backend.js"
import type { Prng } from "../stages/prng.js"
import type { ComputeConfig, RunConfig } from "./config/common.js"
import type { MemoryEstimate } from "./memory-estimate.js"
import type { Checkpoint } from "./run/checkpoints.js"
import type { RecordRun } from "./run/record.js"
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
  /** The checkpoint to continue from (a resumed run), or null to start at cycle 0. */
  readonly resume: Checkpoint | null
  /** Writes the records into the sinks, with progress, the manifest's cycle count and checkpoints. */
  readonly record: RecordRun
}

export interface Pipeline<C extends PipelineConfig, I = unknown> {
  readonly name: string
  readonly description: string
  /** Decodes the YAML input (I) into the resolved config (C), filling defaults. */
  readonly schema: Schema.Schema<C, I>
  /** Runs the pipeline to completion; its scope closes every sink it opened. */
  readonly run: (context: RunContext<C>) => Effect.Effect<void, unknown, Scope.Scope>
  /** Peak memory of a run of this config (pipelines/memory-estimate.ts), checked before the run starts. */
  readonly estimateMemory?: (config: C) => MemoryEstimate
}

/**
 * A pipeline whose config type is known only to itself: the registry holds
 * pipelines of different configs, and each is only ever run with the config
 * its own schema decoded.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPipeline = Pipeline<any, any>
