import { Chunk, Effect, Either, Schema, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { type CondensateConfig, condensateSection } from "./config.js"
import { type CondensateRecord, evolveCondensate } from "./stage.js"

const config = (overrides: Partial<CondensateConfig> = {}): CondensateConfig => ({
  ...Schema.decodeUnknownSync(Schema.Struct({ condensate: condensateSection }))({}).condensate,
  ...overrides,
})

const collect = (stream: Stream.Stream<CondensateRecord, unknown>) => Effect.runPromise(Stream.runCollect(stream)).then(Chunk.toReadonlyArray)

describe("evolveCondensate", () => {
  it("emits one record per stepsPerRecord steps on the clock grid, with E_j and Q_j conserved and the default bounce", async () => {
    const c = config()
    const records = await collect(evolveCondensate(c, { cycles: 600 }))
    expect(records.map((r) => r.cycle)).toEqual(Array.from({ length: 600 }, (_, i) => i))
    records.forEach((r) => {
      expect(r.step).toBe((r.cycle + 1) * c.stepsPerRecord)
      expect(r.chi).toBeCloseTo(c.chiStart + r.step * c.step, 12)
    })
    for (let i = 0; i < c.spins.length; i++) {
      const energies = records.map((r) => r.energies[i]!)
      expect(Math.max(...energies) - Math.min(...energies)).toBeLessThan(1e-8)
      records.forEach((r) => expect(r.charges[i]).toBeCloseTo(c.spins[i]!.charge, 10))
    }
    const events = records.flatMap((r) => r.events.map((event) => ({ cycle: r.cycle, ...event })))
    expect(events.map((e) => e.kind)).toEqual(["bounce"])
    const [bounce] = events
    // The default spins turn at χ = 0 and 0.25: V turns between them, inside the record that holds its clock.
    expect(bounce!.chi).toBeGreaterThan(0)
    expect(bounce!.chi).toBeLessThan(0.25)
    expect(records[bounce!.cycle]!.chi).toBeGreaterThanOrEqual(bounce!.chi)
    expect(records[bounce!.cycle - 1]!.chi).toBeLessThan(bounce!.chi)
    expect(Math.min(...records.map((r) => r.observables.volume))).toBeGreaterThanOrEqual(bounce!.volume)
  })

  it("continues from a start record exactly as the uninterrupted stream", async () => {
    const c = config({ stepsPerRecord: 7 })
    const whole = await collect(evolveCondensate(c, { cycles: 40 }))
    const at = whole[17]!
    const resumed = await collect(evolveCondensate(c, { cycles: 40, start: { cycle: at.cycle, step: at.step, state: at.state } }))
    expect(resumed).toEqual(whole.slice(18))
  })

  it("fails with a StageError naming the clock when the condensate overflows", async () => {
    const c = config({ spins: [{ j: 1, mass: 100, lambda: 0, charge: 1, turningRho: 1, turningChi: 0 }], step: 0.01, stepsPerRecord: 100 })
    const result = await Effect.runPromise(Effect.either(Stream.runDrain(evolveCondensate(c, { cycles: 10 }))))
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left).toMatchObject({ _tag: "StageError", stage: "evolveCondensate" })
      expect(result.left.message).toMatch(/the condensate left the floating-point range at χ = .*: shorten the χ range or lower the masses/)
    }
  })

  it("fails with a StageError naming the spin when its initial data cannot be carried to chiStart", async () => {
    const c = config({ spins: [{ j: 1, mass: 100, lambda: 0, charge: 1, turningRho: 1, turningChi: 0 }], chiStart: -8 })
    const result = await Effect.runPromise(Effect.either(Stream.runDrain(evolveCondensate(c, { cycles: 1 }))))
    expect(Either.isLeft(result) && result.left.message).toMatch(/condensate.spins\[0\] leaves the floating-point range between its turningChi = 0 and chiStart = -8/)
  })

  it("rejects a bad cycle count and a start state of the wrong size", async () => {
    expect(() => evolveCondensate(config(), { cycles: 0 })).toThrow(/evolveCondensate: cycles must be an integer >= 1, got 0/)
    const one = new Float64Array(1)
    const result = await Effect.runPromise(Effect.either(Stream.runDrain(evolveCondensate(config(), { cycles: 5, start: { cycle: 0, step: 10, state: { x: one, y: one, px: one, py: one } } }))))
    expect(Either.isLeft(result) && result.left.message).toMatch(/start.state\): state.x must have one entry per spin \(2\), got 1/)
  })
})
