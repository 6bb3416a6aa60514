import { describe, expect, it } from "vitest"
import { Prng } from "../../prng.js"
import { TransferCache } from "./transfer-cache.js"
import { transferMatrix } from "./transfer.js"

const random = (prng: Prng, n: number) => Float64Array.from({ length: n }, () => prng.between(-2, 2))
const parameters = { wavenumber: 2, decay: 1, rMin: 0.1 }

describe("TransferCache", () => {
  it("computes K once for repeated inputs and returns the same matrix", () => {
    const prng = Prng.seeded(1)
    const [positions, sources] = [random(prng, 30), random(prng, 12)]
    const cache = new TransferCache()
    const first = cache.get(positions, sources, parameters)
    expect(cache.get(Float64Array.from(positions), Float64Array.from(sources), { ...parameters })).toBe(first)
    expect(cache.computations).toBe(1)
    expect(first).toEqual(transferMatrix(positions, sources, parameters))
  })

  it("recomputes when k, p, r_min, node or source positions change, even edited in place", () => {
    const prng = Prng.seeded(2)
    const [positions, sources] = [random(prng, 30), random(prng, 12)]
    const cache = new TransferCache()
    cache.get(positions, sources, parameters)
    const changes: [Float64Array, Float64Array, typeof parameters][] = [
      [positions, sources, { ...parameters, wavenumber: 3 }],
      [positions, sources, { ...parameters, wavenumber: 3, decay: 2 }],
      [positions, sources, { ...parameters, wavenumber: 3, decay: 2, rMin: 0.2 }],
    ]
    changes.forEach(([p, s, q], i) => {
      expect(cache.get(p, s, q)).toEqual(transferMatrix(p, s, q))
      expect(cache.computations).toBe(i + 2)
    })
    const last = changes[2]![2]
    positions[4] = positions[4]! + 0.5
    expect(cache.get(positions, sources, last)).toEqual(transferMatrix(positions, sources, last))
    expect(cache.computations).toBe(5)
    sources[0] = sources[0]! - 0.5
    expect(cache.get(positions, sources, last)).toEqual(transferMatrix(positions, sources, last))
    expect(cache.computations).toBe(6)
  })
})
