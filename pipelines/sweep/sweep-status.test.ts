/**
 * `hhml sweep status` without a queue: job states as member states, cycles
 * from manifests and checkpoints on disk, the summary line.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import type { JobRecord } from "./jobs.js"
import { type SweepRecord, memberDirectory, sweepVersion } from "./sweep-directory.js"
import { memberState, memberStatuses, statusTable, summaryLine } from "./sweep-status.js"

const job = (state: string, attemptsStarted: number, failedReason: string | null = null): JobRecord => ({
  state,
  attemptsStarted,
  attemptsMade: failedReason === null ? 0 : attemptsStarted,
  failedReason,
  worker: "host:1",
})

describe("member states", () => {
  it("map queue states: a job back in the queue after an attempt is retrying", () => {
    expect(memberState(null)).toBe("missing")
    expect(memberState(job("waiting", 0))).toBe("waiting")
    expect(memberState(job("prioritized", 0))).toBe("waiting")
    expect(memberState(job("waiting", 1))).toBe("retrying")
    expect(memberState(job("delayed", 1))).toBe("retrying")
    expect(memberState(job("active", 1))).toBe("active")
    expect(memberState(job("completed", 1))).toBe("completed")
    expect(memberState(job("failed", 3))).toBe("failed")
    expect(memberState(job("unknown", 0))).toBe("missing")
  })

  it("count cycles from the manifest and the newest checkpoint, and summarise", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hhml-status-"))
    const sweep: SweepRecord = {
      sweepVersion,
      sweepId: "simulate-sweep-x",
      pipeline: "simulate",
      createdAt: new Date(0).toISOString(),
      configFile: "configs/simulate.yaml",
      overrides: [],
      spec: { grid: [], sample: [], samples: 1, sampleSeed: 1, seeds: 3 },
      queue: { url: "redis://h:1", name: "hhml-sweeps" },
      attempts: 3,
      members: [0, 1, 2].map((member) => ({ member, overrides: [`run.seed=${member + 1}`], config: { run: { cycles: 500 } } })),
    }
    // Member 0: finished; member 1: running, its manifest still at the resume point, checkpoints at cycles 199 and 299.
    const run = async (member: number, manifest: object, checkpoints: number[]) => {
      const path = join(memberDirectory(dataDir, sweep.sweepId, member), `run-${member}`)
      await mkdir(join(path, "checkpoints"), { recursive: true })
      await writeFile(join(path, "manifest.json"), JSON.stringify({ runId: `run-${member}`, ...manifest }))
      for (const cycle of checkpoints) await writeFile(join(path, "checkpoints", `checkpoint-${String(cycle).padStart(9, "0")}.json`), "{}")
    }
    await run(0, { cyclesCompleted: 500, status: "completed" }, [399, 499])
    await run(1, { cyclesCompleted: 100, status: "running" }, [199, 299])
    const statuses = await Effect.runPromise(memberStatuses(dataDir, sweep, [job("completed", 1), job("active", 2), job("waiting", 0)]))
    expect(statuses.map((s) => [s.member, s.state, s.attempts, s.cyclesDone, s.cyclesTotal, s.runId])).toEqual([
      [0, "completed", 1, 500, 500, "run-0"],
      [1, "active", 2, 300, 500, "run-1"],
      [2, "waiting", 0, 0, 500, null],
    ])
    expect(summaryLine(sweep, statuses)).toBe("Sweep simulate-sweep-x (simulate, 3 members): 1 waiting, 1 active, 1 completed; cycles 800/1500")
    const table = statusTable(statuses)
    expect(table.columns.map((c) => c.name)).toEqual(["member", "state", "attempts", "cycles", "total", "worker", "run_id", "last_error"])
    expect(table.rows[1]).toEqual([1, "active", 2, 300, 500, "host:1", "run-1", null])
  })
})
