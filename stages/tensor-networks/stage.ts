/**
 * The tensor-network stages, composable with `pipe`:
 *
 *   pipe(drawNetworks(config.network, { prng, from: 0, cycles }),
 *        contractBoundary({ kernel, batch, maxAmplitudes }),
 *        measureRegions({ regions, rtTolerance }))
 *
 * One network is drawn per cycle; the contraction stage gathers up to `batch`
 * networks and contracts those sharing a graph together (one batched product
 * per step on the tfjs kernel); the measurement stage turns each boundary
 * state into one measurement per boundary region.
 */
import { Chunk, Effect, Stream, pipe } from "effect"
import type { KernelName } from "../compute/backend.js"
import type { Prng, PrngState } from "../prng.js"
import { StageError, errorMessage } from "../stage.js"
import { type BoundaryState, squaredNorm } from "./boundary-state.js"
import { type NetworkConfig, type NetworkKind, networkFamily } from "./config.js"
import { type ContractionPlan, contractionPlan } from "./contraction-plan.js"
import { contractJs } from "./contract-js.js"
import { contractTfjs } from "./contract-tfjs.js"
import { type RegionMeasurement, measureRegion } from "./measure.js"
import { type MinimalCut, minimalCut } from "./min-cut.js"
import type { NetworkGraph, TensorNetwork } from "./network.js"
import { type BoundaryRegion, type RegionSpec, contiguousRegions } from "./regions.js"

export interface DrawnNetwork {
  readonly cycle: number
  readonly kind: NetworkKind
  readonly bondDimension: number
  readonly network: TensorNetwork
  /** The Prng's state right after this draw: a run checkpointed at this cycle continues from it. */
  readonly prng: PrngState
}

export interface ContractedNetwork extends DrawnNetwork {
  readonly state: BoundaryState
}

export interface NetworkMeasurement {
  readonly cycle: number
  readonly kind: NetworkKind
  readonly bondDimension: number
  readonly boundaryLegs: number
  /** ⟨ψ|ψ⟩ of the boundary state as contracted (1 for a network of isometries). */
  readonly norm: number
  readonly regions: ReadonlyArray<RegionMeasurement>
  readonly prng: PrngState
}

const attempt = <A>(stage: string, f: () => A) =>
  Effect.try({ try: f, catch: (cause) => new StageError({ stage, message: errorMessage(cause), cause }) })

export interface DrawOptions {
  readonly prng: Prng
  /** First cycle drawn (a resumed run starts after its checkpoint, with the Prng restored). */
  readonly from: number
  /** Cycles in the whole run: cycles from..cycles-1 are drawn. */
  readonly cycles: number
}

/** The source: one network of the configured family per cycle, drawn from the Prng in cycle order. */
export const drawNetworks = (config: NetworkConfig, options: DrawOptions): Stream.Stream<DrawnNetwork, StageError> =>
  Stream.unwrap(
    attempt("drawNetworks", () => {
      const family = networkFamily(config)
      return Stream.mapEffect(Stream.range(options.from, options.cycles - 1), (cycle) =>
        attempt("drawNetworks", (): DrawnNetwork => {
          const network = family.draw(options.prng)
          return { cycle, kind: family.kind, bondDimension: family.bondDimension, network, prng: options.prng.state() }
        }),
      )
    }),
  )

export interface ContractOptions {
  readonly kernel: KernelName
  /** Networks gathered per contraction. */
  readonly batch: number
  readonly maxAmplitudes: number
}

/** Splits a batch into runs of consecutive networks that share one graph. */
const runsByGraph = (batch: ReadonlyArray<DrawnNetwork>): DrawnNetwork[][] =>
  batch.reduce<DrawnNetwork[][]>((runs, item) => {
    const last = runs[runs.length - 1]
    if (last !== undefined && last[0]!.network.graph === item.network.graph) last.push(item)
    else runs.push([item])
    return runs
  }, [])

/** Contracts each network to its boundary state, on the js (float64) or tfjs (float32, batched) kernel. */
export const contractBoundary =
  (options: ContractOptions) =>
  <E, R>(input: Stream.Stream<DrawnNetwork, E, R>): Stream.Stream<ContractedNetwork, E | StageError, R> => {
    const plans = new WeakMap<NetworkGraph, ContractionPlan>()
    const planFor = (graph: NetworkGraph) => {
      const known = plans.get(graph)
      if (known !== undefined) return known
      const plan = contractionPlan(graph, { maxAmplitudes: options.maxAmplitudes })
      plans.set(graph, plan)
      return plan
    }
    const contractRun = async (run: DrawnNetwork[]): Promise<ContractedNetwork[]> => {
      const plan = planFor(run[0]!.network.graph)
      const states =
        options.kernel === "tfjs"
          ? await contractTfjs(plan, run.map((item) => item.network.tensors))
          : run.map((item) => contractJs(plan, item.network.tensors))
      return run.map((item, i) => ({ ...item, state: states[i]! }))
    }
    return pipe(
      input,
      Stream.grouped(options.batch),
      Stream.mapEffect((chunk) =>
        Effect.tryPromise({
          try: async () => {
            const contracted: ContractedNetwork[] = []
            for (const run of runsByGraph(Chunk.toReadonlyArray(chunk))) contracted.push(...(await contractRun(run)))
            return contracted
          },
          catch: (cause) => new StageError({ stage: "contractBoundary", message: errorMessage(cause), cause }),
        }),
      ),
      Stream.flattenIterables,
    )
  }

export interface MeasureOptions {
  readonly regions: RegionSpec
  /** Nats within which S(A) = min cut · ln χ counts as saturated. */
  readonly rtTolerance: number
}

/** Measures every configured boundary interval of each contracted network. */
export const measureRegions =
  (options: MeasureOptions) =>
  <E, R>(input: Stream.Stream<ContractedNetwork, E, R>): Stream.Stream<NetworkMeasurement, E | StageError, R> => {
    // Regions and minimal cuts depend on the graph alone: computed once per graph.
    const layouts = new WeakMap<NetworkGraph, { regions: BoundaryRegion[]; cuts: MinimalCut[] }>()
    const layoutFor = (graph: NetworkGraph) => {
      const known = layouts.get(graph)
      if (known !== undefined) return known
      const regions = contiguousRegions(graph.boundary.length, options.regions)
      const layout = { regions, cuts: regions.map((region) => minimalCut(graph, region.legs)) }
      layouts.set(graph, layout)
      return layout
    }
    return Stream.mapEffect(input, (item) =>
      attempt("measureRegions", (): NetworkMeasurement => {
        const { regions, cuts } = layoutFor(item.network.graph)
        return {
          cycle: item.cycle,
          kind: item.kind,
          bondDimension: item.bondDimension,
          boundaryLegs: item.state.dims.length,
          norm: squaredNorm(item.state),
          regions: regions.map((region, i) => measureRegion(item.network, item.state, region, { rtTolerance: options.rtTolerance, cut: cuts[i]! })),
          prng: item.prng,
        }
      }),
    )
  }
