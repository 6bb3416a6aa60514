/**
 * Every pipeline the CLI can run, by name.
 */
import type { AnyPipeline } from "./pipeline.js"
import { ensemblePruning } from "./ensemble-pruning.js"
import { gft } from "./gft.js"
import { simulate } from "./simulate.js"
import { tensorNetworks } from "./tensor-networks.js"

export const pipelines: readonly AnyPipeline[] = [simulate, gft, tensorNetworks, ensemblePruning]

export const findPipeline = (name: string): AnyPipeline | undefined => pipelines.find((p) => p.name === name)
