/**
 * The tensor-network stages composed with pipe, as a user writes a pipeline.
 */
import { Cause, Chunk, Effect, Exit, Option, Schema, Stream, pipe } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { type KernelName, initBackend } from "../compute/backend.js"
import { Prng } from "../prng.js"
import { networkSection } from "./config.js"
import { contractBoundary, drawNetworks, measureRegions } from "./stage.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const decode = Schema.decodeUnknownSync(Schema.Struct({ network: networkSection }))

const run = (network: unknown, options: { seed: number; cycles: number; kernel?: KernelName; from?: number; prng?: Prng }) => {
  const config = decode({ network }).network
  const prng = options.prng ?? Prng.seeded(options.seed)
  return Effect.runPromiseExit(
    Stream.runCollect(
      pipe(
        drawNetworks(config, { prng, from: options.from ?? 0, cycles: options.cycles }),
        contractBoundary({ kernel: options.kernel ?? "js", batch: config.batch, maxAmplitudes: config.maxAmplitudes }),
        measureRegions({ regions: { minSize: config.regionMin, maxSize: config.regionMax, stride: config.regionStride }, rtTolerance: config.rtTolerance }),
      ),
    ),
  ).then((exit) => Exit.map(exit, Chunk.toReadonlyArray))
}

const values = <A>(exit: Exit.Exit<A, unknown>): A => {
  if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
  return exit.value
}

describe("tensor-network stages", () => {
  it("draw one network per cycle and measure every interval, with S(A) ≤ min cut · ln χ", async () => {
    const records = values(await run({ kind: "mera", layers: 2, regionStride: 2 }, { seed: 4, cycles: 3 }))
    expect(records.map((r) => r.cycle)).toEqual([0, 1, 2])
    for (const record of records) {
      expect(record.boundaryLegs).toBe(8)
      expect(record.norm).toBeCloseTo(1, 12)
      expect(record.regions.map((r) => [r.start, r.size])).toEqual([1, 2, 3, 4].flatMap((size) => [0, 2, 4, 6].map((start) => [start, size])))
      for (const region of record.regions) expect(region.vonNeumann).toBeLessThanOrEqual(region.minCutNats + 1e-12)
    }
  })

  it("are reproducible from the seed, and a run continued from a cycle's Prng state equals the uninterrupted one", async () => {
    const network = { kind: "random", graph: "random", vertices: 4, boundaryLegs: 6, regionMax: 3 }
    const whole = values(await run(network, { seed: 8, cycles: 4 }))
    expect(values(await run(network, { seed: 8, cycles: 4 }))).toEqual(whole)
    const continued = values(await run(network, { seed: 0, cycles: 4, from: 2, prng: Prng.fromState(whole[1]!.prng) }))
    expect(continued).toEqual(whole.slice(2))
  })

  it("give the same measurements on the tfjs kernel (batched, float32) as on js", async () => {
    const network = { kind: "happy", tiling: "hexagon", layers: 1, maxTiles: 2, batch: 3 }
    const js = values(await run(network, { seed: 1, cycles: 4 }))
    const tfjs = values(await run(network, { seed: 1, cycles: 4, kernel: "tfjs" }))
    tfjs.forEach((record, i) => {
      record.regions.forEach((region, r) => {
        const reference = js[i]!.regions[r]!
        expect(region.vonNeumann).toBeCloseTo(reference.vonNeumann, 5)
        expect(region.rtSaturated).toBe(reference.rtSaturated)
        expect(region.greedyCoincide).toBe(reference.greedyCoincide)
      })
    })
    // On the hexagon state every interval saturates RT: S(A) = min cut · ln 2.
    expect(js.every((record) => record.regions.every((region) => region.rtSaturated))).toBe(true)
  })

  it("fail with a StageError naming the config key for a HaPPY network with χ ≠ 2", async () => {
    const exit = await run({ kind: "happy", bondDimension: 3 }, { seed: 1, cycles: 1 })
    const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
    expect(Option.getOrNull(failure)).toMatchObject({
      _tag: "StageError",
      stage: "drawNetworks",
      message: "network.bondDimension: the HaPPY networks have qubit legs; expected 2, actual 3",
    })
  })
})
