/**
 * `simulate`: a field on a lattice, optionally driven by holographic sources,
 * evolved by the CGLE or NLS, with vortices detected and tracked every cycle.
 *
 *   lattice → holographicDrive → evolve → measureField → detectVortices → trackVortices
 *
 * Records go to three Parquet datasets (metrics, vortex events, ended
 * worldlines) and to the console progress bar.
 */
import { join } from "node:path"
import { Effect, Schema, pipe } from "effect"
import { withElapsed } from "../operators/elapsed.js"
import { consoleProgress } from "../sinks/console-progress.js"
import { parquetDataset } from "../sinks/parquet-dataset.js"
import { contramapSink, runInto } from "../sinks/sink.js"
import { measureField } from "../stages/simulation/diagnostics.js"
import { driveSection } from "../stages/simulation/drive/config.js"
import { holographicDrive } from "../stages/simulation/drive/stage.js"
import { dynamicsSection } from "../stages/simulation/dynamics/config.js"
import { evolve } from "../stages/simulation/dynamics/stage.js"
import { latticeSection } from "../stages/simulation/lattice/config.js"
import { lattice } from "../stages/simulation/lattice/stage.js"
import { type SimulationRecord, eventsTable, metricsTable, worldlinesTable } from "../stages/simulation/tables.js"
import { detectVortices, trackVortices } from "../stages/simulation/vortices/stage.js"
import { computeSection, runSection } from "./config/common.js"
import type { Pipeline } from "./pipeline.js"
import { cycleCounter } from "./run/cycle-counter.js"

export const simulateConfig = Schema.Struct({
  run: runSection,
  compute: computeSection,
  lattice: latticeSection,
  drive: driveSection,
  dynamics: dynamicsSection,
})

export type SimulateConfig = Schema.Schema.Type<typeof simulateConfig>

export const simulate: Pipeline<SimulateConfig, Schema.Schema.Encoded<typeof simulateConfig>> = {
  name: "simulate",
  description: "evolve a (driven) CGLE or NLS field on a lattice; detect and track vortices every cycle",
  schema: simulateConfig,
  run: ({ config, run, prng, metadata }) => {
    const kernel = config.compute.kernel
    const conservative = config.dynamics.model === "nls"
    // The NLS is undriven (F = 0): the drive stage is left out rather than set to zero.
    const lattices = conservative
      ? lattice(config.lattice)
      : pipe(lattice(config.lattice), holographicDrive(config.drive, { prng, kernel }))
    const records = pipe(
      lattices,
      evolve(config.dynamics, { prng, kernel, cycles: config.run.cycles }),
      measureField(conservative ? { potential: config.dynamics.potential, g: config.dynamics.g } : undefined),
      detectVortices({ kernel }),
      trackVortices({ kernel }),
      withElapsed,
    )
    const dataset = (name: string) => ({ directory: join(run.path, name), metadata })
    return runInto(
      records,
      parquetDataset(metricsTable, dataset("metrics")),
      contramapSink(parquetDataset(eventsTable, dataset("vortex-events")), (r: SimulationRecord) =>
        r.tracking.events.map((event) => ({ cycle: r.cycle, event })),
      ),
      contramapSink(parquetDataset(worldlinesTable, dataset("worldlines")), (r) => r.tracking.ended),
      consoleProgress({ label: "simulate", total: config.run.cycles }, (r) => r.cycle + 1),
      cycleCounter(run),
    ).pipe(Effect.asVoid)
  },
}
