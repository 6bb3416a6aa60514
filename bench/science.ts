/**
 * The science stages: GFT clock steps per second for a 100-spin condensate
 * (Yoshida-4), and ensemble branch-steps per second at 64 branches (the js
 * kernel stepping branch by branch, tfjs stepping them as one batch).
 */
import { cgle } from "../stages/simulation/dynamics/index.js"
import { noiseField } from "../stages/simulation/dynamics/initial-field.js"
import { torusLattice } from "../stages/simulation/lattice/index.js"
import { createEnsembleIntegrator } from "../stages/analysis/ensemble/ensemble-integrator.js"
import { branchField } from "../stages/analysis/ensemble/branching.js"
import { advance, condensateModel, phaseSpaceFromPolar } from "../stages/gft/index.js"
import { initBackend } from "../stages/compute/backend.js"
import { Prng } from "../stages/prng.js"
import { type Benchmark, measure, type Result } from "./harness.js"

const sizes = { full: { spins: 100, branches: 64, side: 32 }, quick: { spins: 10, branches: 4, side: 8 } } as const

export const science: Benchmark = {
  name: "science",
  description: "GFT clock steps/s at 100 spins (yoshida4); ensemble branch-steps/s at 64 branches (js per branch, tfjs batched)",
  run: async (context) => {
    const size = context.quick ? sizes.quick : sizes.full
    const results: Result[] = []

    const spins = Array.from({ length: size.spins }, (_, k) => ({ j: 0.5 * (k + 1), mass: 1 + 0.01 * k, lambda: 0 }))
    const model = condensateModel({ spins, power: 4, volumeUnit: 1 })
    const state = phaseSpaceFromPolar(spins.map((_, k) => ({ rho: 1 + 0.01 * k, rhoRate: 0.1, charge: 0.5 })))
    context.log(`science: GFT, ${size.spins} spins`)
    const gft = await measure((steps) => advance(model, state, 1e-4, steps, "yoshida4"), context.settings)
    results.push({ case: "gft clock step (yoshida4)", sizes: { spins: size.spins }, kernel: "js", backend: null, threads: 1, unit: "step", itemsPerOp: 1, timing: gft })

    const lattice = torusLattice({ nu: size.side, nv: size.side })
    const prng = Prng.seeded(7)
    const base = noiseField(lattice.nodeCount, prng, 1)
    const branches = branchField(base, prng, { branches: size.branches, amplitude: 0.01 })
    const equation = cgle({ b: 2, c: -1 })
    for (const kernel of ["js", "tfjs"] as const) {
      const backend = kernel === "tfjs" ? (await initBackend("auto")).name : null
      context.log(`science: ensemble, ${size.branches} branches, ${kernel}${backend === null ? "" : ` (${backend})`}`)
      const ensemble = createEnsembleIntegrator(lattice, equation, { dt: 0.05, kernel, branches })
      const timing = await measure((steps) => ensemble.advance(steps), context.settings)
      ensemble.dispose()
      results.push({
        case: "ensemble rk4 cgle",
        sizes: { nodes: lattice.nodeCount, branches: size.branches },
        kernel,
        backend,
        threads: kernel === "js" ? 1 : null,
        unit: "branch-step",
        itemsPerOp: size.branches,
        timing,
      })
    }
    return results
  },
}
