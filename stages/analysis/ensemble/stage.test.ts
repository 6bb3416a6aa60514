/**
 * The ensemble stages composed after the simulation's, as a user writes a pipeline.
 */
import * as tf from "@tensorflow/tfjs"
import { Chunk, Effect, Schema, Stream, pipe } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { type KernelName, initBackend } from "../../compute/backend.js"
import { Prng } from "../../prng.js"
import { driveSection, dynamicsSection, holographicDrive, lattice, latticeSection } from "../../simulation/index.js"
import { norm2 } from "../../simulation/field.js"
import { ensembleSection } from "./config.js"
import { analyseEnsemble, branchEnsemble, evolveEnsemble, warmUp } from "./stage.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const config = Schema.decodeUnknownSync(Schema.Struct({ lattice: latticeSection, drive: driveSection, dynamics: dynamicsSection, ensemble: ensembleSection }))({
  lattice: { geometry: "torus", nu: 12, nv: 8 },
  dynamics: { b: 2, c: -2, stepsPerFrame: 5 },
  ensemble: { branches: 6, perturbation: 0.05, warmupCycles: 4, steps: 5 },
})

const run = (seed: number, kernel: KernelName, cycles = 3) => {
  const prng = Prng.seeded(seed)
  return Effect.runPromise(
    Stream.runCollect(
      pipe(
        lattice(config.lattice),
        holographicDrive(config.drive, { prng, kernel }),
        warmUp(config.dynamics, { prng, kernel, cycles: config.ensemble.warmupCycles }),
        branchEnsemble(config.ensemble, { prng }),
        evolveEnsemble(config.dynamics, { kernel, cycles, steps: config.ensemble.steps }),
        analyseEnsemble(config.ensemble, { prng, kernel }),
      ),
    ),
  ).then(Chunk.toReadonlyArray)
}

describe("ensemble stages", () => {
  it("warm up, branch, evolve and analyse: one record per cycle, on the same branches", async () => {
    const records = await run(1, "js")
    expect(records.map((r) => r.cycle)).toEqual([0, 1, 2])
    const warmupTime = 4 * 5 * config.dynamics.dt
    for (const r of records) {
      expect(r.step).toBe((r.cycle + 1) * 5)
      expect(r.branchTime).toBeCloseTo(warmupTime, 12)
      expect(r.time).toBeCloseTo(warmupTime + r.step * config.dynamics.dt, 12)
      expect(r.branches).toHaveLength(6)
      expect(r.analysis.coherence).toHaveLength(6)
      // Branched from a simulated field, never from a blank one.
      for (const branch of r.branches) expect(norm2(branch)).toBeGreaterThan(0)
    }
  })

  it("is reproducible from the seed", async () => {
    const [a, b, c] = await Promise.all([run(2, "js", 2), run(2, "js", 2), run(3, "js", 2)])
    expect(a.map((r) => Array.from(r.analysis.coherence))).toEqual(b.map((r) => Array.from(r.analysis.coherence)))
    expect(a.map((r) => Array.from(r.analysis.coherence))).not.toEqual(c.map((r) => Array.from(r.analysis.coherence)))
  })

  it("gives the same analysis on the tfjs kernel, and leaves no tensor behind", async () => {
    const before = tf.memory().numTensors
    const [js, batched] = [await run(4, "js"), await run(4, "tfjs")]
    expect(tf.memory().numTensors).toBe(before)
    js.forEach((r, k) => {
      r.analysis.coherence.forEach((c, i) => expect(Math.abs(c - batched[k]!.analysis.coherence[i]!)).toBeLessThan(1e-4))
      r.analysis.mass.forEach((m, i) => expect(Math.abs(m - batched[k]!.analysis.mass[i]!) / m).toBeLessThan(1e-4))
    })
  })

  it("rejects bad cycle and step counts", () => {
    expect(() => evolveEnsemble(config.dynamics, { cycles: 0, steps: 1 })(Stream.empty)).toThrow(/cycles must be an integer >= 1, got 0/)
    expect(() => evolveEnsemble(config.dynamics, { cycles: 1, steps: 0 })(Stream.empty)).toThrow(/steps must be an integer >= 1, got 0/)
  })
})
