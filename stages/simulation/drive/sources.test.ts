import { describe, expect, it } from "vitest"
import { mobiusLattice, planeLattice, torusLattice } from "../lattice/index.js"
import { placeSources } from "./sources.js"

const band = mobiusLattice({ nu: 32, nv: 5, halfTwists: 1, radius: 2, width: 1 })
const placement = { sourceCount: 24, shellRadius: 1.5, boundaryOffset: 0.1 }

describe("placeSources", () => {
  it("puts sphere sources on a shell of R_s = factor × bounding radius about the centroid, with their azimuths", () => {
    const placed = placeSources(band, { ...placement, sources: "sphere" })
    // The band is symmetric about its axis, so its centroid is the origin up to rounding; its farthest nodes are at R + w/2.
    placed.center.forEach((value) => expect(Math.abs(value)).toBeLessThan(1e-12))
    expect(placed.positions).toHaveLength(72)
    for (let s = 0; s < 24; s++) {
      const [x, y, z] = [placed.positions[3 * s]!, placed.positions[3 * s + 1]!, placed.positions[3 * s + 2]!]
      expect(Math.hypot(x, y, z)).toBeCloseTo(1.5 * 2.5, 10)
      expect(placed.azimuths[s]).toBeCloseTo(Math.atan2(y, x), 10)
    }
  })

  it("puts boundary sources the offset fraction of the bounding radius outside the band's edge", () => {
    // The plane [0, 2] × [0, 2] has centroid (1, 1) and bounding radius √2; each of its 8 unit boundary segments joins a corner (diagonal normal) to a side's midpoint (side normal), so the sources at their midpoints sit offset·cos(π/8) out.
    const plane = planeLattice({ nu: 3, nv: 3 })
    const placed = placeSources(plane, { ...placement, sourceCount: 8, sources: "boundary", boundaryOffset: 0.2 })
    expect(placed.center).toEqual([1, 1, 0])
    for (let s = 0; s < 8; s++) {
      const [x, y] = [placed.positions[3 * s]!, placed.positions[3 * s + 1]!]
      const outside = Math.hypot(Math.max(0, -x, x - 2), Math.max(0, -y, y - 2))
      expect(outside).toBeCloseTo(0.2 * Math.SQRT2 * Math.cos(Math.PI / 8), 12)
      expect(placed.azimuths[s]).toBeCloseTo(Math.atan2(y - 1, x - 1), 14)
    }
  })

  it("refuses boundary sources on a closed surface", () => {
    expect(() => placeSources(torusLattice({ nu: 8, nv: 6 }), { ...placement, sources: "boundary" })).toThrow(/no boundary cycles/)
  })
})
