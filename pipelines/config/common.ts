/**
 * Config sections every pipeline has: the run (seed, length) and the compute
 * choice (which kernel, which tfjs backend).
 */
import type { Schema } from "effect"
import { backendPreferences, kernelNames } from "../../stages/compute/backend.js"
import { choice, integer, section } from "../../stages/parameters.js"

export const runSection = section(
  {
    seed: integer({ default: 1, min: 0, max: Number.MAX_SAFE_INTEGER, description: "Seed of the run's PRNG: equal (config, seed) give equal results" }),
    cycles: integer({ default: 200, min: 1, description: "Number of cycles (records) the run produces", unit: "cycles" }),
    checkpointEvery: integer({
      default: 100,
      min: 1,
      unit: "cycles",
      description: "Cycles between checkpoints (one is also taken at the end); --resume continues from the newest",
    }),
  },
  "The run: its seed and length",
)

export const computeSection = section(
  {
    kernel: choice({ values: kernelNames, default: "js", description: "Op implementation: js (typed arrays, worker threads) or tfjs (TensorFlow.js tensors)" }),
    backend: choice({ values: backendPreferences, default: "auto", description: "TensorFlow.js backend for tfjs kernels; auto picks the best installed" }),
  },
  "Where the numerics run",
)

export type RunConfig = Schema.Schema.Type<typeof runSection>
export type ComputeConfig = Schema.Schema.Type<typeof computeSection>
