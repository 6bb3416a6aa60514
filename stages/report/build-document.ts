/**
 * The whitepaper of one run, as a document: the run, its configuration, the
 * pipeline's own sections, the invariant checks, environment and versions,
 * reproducibility, and the datasets with their columns.
 */
import { Effect } from "effect"
import type { BlockError } from "./blocks.js"
import { type Document, type Section, code, text } from "./document.js"
import type { RunData } from "./run-data.js"
import { type Check, checksSection } from "./sections/checks.js"
import { ensemblePruningSections } from "./sections/ensemble-pruning.js"
import { gftSections } from "./sections/gft.js"
import { configurationSection, datasetsSection, environmentSection, reproducibilitySection, runSection } from "./sections/overview.js"
import { recordedTableSections } from "./sections/recorded-tables.js"
import { simulateSections } from "./sections/simulate.js"
import { tensorNetworkSections } from "./sections/tensor-networks.js"
import { trainSections } from "./sections/train.js"

type PipelineSections = (data: RunData) => Effect.Effect<{ readonly sections: readonly Section[]; readonly checks: readonly Check[] }, BlockError>

/** The sections written for each pipeline; any other (evaluate among them) gets its tables plotted by column name. */
const byPipeline: Readonly<Record<string, PipelineSections>> = {
  simulate: simulateSections,
  gft: gftSections,
  "tensor-networks": tensorNetworkSections,
  "ensemble-pruning": ensemblePruningSections,
  train: trainSections,
}

export const buildDocument = (data: RunData): Effect.Effect<Document, BlockError> =>
  Effect.gen(function* () {
    const own = yield* (byPipeline[data.manifest.pipeline] ?? recordedTableSections)(data)
    return {
      title: [text("HHmL "), code(data.manifest.pipeline), text(" run "), code(data.id)],
      runId: data.id,
      pipeline: data.manifest.pipeline,
      sections: [
        yield* runSection(data),
        configurationSection(data),
        ...own.sections,
        yield* checksSection(data, own.checks),
        environmentSection(data),
        reproducibilitySection(data),
        yield* datasetsSection(data),
      ],
    }
  })
