import fc from "fast-check"
import { SingularValueDecomposition, Matrix } from "ml-matrix"
import { describe, expect, it } from "vitest"
import { contractNetwork } from "./contract-js.js"
import { permute } from "./dense-tensor.js"
import { entanglementEntropies, entanglementSpectrum, reducedDensityMatrix } from "./entropy.js"
import { complementOf } from "./network.js"
import { anyNetwork, networkAndBalancedRegion } from "./testing.js"

const qubits = (n: number, amplitudes: number[]) => ({ dims: new Array<number>(n).fill(2), amplitudes: Float64Array.from(amplitudes) })
const h = Math.SQRT1_2

describe("entanglement entropies", () => {
  it("are 0 for a product state and ln 2 for a Bell pair, both entropies", () => {
    expect(entanglementEntropies(qubits(2, [0, 1, 0, 0]), [0])).toEqual({ vonNeumann: 0, renyi2: 0 })
    const bell = entanglementEntropies(qubits(2, [h, 0, 0, h]), [1])
    expect(bell.vonNeumann).toBeCloseTo(Math.LN2, 14)
    expect(bell.renyi2).toBeCloseTo(Math.LN2, 14)
  })

  it("separate von Neumann from Rényi-2 on an uneven spectrum and ignore the norm", () => {
    // 3·(√0.9 |00⟩ + √0.1 |11⟩): spectrum (0.9, 0.1).
    const state = qubits(2, [3 * Math.sqrt(0.9), 0, 0, 3 * Math.sqrt(0.1)])
    const { vonNeumann, renyi2 } = entanglementEntropies(state, [0])
    expect(vonNeumann).toBeCloseTo(-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)), 13)
    expect(renyi2).toBeCloseTo(-Math.log(0.81 + 0.01), 13)
    expect(entanglementSpectrum(state, [0])).toEqual([expect.closeTo(0.9, 13), expect.closeTo(0.1, 13)])
  })

  it("of the GHZ state: every nontrivial region has S = S_2 = ln 2", () => {
    const ghz = qubits(3, [h, 0, 0, 0, 0, 0, 0, h])
    for (const region of [[0], [1], [2], [0, 1], [0, 2], [2, 1]]) {
      expect(entanglementEntropies(ghz, region).vonNeumann).toBeCloseTo(Math.LN2, 13)
      expect(entanglementEntropies(ghz, region).renyi2).toBeCloseTo(Math.LN2, 13)
    }
  })

  it("has the squared singular values of the (A | Ā) matrix (ml-matrix SVD) as its spectrum", () => {
    fc.assert(
      fc.property(networkAndBalancedRegion(anyNetwork), ([{ network }, region]) => {
        const state = contractNetwork(network)
        const rest = complementOf(state.dims.length, region)
        const rows = region.reduce((size, leg) => size * state.dims[leg]!, 1)
        const m = permute(state.amplitudes, state.dims, [...region, ...rest])
        const svd = new SingularValueDecomposition(Matrix.from1DArray(rows, m.length / rows, m), { autoTranspose: true })
        const norm = m.reduce((s, v) => s + v * v, 0)
        const squared = svd.diagonal.map((s) => (s * s) / norm).sort((a, b) => b - a)
        const spectrum = entanglementSpectrum(state, region)
        squared.forEach((p, i) => expect(Math.abs(spectrum[i]! - p)).toBeLessThan(1e-10))
        spectrum.slice(squared.length).forEach((p) => expect(p).toBeLessThan(1e-10))
      }),
      { numRuns: 40 },
    )
  })

  it("build ρ_A with unit trace in the order the region lists its legs", () => {
    // |ψ⟩ = |0⟩_0 |+⟩_1: ρ over (1, 0) is ρ_+ ⊗ |0⟩⟨0|.
    const rho = reducedDensityMatrix(qubits(2, [h, h, 0, 0]), [1, 0])
    expect(rho.dimension).toBe(4)
    expect(Array.from(rho.values).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.5, 0, 0.5, 0, 0, 0, 0, 0, 0.5, 0, 0.5, 0, 0, 0, 0, 0])
  })

  it("reject a bad region and a zero state", () => {
    const state = qubits(2, [h, 0, 0, h])
    expect(() => entanglementEntropies(state, [2])).toThrow(/not a boundary leg index in \[0, 2\)/)
    expect(() => entanglementEntropies(state, [0, 0])).toThrow(/twice/)
    expect(() => entanglementEntropies(qubits(2, [0, 0, 0, 0]), [0])).toThrow(/squared norm 0/)
  })
})
