/**
 * `ensemble-pruning` ("dark matter"): warm a (driven) field up with the
 * simulation, branch it into an ensemble of perturbed copies, evolve the
 * branches together (batched on the tfjs kernel), and every analysis cycle
 * prune the branches whose coherence to the ensemble mean falls below a
 * threshold, recording the dark fraction, entropies and residue statistics.
 *
 *   lattice → holographicDrive → warmUp → branchEnsemble → evolveEnsemble → analyseEnsemble
 *
 * Records go to three Parquet datasets (metrics, branches, rotation-curve)
 * and to the console progress bar. docs/theory/ensemble-pruning.md.
 */
import { join } from "node:path"
import { Effect, Schema, Stream, pipe } from "effect"
import { withElapsed } from "../operators/elapsed.js"
import { type ParquetSinkError, parquetDataset } from "../sinks/parquet-dataset.js"
import { type SinkResource, contramapSink } from "../sinks/sink.js"
import { ensembleSection } from "../stages/analysis/ensemble/config.js"
import { type Ensemble, analyseEnsemble, branchEnsemble, drivenParts, evolveEnsemble, warmUp } from "../stages/analysis/ensemble/stage.js"
import {
  type EnsembleMetricsRecord,
  branchRows,
  branchesTable,
  ensembleMetricsTable,
  rotationCurveTable,
  rotationRows,
} from "../stages/analysis/ensemble/tables.js"
import type { Prng, PrngState } from "../stages/prng.js"
import { driveSection } from "../stages/simulation/drive/config.js"
import { type DrivenLattice, holographicDrive } from "../stages/simulation/drive/stage.js"
import { dynamicsSection } from "../stages/simulation/dynamics/config.js"
import type { ComplexField } from "../stages/simulation/field.js"
import { latticeSection } from "../stages/simulation/lattice/config.js"
import type { Lattice } from "../stages/simulation/lattice/lattice.js"
import { lattice } from "../stages/simulation/lattice/stage.js"
import type { StageError } from "../stages/stage.js"
import { computeSection, runSection } from "./config/common.js"
import { ensemblePruningMemory } from "./memory-estimate.js"
import type { Pipeline } from "./pipeline.js"
import { decodeFloat64, encodeFloat64 } from "./run/checkpoints.js"

export const ensemblePruningConfig = Schema.Struct({
  run: runSection,
  compute: computeSection,
  lattice: latticeSection,
  drive: driveSection,
  dynamics: dynamicsSection,
  ensemble: ensembleSection,
})

export type EnsemblePruningConfig = Schema.Schema.Type<typeof ensemblePruningConfig>

/** What a checkpoint holds to continue exactly: the branches at `cycle`, their steps from t0, t0, the PRNG. */
interface EnsembleState {
  readonly cycle: number
  readonly step: number
  readonly branchTime: number
  readonly branches: ReadonlyArray<{ readonly re: string; readonly im: string }>
  readonly prng: PrngState
}

const encodeCheckpoint = (record: EnsembleMetricsRecord, prng: Prng): EnsembleState => ({
  cycle: record.cycle,
  step: record.step,
  branchTime: record.branchTime,
  branches: record.branches.map((branch) => ({ re: encodeFloat64(branch.re), im: encodeFloat64(branch.im) })),
  prng: prng.state(),
})

interface Resumed {
  readonly cycle: number
  readonly step: number
  readonly branchTime: number
  readonly branches: readonly ComplexField[]
  readonly prng: PrngState
}

const decodeCheckpoint = (state: unknown): Resumed => {
  const s = state as EnsembleState
  return { ...s, branches: s.branches.map((branch) => ({ re: decodeFloat64(branch.re), im: decodeFloat64(branch.im) })) }
}

export const ensemblePruning: Pipeline<EnsemblePruningConfig, Schema.Schema.Encoded<typeof ensemblePruningConfig>> = {
  name: "ensemble-pruning",
  description: "branch a simulated field into a perturbed ensemble, evolve it batched, prune incoherent branches; dark fraction, entropies, residue statistics",
  schema: ensemblePruningConfig,
  estimateMemory: ensemblePruningMemory,
  run: ({ config, run, prng, metadata, resume, record }) => {
    const kernel = config.compute.kernel
    const start = resume === null ? undefined : decodeCheckpoint(resume.state)
    // The NLS is undriven (F = 0): the drive stage is left out rather than set to zero.
    const lattices: Stream.Stream<Lattice | DrivenLattice, StageError> =
      config.dynamics.model === "nls" ? lattice(config.lattice) : pipe(lattice(config.lattice), holographicDrive(config.drive, { prng, kernel }))
    // A resumed run redraws the drive from the seed as the original did, then continues from the checkpoint's branches and generator.
    const ensembles: Stream.Stream<Ensemble, StageError> =
      start === undefined
        ? pipe(lattices, warmUp(config.dynamics, { prng, kernel, cycles: config.ensemble.warmupCycles }), branchEnsemble(config.ensemble, { prng }))
        : pipe(
            lattices,
            Stream.tap(() => Effect.sync(() => prng.load(start.prng))),
            Stream.map((input): Ensemble => ({ ...drivenParts(input), time: start.branchTime, branches: start.branches })),
          )
    const records = pipe(
      ensembles,
      evolveEnsemble(config.dynamics, {
        kernel,
        cycles: config.run.cycles,
        steps: config.ensemble.steps,
        ...(start === undefined ? {} : { start: { cycle: start.cycle, step: start.step } }),
      }),
      analyseEnsemble(config.ensemble, { prng, kernel }),
      withElapsed,
    )
    const dataset = (name: string) => ({ directory: join(run.path, name), metadata })
    const sinks: ReadonlyArray<SinkResource<EnsembleMetricsRecord, ParquetSinkError>> = [
      parquetDataset(ensembleMetricsTable, dataset("metrics")),
      contramapSink(parquetDataset(branchesTable, dataset("branches")), branchRows),
      contramapSink(parquetDataset(rotationCurveTable, dataset("rotation-curve")), rotationRows),
    ]
    return record(records, sinks, (r) => encodeCheckpoint(r, prng))
  },
}
