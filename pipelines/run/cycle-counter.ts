/**
 * A sink that records, in the run's manifest, how many cycles have been
 * written. Place it last in `runInto` so a cycle counts once every other sink
 * has it.
 */
import { Chunk, Effect } from "effect"
import type { SinkResource } from "../../sinks/sink.js"
import type { RunDirectory } from "./run-directory.js"

export const cycleCounter = <A extends { readonly cycle: number }>(run: RunDirectory): SinkResource<A> =>
  Effect.succeed({
    name: "cycle-counter",
    write: (records) =>
      Effect.sync(() => {
        for (const record of Chunk.toReadonlyArray(records)) run.completeCycle(record.cycle)
      }),
  })
