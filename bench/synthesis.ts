/**
 * Drive synthesis, G = K c and the batched G = K C: js serial, js on the
 * worker pool and tfjs per backend at 16k nodes × 64 sources (`synthesis`),
 * and the serial / pool break-even over the product size that sets
 * parallelProductThreshold (`synthesis-threshold`).
 */
import { initBackend, type KernelName } from "../stages/compute/backend.js"
import type { WorkerPool } from "../stages/compute/parallel.js"
import { Prng } from "../stages/prng.js"
import {
  boundingRadius,
  centroid,
  type ComplexMatrix,
  fibonacciShell,
  synthesize,
  synthesizeBatch,
  type SynthesisOptions,
  transferMatrix,
} from "../stages/simulation/drive/index.js"
import { type BenchContext, type Benchmark, measure, type Result, withPool } from "./harness.js"

/** K for a cloud of `nodes` points and `sources` sources on the default sphere shell around it (the drive's geometry; the timing depends only on the sizes). */
const transferFor = (prng: Prng, nodes: number, sources: number): ComplexMatrix => {
  const positions = prng.fillNormal(new Float64Array(3 * nodes))
  const center = centroid(positions)
  return transferMatrix(positions, fibonacciShell(center, 1.5 * boundingRadius(positions, center), sources), { wavenumber: 4, decay: 1, rMin: 0.05 })
}

const weights = (prng: Prng, sources: number, batch: number): ComplexMatrix => ({
  rows: sources,
  cols: batch,
  re: prng.fillNormal(new Float64Array(sources * batch)),
  im: prng.fillNormal(new Float64Array(sources * batch)),
})

interface Variant {
  readonly kernel: KernelName
  readonly backend: string | null
  readonly threads: number | null
  readonly options: SynthesisOptions
}

/** Times one product of K and `c`: a vector product when c has one column, else a batch. */
const timeProduct = async (context: BenchContext, k: ComplexMatrix, c: ComplexMatrix, variant: Variant): Promise<Result> => {
  const batched = c.cols > 1
  const name = batched ? "G = K C" : "G = K c"
  context.log(`${name}: ${k.rows} × ${k.cols} × ${c.cols}, ${variant.kernel}${variant.backend === null ? "" : ` ${variant.backend}`}, threads ${variant.threads ?? "-"}`)
  const vector = { re: c.re, im: c.im }
  const timing = await measure((calls) => {
    for (let call = 0; call < calls; call++) {
      if (batched) synthesizeBatch(k, c, variant.kernel, variant.options)
      else synthesize(k, vector, variant.kernel, variant.options)
    }
  }, context.settings)
  const sizes: Record<string, number> = batched ? { nodes: k.rows, sources: k.cols, batch: c.cols } : { nodes: k.rows, sources: k.cols }
  return { case: name, sizes, kernel: variant.kernel, backend: variant.backend, threads: variant.threads, unit: "call", itemsPerOp: 1, timing }
}

const serial: Variant = { kernel: "js", backend: null, threads: 1, options: {} }
/** Threshold 1: the pool whatever the size. */
const pooled = (pool: WorkerPool): Variant => ({ kernel: "js", backend: null, threads: pool.threads, options: { pool, parallelThreshold: 1 } })

const sizes = { full: { nodes: 16_384, sources: 64, batch: 64 }, quick: { nodes: 1024, sources: 16, batch: 8 } } as const

export const synthesis: Benchmark = {
  name: "synthesis",
  description: "drive synthesis G = K c and batched G = K C per call: js serial, js pool, tfjs per backend",
  run: (context) =>
    withPool(async (pool) => {
      const size = context.quick ? sizes.quick : sizes.full
      const prng = Prng.seeded(7)
      const k = transferFor(prng, size.nodes, size.sources)
      const results: Result[] = []
      for (const c of [weights(prng, size.sources, 1), weights(prng, size.sources, size.batch)]) {
        results.push(await timeProduct(context, k, c, serial))
        if (pool.threads > 1) results.push(await timeProduct(context, k, c, pooled(pool)))
        for (const backend of context.backends) {
          await initBackend(backend)
          results.push(await timeProduct(context, k, c, { kernel: "tfjs", backend, threads: null, options: {} }))
        }
      }
      return results
    }),
}

/**
 * (nodes, sources, batch) of the sweep: three shapes, each at 2^15 to 2^20
 * complex multiply-adds, so the break-even can be read off in the unit of the
 * threshold whatever the shape.
 */
const sweep = {
  full: [
    ...[512, 1024, 2048, 4096, 8192, 16_384].map((nodes) => [nodes, 64, 1] as const),
    ...[2048, 4096, 8192, 16_384, 32_768, 65_536].map((nodes) => [nodes, 16, 1] as const),
    ...[32, 64, 128, 256, 512, 1024].map((nodes) => [nodes, 16, 64] as const),
  ],
  quick: [
    [64, 16, 1],
    [256, 16, 4],
  ],
} as const

export const synthesisThreshold: Benchmark = {
  name: "synthesis-threshold",
  description: "js synthesis serial vs worker pool over the product size (nodes × sources × batch): the break-even behind parallelProductThreshold",
  run: (context) =>
    withPool(async (pool) => {
      if (pool.threads < 2) {
        context.log("synthesis-threshold: one core, nothing to compare")
        return []
      }
      const prng = Prng.seeded(8)
      const results: Result[] = []
      for (const [nodes, sources, batch] of context.quick ? sweep.quick : sweep.full) {
        const k = transferFor(prng, nodes, sources)
        const c = weights(prng, sources, batch)
        results.push(await timeProduct(context, k, c, serial), await timeProduct(context, k, c, pooled(pool)))
      }
      return results
    }),
}
