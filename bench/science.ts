/**
 * The science stages: GFT clock steps per second for a 100-spin condensate
 * (Yoshida-4); exact contraction of the largest boundary (the 20-qubit
 * pentagon HaPPY code, 2^20 amplitudes) with its peak memory; and ensemble
 * branch-steps per second at 64 branches (the js kernel stepping branch by
 * branch, tfjs stepping them as one batch).
 */
import { cgle } from "../stages/simulation/dynamics/index.js"
import { noiseField } from "../stages/simulation/dynamics/initial-field.js"
import { torusLattice } from "../stages/simulation/lattice/index.js"
import { createEnsembleIntegrator } from "../stages/analysis/ensemble/ensemble-integrator.js"
import { branchField } from "../stages/analysis/ensemble/branching.js"
import { advance, condensateModel, phaseSpaceFromPolar } from "../stages/gft/index.js"
import { initBackend } from "../stages/compute/backend.js"
import { Prng } from "../stages/prng.js"
import * as tf from "@tensorflow/tfjs"
import { contractJs, contractTfjs, contractionPlan, happyGraph, happyNetwork, randomBulkStates } from "../stages/tensor-networks/index.js"
import { type Benchmark, measure, type Result } from "./harness.js"

const sizes = { full: { spins: 100, branches: 64, side: 32, happyLayers: 1 }, quick: { spins: 10, branches: 4, side: 8, happyLayers: 0 } } as const

const mib = (bytes: number) => Math.round(bytes / 2 ** 20)

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

    const graph = happyGraph({ tiling: "pentagon", layers: size.happyLayers })
    const network = happyNetwork("pentagon", graph, randomBulkStates(graph.nodes.length, Prng.seeded(3)))
    const plan = contractionPlan(graph)
    let amplitudes = 0
    let peakRss = 0
    const rssBefore = process.memoryUsage().rss
    context.log(`science: HaPPY pentagon contraction, ${graph.nodes.length} tiles, js`)
    const js = await measure((times) => {
      for (let t = 0; t < times; t++) {
        amplitudes = contractJs(plan, network.tensors).amplitudes.length
        peakRss = Math.max(peakRss, process.memoryUsage().rss)
      }
    }, context.settings)
    results.push({
      case: "happy pentagon contraction",
      sizes: { tiles: graph.nodes.length, amplitudes, peakRssMiB: mib(peakRss - rssBefore) },
      kernel: "js",
      backend: null,
      threads: 1,
      unit: "contraction",
      itemsPerOp: 1,
      timing: js,
    })
    const tfBackend = (await initBackend("auto")).name
    context.log(`science: HaPPY pentagon contraction, tfjs (${tfBackend})`)
    // tf.profile reports the largest tensor memory held at once during the call.
    const profile = await tf.profile(async () => {
      await contractTfjs(plan, [network.tensors])
      return []
    })
    const tfjs = await measure(async (times) => {
      for (let t = 0; t < times; t++) await contractTfjs(plan, [network.tensors])
    }, context.settings)
    results.push({
      case: "happy pentagon contraction",
      sizes: { tiles: graph.nodes.length, amplitudes, peakTensorMiB: mib(profile.peakBytes) },
      kernel: "tfjs",
      backend: tfBackend,
      threads: null,
      unit: "contraction",
      itemsPerOp: 1,
      timing: tfjs,
    })

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
