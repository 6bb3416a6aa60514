import { describe, expect, it } from "vitest"
import { kleinLattice } from "./klein.js"
import { mobiusLattice } from "./mobius.js"
import { planeLattice } from "./plane.js"
import { ringLattice } from "./ring.js"
import { torusLattice } from "./torus.js"

describe("builder option checks", () => {
  it("name the builder, the option, the expectation and the value", () => {
    expect(() => ringLattice({ nodes: 2 })).toThrow('ringLattice: option "nodes" must be an integer >= 3, got 2')
    expect(() => ringLattice({ nodes: 5, alpha: Number.NaN })).toThrow('ringLattice: option "alpha" must be a finite number, got NaN')
    expect(() => planeLattice({ nu: 2.5, nv: 3 })).toThrow('planeLattice: option "nu" must be an integer >= 2, got 2.5')
    expect(() => planeLattice({ nu: 3, nv: 3, spacing: -1 })).toThrow('planeLattice: option "spacing" must be a finite number > 0, got -1')
    expect(() => torusLattice({ nu: 3, nv: 2 })).toThrow('torusLattice: option "nv" must be an integer >= 3, got 2')
    expect(() => torusLattice({ nu: 3, nv: 3, majorRadius: 1, minorRadius: 1 })).toThrow(
      'torusLattice: option "minorRadius" must be a finite number < majorRadius (1), got 1',
    )
    expect(() => mobiusLattice({ nu: 2, nv: 3 })).toThrow('mobiusLattice: option "nu" must be an integer >= 3, got 2')
    expect(() => mobiusLattice({ nu: 3, nv: 3, halfTwists: 1.5 })).toThrow('mobiusLattice: option "halfTwists" must be an integer, got 1.5')
    expect(() => mobiusLattice({ nu: 3, nv: 3, radius: 1, width: 2 })).toThrow(
      'mobiusLattice: option "width" must be a finite number < 2 * radius (2), got 2',
    )
    expect(() => kleinLattice({ nu: 3, nv: 3, radius: 1, minorRadius: 0.75 })).toThrow(/kleinLattice: option "minorRadius" must be a finite number < radius \/ √2 \(0\.707\d*\), got 0\.75/)
  })

  it("reject values of the wrong type that slip past the type checker (e.g. from JSON)", () => {
    expect(() => ringLattice({ nodes: "8" as unknown as number })).toThrow(/option "nodes" must be an integer >= 3, got 8/)
    expect(() => mobiusLattice({ nu: 4, nv: 3, width: Number.POSITIVE_INFINITY })).toThrow(/option "width" must be a finite number > 0, got Infinity/)
  })
})
