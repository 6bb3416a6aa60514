import { describe, expect, it } from "vitest"
import { Prng } from "../../prng.js"
import { mobiusLattice } from "../lattice/index.js"
import { driveProfile, driveProfiles, type DriveGeometry } from "./profile.js"
import { placeSources } from "./sources.js"
import { TransferCache } from "./transfer-cache.js"
import { drawSourceNoise } from "./weights.js"

const band = mobiusLattice({ nu: 24, nv: 4, halfTwists: 1 })
const sources = placeSources(band, { sources: "sphere", sourceCount: 12, shellRadius: 1.5, boundaryOffset: 0.1 })
const geometry: DriveGeometry = { positions: band.positions, sources, noise: drawSourceNoise(Prng.seeded(1), 12) }
const parameters = { wavenumber: 3, decay: 1, rMin: 0.05, amplitude: 1, amplitudeVariance: 0.2, phaseWinding: 1, phaseOffset: 0 }

/** G(x) = Σ_s c_s r^-p e^{ikr}, summed directly from MODELS.md's formula. */
const direct = (amplitudes: readonly number[], phases: readonly number[], k: number, p: number) => {
  const n = band.nodeCount
  const re = new Float64Array(n)
  const im = new Float64Array(n)
  for (let x = 0; x < n; x++) {
    for (let s = 0; s < amplitudes.length; s++) {
      const r = Math.hypot(
        band.positions[3 * x]! - sources.positions[3 * s]!,
        band.positions[3 * x + 1]! - sources.positions[3 * s + 1]!,
        band.positions[3 * x + 2]! - sources.positions[3 * s + 2]!,
      )
      re[x] += amplitudes[s]! * r ** -p * Math.cos(k * r + phases[s]!)
      im[x] += amplitudes[s]! * r ** -p * Math.sin(k * r + phases[s]!)
    }
  }
  return { re, im }
}

describe("driveProfile", () => {
  it("equals the direct sum over sources", () => {
    const setting = { ...parameters, amplitudeVariance: 0, phaseWinding: 2, phaseOffset: 0.3 }
    const g = driveProfile(new TransferCache(), geometry, setting)
    const expected = direct(
      Array.from({ length: 12 }, () => 1),
      Array.from(sources.azimuths, (a) => 2 * a + 0.3),
      3,
      1,
    )
    for (let x = 0; x < band.nodeCount; x++) {
      expect(g.re[x]).toBeCloseTo(expected.re[x]!, 12)
      expect(g.im[x]).toBeCloseTo(expected.im[x]!, 12)
    }
  })

  it("reuses K when amplitudes and phases change, and recomputes it when k changes", () => {
    const cache = new TransferCache()
    driveProfile(cache, geometry, parameters)
    driveProfile(cache, geometry, { ...parameters, amplitude: 2, amplitudeVariance: 0.5, phaseWinding: -3, phaseOffset: 1 })
    driveProfiles(cache, geometry, parameters, [parameters, { ...parameters, amplitude: 0.5 }])
    expect(cache.computations).toBe(1)
    driveProfile(cache, geometry, { ...parameters, wavenumber: 3.5 })
    expect(cache.computations).toBe(2)
  })

  it("gives the same profiles batched as one by one", () => {
    const settings = [parameters, { ...parameters, phaseWinding: 2 }, { ...parameters, amplitude: 0.3, amplitudeVariance: 1 }]
    const cache = new TransferCache()
    const batched = driveProfiles(cache, geometry, parameters, settings)
    settings.forEach((setting, b) => expect(batched[b]).toEqual(driveProfile(cache, geometry, setting)))
  })
})
