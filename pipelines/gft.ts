/**
 * `gft`: a multi-spin group field theory condensate evolved in a relational
 * clock χ (docs/theory/gft.md): the volume, the effective Hubble rate and
 * Friedmann terms, the conserved E_j and Q_j, and the bounces and
 * recollapses of the volume.
 *
 *   evolveCondensate → withElapsed
 *
 * Records go to two Parquet datasets (metrics, one row per record; gft-events,
 * one row per bounce or recollapse) and to the console progress bar.
 */
import { join } from "node:path"
import { Schema, pipe } from "effect"
import { withElapsed } from "../operators/elapsed.js"
import { type ParquetSinkError, parquetDataset } from "../sinks/parquet-dataset.js"
import { type SinkResource, contramapSink } from "../sinks/sink.js"
import { condensateSection } from "../stages/gft/config.js"
import type { PhaseSpace } from "../stages/gft/phase-space.js"
import { type CondensateStart, evolveCondensate } from "../stages/gft/stage.js"
import { type GftRecord, eventsTable, metricsTable } from "../stages/gft/tables.js"
import { computeSection, runSection } from "./config/common.js"
import { gftMemory } from "./memory-estimate.js"
import type { Pipeline } from "./pipeline.js"
import { decodeFloat64, encodeFloat64 } from "./run/checkpoints.js"

export const gftConfig = Schema.Struct({
  run: runSection,
  compute: computeSection,
  condensate: condensateSection,
})

export type GftConfig = Schema.Schema.Type<typeof gftConfig>

/** What a checkpoint holds to continue exactly: the record, its step count and the phase space (base64 float64). */
interface CondensateCheckpoint {
  readonly cycle: number
  readonly step: number
  readonly state: { readonly x: string; readonly y: string; readonly px: string; readonly py: string }
}

const encodeCheckpoint = (record: GftRecord): CondensateCheckpoint => ({
  cycle: record.cycle,
  step: record.step,
  state: { x: encodeFloat64(record.state.x), y: encodeFloat64(record.state.y), px: encodeFloat64(record.state.px), py: encodeFloat64(record.state.py) },
})

const decodeCheckpoint = (saved: unknown): CondensateStart => {
  const s = saved as CondensateCheckpoint
  const state: PhaseSpace = { x: decodeFloat64(s.state.x), y: decodeFloat64(s.state.y), px: decodeFloat64(s.state.px), py: decodeFloat64(s.state.py) }
  return { cycle: s.cycle, step: s.step, state }
}

export const gft: Pipeline<GftConfig, Schema.Schema.Encoded<typeof gftConfig>> = {
  name: "gft",
  description: "GFT condensate cosmology: volume, Hubble rate and Friedmann terms in a relational clock, with bounces and recollapses",
  schema: gftConfig,
  estimateMemory: gftMemory,
  run: ({ config, run, metadata, resume, record }) => {
    const start = resume === null ? undefined : decodeCheckpoint(resume.state)
    const records = pipe(
      evolveCondensate(config.condensate, { cycles: config.run.cycles, ...(start === undefined ? {} : { start }) }),
      withElapsed,
    )
    const dataset = (name: string) => ({ directory: join(run.path, name), metadata })
    const sinks: ReadonlyArray<SinkResource<GftRecord, ParquetSinkError>> = [
      parquetDataset(metricsTable(config.condensate.spins), dataset("metrics")),
      contramapSink(parquetDataset(eventsTable, dataset("gft-events")), (r: GftRecord) => r.events.map((event) => ({ cycle: r.cycle, event }))),
    ]
    return record(records, sinks, (r) => encodeCheckpoint(r))
  },
}
