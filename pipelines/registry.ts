/**
 * Every pipeline the CLI can run, by name.
 */
import type { AnyPipeline } from "./pipeline.js"
import { ensemblePruning } from "./ensemble-pruning.js"
import { evaluate } from "./evaluate.js"
import { gft } from "./gft.js"
import { simulate } from "./simulate.js"
import { tensorNetworks } from "./tensor-networks.js"
import { train } from "./train.js"

export const pipelines: readonly AnyPipeline[] = [simulate, gft, tensorNetworks, ensemblePruning, train, evaluate]

export const findPipeline = (name: string): AnyPipeline | undefined => pipelines.find((p) => p.name === name)
