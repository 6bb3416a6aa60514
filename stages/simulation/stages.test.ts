/**
 * The simulation stages composed in code, as a user writes a pipeline.
 */
import { Chunk, Effect, Schema, Stream, pipe } from "effect"
import { describe, expect, it } from "vitest"
import { initBackend } from "../compute/backend.js"
import type { KernelName } from "../compute/backend.js"
import { Prng } from "../prng.js"
import {
  detectVortices,
  driveSection,
  dynamicsSection,
  evolve,
  holographicDrive,
  lattice,
  latticeSection,
  measureField,
  trackVortices,
} from "./index.js"

const defaults = Schema.decodeUnknownSync(
  Schema.Struct({ lattice: latticeSection, drive: driveSection, dynamics: dynamicsSection }),
)({ lattice: { geometry: "torus", nu: 24, nv: 12 }, dynamics: { b: 2, c: -1, stepsPerFrame: 5 } })

const run = (seed: number, cycles: number, kernel: KernelName = "js") =>
  Effect.runPromise(
    Stream.runCollect(
      pipe(
        lattice(defaults.lattice),
        holographicDrive(defaults.drive, { prng: Prng.seeded(seed), kernel }),
        evolve(defaults.dynamics, { prng: Prng.seeded(seed + 1), cycles, kernel }),
        measureField(),
        detectVortices({ kernel }),
        trackVortices({ kernel }),
      ),
    ),
  ).then(Chunk.toReadonlyArray)

describe("simulation stages", () => {
  it("compose with pipe into one frame per cycle, each with diagnostics, charges and tracking", async () => {
    const frames = await run(1, 12)
    expect(frames.map((f) => f.cycle)).toEqual(Array.from({ length: 12 }, (_, i) => i))
    for (const frame of frames) {
      expect(frame.step).toBe((frame.cycle + 1) * 5)
      expect(frame.time).toBeCloseTo(frame.step * defaults.dynamics.dt, 12)
      expect(frame.vortices.charges).toHaveLength(24 * 12)
      // A torus is closed and orientable: its charges sum to zero, every frame.
      expect(frame.vortices.statistics.netCharge).toBe(0)
      expect(frame.diagnostics.norm).toBeGreaterThan(0)
      // Every unit of charge present is on exactly one tracked worldline.
      expect(frame.tracking.state.vortices).toHaveLength(frame.vortices.statistics.vortices)
    }
    // Noise grows into a field of order one: the CGLE's uniform amplitude is sqrt(1 - 0) = 1.
    expect(frames[frames.length - 1]!.diagnostics.meanAmplitude).toBeGreaterThan(frames[0]!.diagnostics.meanAmplitude)
  })

  it("is reproducible from its seeds", async () => {
    const [a, b, c] = await Promise.all([run(3, 4), run(3, 4), run(4, 4)])
    expect(a.map((f) => Array.from(f.field.re))).toEqual(b.map((f) => Array.from(f.field.re)))
    expect(a.map((f) => Array.from(f.field.re))).not.toEqual(c.map((f) => Array.from(f.field.re)))
  })

  it("gives the same fields on the js and tfjs kernels (float32 tolerance)", async () => {
    await initBackend("cpu")
    const [js, tfjs] = [await run(5, 3, "js"), await run(5, 3, "tfjs")]
    for (const [a, b] of js.map((frame, i) => [frame, tfjs[i]!] as const)) {
      const scale = Math.max(...a.field.re.map(Math.abs), ...a.field.im.map(Math.abs))
      for (let n = 0; n < a.field.re.length; n++) {
        expect(Math.abs(a.field.re[n]! - b.field.re[n]!)).toBeLessThan(1e-4 * scale)
        expect(Math.abs(a.field.im[n]! - b.field.im[n]!)).toBeLessThan(1e-4 * scale)
      }
    }
  })

  it("reports a bad lattice as a StageError naming the stage", async () => {
    const result = await Effect.runPromise(
      Effect.either(Stream.runCollect(lattice({ ...defaults.lattice, geometry: "mobius", width: 10, radius: 1 }))),
    )
    expect(result._tag).toBe("Left")
    if (result._tag === "Left") expect(result.left).toMatchObject({ _tag: "StageError", stage: "lattice" })
  })
})
