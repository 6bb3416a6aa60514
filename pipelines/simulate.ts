/**
 * `simulate`: a field on a lattice, optionally driven by holographic sources,
 * evolved by the CGLE or NLS, with vortices detected and tracked every cycle.
 *
 *   lattice → holographicDrive → evolve → measureField → detectVortices → trackVortices
 *
 * Records go to three Parquet datasets (metrics, vortex events, ended
 * worldlines), to the console progress bar and, with `--monitor`, to the live
 * monitor (metrics, vortex events, the field with its vortices).
 */
import { join } from "node:path"
import { Effect, Schema, Stream, pipe } from "effect"
import { withElapsed } from "../operators/elapsed.js"
import { type ArrowSinkError, arrowIpcDataset } from "../sinks/arrow-ipc.js"
import { type ParquetSinkError, parquetDataset } from "../sinks/parquet-dataset.js"
import { type SinkResource, contramapSink } from "../sinks/sink.js"
import { measureField } from "../stages/simulation/diagnostics.js"
import { simulationMonitorView } from "../stages/simulation/monitor-view.js"
import { driveSection } from "../stages/simulation/drive/config.js"
import { holographicDrive } from "../stages/simulation/drive/stage.js"
import { dynamicsSection } from "../stages/simulation/dynamics/config.js"
import { evolve } from "../stages/simulation/dynamics/stage.js"
import { latticeSection } from "../stages/simulation/lattice/config.js"
import { lattice } from "../stages/simulation/lattice/stage.js"
import { type SimulationRecord, eventsTable, fieldSnapshotsTable, metricsTable, worldlinesTable } from "../stages/simulation/tables.js"
import { detectVortices, trackVortices } from "../stages/simulation/vortices/stage.js"
import { integer, section } from "../stages/parameters.js"
import { computeSection, runSection } from "./config/common.js"
import { simulateMemory } from "./memory-estimate.js"
import type { Pipeline } from "./pipeline.js"
import { decodeFloat64, encodeFloat64 } from "./run/checkpoints.js"
import type { Prng, PrngState } from "../stages/prng.js"
import type { TrackerState } from "../stages/simulation/vortices/tracking.js"
import { StageError, errorMessage } from "../stages/stage.js"
import { createWorkerPool } from "../stages/compute/parallel.js"
import type { DrivenLattice } from "../stages/simulation/drive/stage.js"
import type { Lattice } from "../stages/simulation/lattice/lattice.js"

export const snapshotsSection = section(
  {
    every: integer({
      default: 50,
      min: 0,
      unit: "cycles",
      description: "Write the whole field to field-snapshots/ (Arrow IPC) every this many cycles; 0: never",
    }),
  },
  "Field snapshots",
)

export const simulateConfig = Schema.Struct({
  run: runSection,
  compute: computeSection,
  snapshots: snapshotsSection,
  lattice: latticeSection,
  drive: driveSection,
  dynamics: dynamicsSection,
})

export type SimulateConfig = Schema.Schema.Type<typeof simulateConfig>

const openPool = Effect.acquireRelease(
  Effect.tryPromise({ try: () => createWorkerPool(), catch: (cause) => new StageError({ stage: "simulate", message: errorMessage(cause), cause }) }),
  (pool) => Effect.promise(() => pool.close()),
)

/** What a checkpoint holds to continue a simulation exactly: the frame's state, the tracker, the PRNG. */
interface SimulationState {
  readonly cycle: number
  readonly step: number
  readonly time: number
  readonly field: { readonly re: string; readonly im: string }
  readonly tracker: TrackerState
  readonly prng: PrngState
}

const encodeCheckpoint = (record: SimulationRecord, prng: Prng): SimulationState => ({
  cycle: record.cycle,
  step: record.step,
  time: record.time,
  field: { re: encodeFloat64(record.field.re), im: encodeFloat64(record.field.im) },
  tracker: record.tracking.state,
  prng: prng.state(),
})

const decodeCheckpoint = (state: unknown) => {
  const s = state as SimulationState
  return { ...s, field: { re: decodeFloat64(s.field.re), im: decodeFloat64(s.field.im) } }
}

export const simulate: Pipeline<SimulateConfig, Schema.Schema.Encoded<typeof simulateConfig>> = {
  name: "simulate",
  description: "evolve a (driven) CGLE or NLS field on a lattice; detect and track vortices every cycle",
  schema: simulateConfig,
  estimateMemory: simulateMemory,
  run: ({ config, run, prng, metadata, resume, record }) =>
    Effect.gen(function* () {
      const kernel = config.compute.kernel
      const conservative = config.dynamics.model === "nls"
      const start = resume === null ? undefined : decodeCheckpoint(resume.state)
      // One pool for every js op; each uses it only above its own size threshold.
      const shared = kernel === "js" ? { pool: yield* openPool } : {}
      // The NLS is undriven (F = 0): the drive stage is left out rather than set to zero.
      const lattices: Stream.Stream<Lattice | DrivenLattice, StageError> = conservative
        ? lattice(config.lattice)
        : pipe(lattice(config.lattice), holographicDrive(config.drive, { prng, kernel }))
      const records = pipe(
        lattices,
        // The drive redraws its source spread from the seed exactly as the original run did;
        // the generator then continues from the checkpoint.
        Stream.tap(() => Effect.sync(() => start && prng.load(start.prng))),
        evolve(config.dynamics, { prng, kernel, cycles: config.run.cycles, ...shared, ...(start === undefined ? {} : { start }) }),
        measureField(conservative ? { potential: config.dynamics.potential, g: config.dynamics.g } : undefined),
        detectVortices({ kernel, ...shared }),
        trackVortices({ kernel, ...shared, ...(start === undefined ? {} : { start: { state: start.tracker, field: start.field } }) }),
        withElapsed,
      )
      const dataset = (name: string) => ({ directory: join(run.path, name), metadata })
      const snapshotDue = (cycle: number) => config.snapshots.every > 0 && (cycle + 1) % config.snapshots.every === 0
      const sinks: ReadonlyArray<SinkResource<SimulationRecord, ParquetSinkError | ArrowSinkError>> = [
        parquetDataset(metricsTable, dataset("metrics")),
        contramapSink(parquetDataset(eventsTable, dataset("vortex-events")), (r: SimulationRecord) =>
          r.tracking.events.map((event) => ({ cycle: r.cycle, event })),
        ),
        contramapSink(parquetDataset(worldlinesTable, dataset("worldlines")), (r) => r.tracking.ended),
        contramapSink(arrowIpcDataset(fieldSnapshotsTable, dataset("field-snapshots")), (r: SimulationRecord) =>
          snapshotDue(r.cycle) ? [r] : [],
        ),
      ]
      yield* record(records, sinks, (r) => encodeCheckpoint(r, prng), simulationMonitorView)
    }),
}
