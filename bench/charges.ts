/**
 * Plaquette charges on the field-step torus lattices, js and tfjs per
 * backend. The field has independent random phases, so vortices sit on a
 * large share of the faces, as in a quenched start.
 */
import { initBackend, type KernelName } from "../stages/compute/backend.js"
import { Prng } from "../stages/prng.js"
import { noiseField } from "../stages/simulation/dynamics/index.js"
import { torusLattice } from "../stages/simulation/lattice/index.js"
import { plaquetteCharges } from "../stages/simulation/vortices/index.js"
import { type Benchmark, measure, type Result } from "./harness.js"

const grids = { full: [32, 128, 256], quick: [16, 32] } as const

export const charges: Benchmark = {
  name: "charges",
  description: "plaquette charges (every face of a torus lattice) per call, js and tfjs per backend",
  run: async (context) => {
    const results: Result[] = []
    for (const side of context.quick ? grids.quick : grids.full) {
      const lattice = torusLattice({ nu: side, nv: side })
      const field = noiseField(lattice.nodeCount, Prng.seeded(side), 1)
      const sizes = { nodes: lattice.nodeCount }
      const time = async (kernel: KernelName, backend: string | null): Promise<Result> => {
        context.log(`plaquette charges: ${lattice.nodeCount} nodes, ${kernel}${backend === null ? "" : ` ${backend}`}`)
        const timing = await measure((calls) => {
          for (let call = 0; call < calls; call++) plaquetteCharges(lattice, field, { kernel })
        }, context.settings)
        return { case: "plaquette charges", sizes, kernel, backend, threads: kernel === "js" ? 1 : null, unit: "call", itemsPerOp: 1, timing }
      }
      results.push(await time("js", null))
      for (const backend of context.backends) {
        await initBackend(backend)
        results.push(await time("tfjs", backend))
      }
    }
    return results
  },
}
