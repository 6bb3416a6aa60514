/**
 * Field stepping: RK4 steps of the CGLE on torus lattices of about 1k, 16k
 * and 65k nodes (js serial, js on the worker pool, tfjs on every available
 * backend), and Strang steps of the NLS at one size.
 */
import { initBackend } from "../stages/compute/backend.js"
import type { WorkerPool } from "../stages/compute/parallel.js"
import { Prng } from "../stages/prng.js"
import { cgle, createIntegrator, type Equation, type Integrator, type IntegratorOptions, nls, noiseField, rk4MaxDt } from "../stages/simulation/dynamics/index.js"
import { type Lattice, torusLattice } from "../stages/simulation/lattice/index.js"
import { type BenchContext, type Benchmark, measure, type Result, withPool } from "./harness.js"

/** nu × nv of the torus lattices. */
const rk4Grids = { full: [32, 128, 256], quick: [16, 32] } as const
const strangGrid = { full: 128, quick: 32 } as const

/** The simulate config's Benjamin-Feir unstable CGLE: the field keeps its defects, so the work per step stays representative. */
const cgleEquation = cgle({ b: 2, c: -1 })

const timeIntegrator = async (
  context: BenchContext,
  lattice: Lattice,
  equation: Equation,
  options: IntegratorOptions,
  describe: Omit<Result, "timing" | "itemsPerOp" | "unit" | "sizes">,
): Promise<Result> => {
  const integrator: Integrator = createIntegrator(lattice, equation, { ...options, initial: noiseField(lattice.nodeCount, Prng.seeded(lattice.nodeCount), 0.5) })
  try {
    context.log(`${describe.case}: ${lattice.nodeCount} nodes, ${describe.kernel}${describe.backend === null ? "" : ` ${describe.backend}`}`)
    const timing = await measure((steps) => {
      integrator.advance(steps)
      // The download waits for asynchronous backends; it is one per batch, amortised over its steps.
      if (describe.kernel === "tfjs") integrator.read()
    }, context.settings)
    return { ...describe, sizes: { nodes: lattice.nodeCount }, unit: "step", itemsPerOp: 1, timing }
  } finally {
    integrator.dispose()
  }
}

const rk4Cases = async (context: BenchContext, pool: WorkerPool, side: number): Promise<Result[]> => {
  const lattice = torusLattice({ nu: side, nv: side })
  const dt = Math.min(0.05, 0.5 * rk4MaxDt(lattice, cgleEquation))
  const name = "rk4 cgle"
  const results = [await timeIntegrator(context, lattice, cgleEquation, { dt }, { case: name, kernel: "js", backend: null, threads: 1 })]
  if (pool.threads > 1) {
    // Threshold 1: the pool at every size, so the table shows where it starts to pay.
    const pooled = { dt, pool, parallelThreshold: 1 }
    results.push(await timeIntegrator(context, lattice, cgleEquation, pooled, { case: name, kernel: "js", backend: null, threads: pool.threads }))
  }
  for (const backend of context.backends) {
    await initBackend(backend)
    results.push(await timeIntegrator(context, lattice, cgleEquation, { dt, kernel: "tfjs" }, { case: name, kernel: "tfjs", backend, threads: null }))
  }
  return results
}

const strangCases = async (context: BenchContext, side: number): Promise<Result[]> => {
  const lattice = torusLattice({ nu: side, nv: side })
  const equation = nls({ g: 1 })
  const name = "strang nls"
  const results = [await timeIntegrator(context, lattice, equation, { dt: 0.05 }, { case: name, kernel: "js", backend: null, threads: 1 })]
  for (const backend of context.backends) {
    await initBackend(backend)
    results.push(await timeIntegrator(context, lattice, equation, { dt: 0.05, kernel: "tfjs" }, { case: name, kernel: "tfjs", backend, threads: null }))
  }
  return results
}

export const fieldStep: Benchmark = {
  name: "field-step",
  description: "RK4 CGLE steps/s on torus lattices (js serial, js pool, tfjs per backend); Strang NLS steps/s at one size",
  run: (context) =>
    withPool(async (pool) => {
      const results: Result[] = []
      for (const side of context.quick ? rk4Grids.quick : rk4Grids.full) results.push(...(await rk4Cases(context, pool, side)))
      results.push(...(await strangCases(context, context.quick ? strangGrid.quick : strangGrid.full)))
      return results
    }),
}
