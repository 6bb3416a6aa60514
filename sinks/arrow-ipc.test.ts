import { mkdtemp, readFile, readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { tableFromIPC } from "apache-arrow"
import { Chunk, Effect } from "effect"
import { describe, expect, it } from "vitest"
import { type ArrowTable, arrowIpcDataset } from "./arrow-ipc.js"

interface Snapshot {
  readonly cycle: number
  readonly values: Float64Array
}

const table: ArrowTable<Snapshot> = {
  name: "snapshots",
  version: 2,
  description: "test snapshots",
  cycle: (s) => s.cycle,
  columns: (s) => ({ cycle: new BigInt64Array(s.values.length).fill(BigInt(s.cycle)), value: s.values }),
}

const snapshot = (cycle: number): Snapshot => ({ cycle, values: Float64Array.from({ length: 1000 }, (_, i) => Math.sin(cycle + i / 7)) })

describe("arrowIpcDataset", () => {
  it("writes one batch per record in rolling IPC stream parts, values and metadata intact", async () => {
    const directory = await mkdtemp(join(tmpdir(), "hhml-arrow-"))
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(arrowIpcDataset(table, { directory, recordsPerPart: 3, metadata: { "hhml.run_id": "r9" } }), (sink) =>
          sink.write(Chunk.fromIterable([0, 1, 2, 3, 4].map(snapshot))),
        ),
      ),
    )
    expect(await readdir(directory)).toEqual(["part-00000.arrows", "part-00001.arrows"])
    const first = tableFromIPC(await readFile(join(directory, "part-00000.arrows")))
    const second = tableFromIPC(await readFile(join(directory, "part-00001.arrows")))
    expect([first.batches.length, second.batches.length]).toEqual([3, 2])
    expect(first.batches[1]!.getChild("value")!.toArray()).toEqual(snapshot(1).values)
    expect(second.batches[1]!.getChild("cycle")!.get(0)).toBe(4n)
    expect(Object.fromEntries(second.schema.metadata)).toMatchObject({
      "hhml.table": "snapshots",
      "hhml.schema_version": "2",
      "hhml.run_id": "r9",
      "hhml.cycle_min": "3",
      "hhml.cycle_max": "4",
    })
  })

  it("flushes on demand and appends after existing parts", async () => {
    const directory = await mkdtemp(join(tmpdir(), "hhml-arrow-"))
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const sink = yield* arrowIpcDataset(table, { directory })
          yield* sink.write(Chunk.of(snapshot(0)))
          expect(yield* Effect.promise(() => readdir(directory))).toEqual([])
          yield* sink.flush ?? Effect.die("the Arrow sink must flush")
          expect(yield* Effect.promise(() => readdir(directory))).toEqual(["part-00000.arrows"])
        }),
      ),
    )
    await Effect.runPromise(Effect.scoped(Effect.flatMap(arrowIpcDataset(table, { directory }), (sink) => sink.write(Chunk.of(snapshot(1))))))
    expect(await readdir(directory)).toEqual(["part-00000.arrows", "part-00001.arrows"])
  })
})
