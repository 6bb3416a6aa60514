/**
 * Records for the monitor's tests: a reward and a field on a 32-node ring,
 * as a simulation stream carries them, so the generic view charts the
 * reward and draws the field.
 */
import { ringLattice } from "../../stages/simulation/lattice/index.js"

export const testLattice = ringLattice({ nodes: 32 })

export interface TestRecord {
  readonly cycle: number
  readonly reward: number
  readonly lattice: typeof testLattice
  readonly field: { readonly re: Float64Array; readonly im: Float64Array }
}

export const testRecord = (cycle: number): TestRecord => ({
  cycle,
  reward: cycle / 10,
  lattice: testLattice,
  field: {
    re: Float64Array.from({ length: testLattice.nodeCount }, (_, n) => Math.cos(n + cycle)),
    im: Float64Array.from({ length: testLattice.nodeCount }, (_, n) => Math.sin(n + cycle)),
  },
})
