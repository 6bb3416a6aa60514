/**
 * How every pipeline writes its records: into its own sinks, plus the console
 * progress, the manifest's cycle count and, when the run is monitored, the
 * live monitor's tap, with a checkpoint every `run.checkpointEvery` cycles,
 * after the last one, and where a signal stops the run (interrupt.ts).
 */
import { Effect, type Scope, type Stream } from "effect"
import { consoleProgress } from "../../sinks/console-progress.js"
import type { MonitorTap } from "../../sinks/monitor/tap.js"
import { type MonitorView, genericMonitorView } from "../../sinks/monitor/view.js"
import { type SinkResource, runIntoWithCheckpoints } from "../../sinks/sink.js"
import { errorMessage } from "../../stages/stage.js"
import type { RunConfig } from "../config/common.js"
import { type Checkpoint, saveCheckpoint } from "./checkpoints.js"
import { cycleCounter } from "./cycle-counter.js"
import { whileListeningForStop } from "./interrupt.js"
import { type RunDirectory, RunDirectoryError } from "./run-directory.js"

/** A record of a run: every record carries the cycle it belongs to. */
export interface CycleRecord {
  readonly cycle: number
}

export type RecordRun = <A extends CycleRecord, E, SE>(
  records: Stream.Stream<A, E>,
  sinks: ReadonlyArray<SinkResource<A, SE>>,
  /** What a checkpoint after `record` holds to continue exactly (plain JSON). */
  state: (record: A) => unknown,
  /** How the live monitor (`--monitor`) shows a record; by default its numeric fields (sinks/monitor/view.ts). */
  monitor?: MonitorView<A>,
) => Effect.Effect<void, E | SE | RunDirectoryError, Scope.Scope>

export const recordRun =
  (label: string, run: RunDirectory, config: RunConfig, resume: Checkpoint | null, tap: MonitorTap | null = null): RecordRun =>
  (records, sinks, state, monitor) => {
    const save = (checkpoint: Checkpoint) =>
      Effect.tryPromise({
        try: () => saveCheckpoint(run.path, checkpoint),
        catch: (error) => new RunDirectoryError({ path: run.path, message: `cannot write a checkpoint: ${errorMessage(error)}` }),
      })
    const progress = consoleProgress({ label, total: config.cycles, start: resume === null ? 0 : resume.cycle + 1 }, (r: CycleRecord) => r.cycle + 1)
    const watched = tap === null ? [] : [tap.sink(monitor ?? genericMonitorView)]
    // A stop asked for (interrupt.ts): checkpoint after the next record written, then stop as a signal would.
    let stopping = false
    return whileListeningForStop(
      () => {
        stopping = true
      },
      runIntoWithCheckpoints(records, [...sinks, progress, cycleCounter(run), ...watched], {
        after: (r) => stopping || (r.cycle + 1) % config.checkpointEvery === 0 || r.cycle === config.cycles - 1,
        save: (r) => Effect.zipRight(save({ cycle: r.cycle, state: state(r) }), stopping && r.cycle < config.cycles - 1 ? Effect.interrupt : Effect.void),
      }),
    )
  }
