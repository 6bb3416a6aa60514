import { describe, expect, it } from "vitest"
import { vortexStatistics } from "./statistics.js"

describe("vortexStatistics", () => {
  it("counts vortex faces by sign, their density and the net charge", () => {
    expect(vortexStatistics(Int32Array.from([0, 1, -1, 0, 1, 0, 0, 2]))).toEqual({
      faces: 8,
      vortices: 4,
      density: 0.5,
      positive: 3,
      negative: 1,
      netCharge: 3,
    })
  })

  it("gives density 0 for a lattice without faces", () => {
    expect(vortexStatistics(new Int32Array(0))).toEqual({ faces: 0, vortices: 0, density: 0, positive: 0, negative: 0, netCharge: 0 })
  })
})
