import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Prng } from "../../prng.js"
import type { ComplexField } from "../../simulation/field.js"
import { planeLattice } from "../../simulation/lattice/plane.js"
import { analyticField } from "../../simulation/testing.js"
import { analyseBranches, referenceCaveats } from "./analysis.js"
import { ensembleSection } from "./config.js"

const decode = Schema.decodeUnknownSync(Schema.Struct({ ensemble: ensembleSection }))
const config = (ensemble: Record<string, unknown>) => decode({ ensemble }).ensemble

const plane = planeLattice({ nu: 16, nv: 16 })
// Three vortices at known places (zeros of an analytic field in the chart).
const field = analyticField(plane, [
  { x: 3.5, y: 4.5, n: 1 },
  { x: 10.5, y: 11.5, n: -1 },
  { x: 12.5, y: 3.5, n: 1 },
])
const negated: ComplexField = { re: field.re.map((x) => -x), im: field.im.map((y) => -y) }
// Coherences 2/3, 2/3, 2/3 (ψ) and 0 (-ψ); equal masses.
const branches = [field, field, field, negated]

describe("analyseBranches", () => {
  it("prunes at a fixed threshold: the dark fraction, entropies and survivors' residue", () => {
    const result = analyseBranches(plane, branches, config({ threshold: 0.5, coherenceBins: 4 }), { prng: Prng.seeded(1) })
    expect(Array.from(result.pruning.pruned)).toEqual([0, 0, 0, 1])
    expect(result.pruning.darkFraction).toBeCloseTo(0.25, 14)
    expect(result.search).toBeNull()
    expect(result.massEntropy).toBeCloseTo(Math.log(4), 12)
    // Three coherences in bin [0.5, 0.75), one in [0, 0.25).
    expect(result.coherenceEntropy).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 12)
    // -ψ = e^{iπ} ψ has the same vortices.
    expect(Array.from(result.vortexCounts)).toEqual([3, 3, 3, 3])
    expect(result.residue.meanVortices).toBe(3)
    expect(result.residue.hopkinsBranches).toBe(3)
    expect(result.residue.rotationCurve.samples.reduce((a, b) => a + b, 0)).toBe(3 * plane.edges.source.length)
    expect(result.reference).toEqual({ fraction: 0.27, gap: result.pruning.darkFraction - 0.27, caveat: referenceCaveats.threshold })
  })

  it("searches the threshold for the reference in target mode, and says the match is by construction", () => {
    const result = analyseBranches(plane, branches, config({ pruning: "target", reference: 0.27 }), { prng: Prng.seeded(1) })
    expect(result.search).not.toBeNull()
    expect(result.pruning.threshold).toBe(result.search!.threshold)
    // Reachable fractions are 0, 1/4 and 1: 1/4 is nearest 0.27.
    expect(result.pruning.darkFraction).toBeCloseTo(0.25, 14)
    expect(result.reference.caveat).toBe(referenceCaveats.target)
  })

  it("leaves the residue statistics empty when every branch is pruned", () => {
    const result = analyseBranches(plane, branches, config({ threshold: 1 }), { prng: Prng.seeded(1) })
    expect(result.pruning.survivors).toBe(0)
    expect(result.pruning.darkFraction).toBe(1)
    expect(result.residue).toMatchObject({ meanVortices: null, boxDimension: null, hopkins: null, boxDimensionBranches: 0, hopkinsBranches: 0 })
  })
})
