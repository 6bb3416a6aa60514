/**
 * Memory estimates of pipeline configs, reasoned from the arrays a run holds
 * (nodes × complex doubles × buffers, edges, faces, the N × S transfer
 * matrix, 2^n tensor-network amplitudes, B ensemble branches) with
 * per-element costs calibrated against the peak resident memory of real runs
 * (pipelines/memory-estimate.test.ts measures them again). The estimate is
 * checked before a run starts (pipelines/run/memory-check.ts) and maps the
 * hardware tiers (configs/hardware.yaml) to sizes that fit.
 */
import { Prng } from "../stages/prng.js"
import { type LatticeConfig, buildLattice } from "../stages/simulation/lattice/config.js"
import type { Lattice } from "../stages/simulation/lattice/lattice.js"
import { networkFamily } from "../stages/tensor-networks/config.js"
import { contractionPlan } from "../stages/tensor-networks/contraction-plan.js"
import { tensorSize } from "../stages/tensor-networks/network.js"
import type { EnsemblePruningConfig } from "./ensemble-pruning.js"
import type { GftConfig } from "./gft.js"
import type { SimulateConfig } from "./simulate.js"
import type { TensorNetworksConfig } from "./tensor-networks.js"

export interface MemoryEstimate {
  /** Typed arrays and objects of the pipeline in the Node process and its workers, beyond the runtime itself. */
  readonly hostBytes: number
  /** TensorFlow.js tensors of the tfjs kernels: GPU memory on tensorflow-gpu, process memory on the other backends. */
  readonly tensorBytes: number
  /** The config keys the estimate grows with, largest influence first. */
  readonly drivenBy: readonly string[]
}

export const MiB = 2 ** 20
export const GiB = 2 ** 30

/**
 * What Node, TensorFlow.js, DuckDB and the worker pool occupy before any
 * pipeline array: the peak resident memory of a run on an 8 × 4 lattice is
 * about 320 MiB.
 */
export const runtimeBytes = 384 * MiB

/** Bytes of a complex value: two float64 (js kernels) or two float32 (tensors). */
export const complex64 = 16
export const complex32 = 8

export interface LatticeCounts {
  readonly nodes: number
  readonly edges: number
  readonly faces: number
  /** Neighbours of the best-connected node: the padded row width of the tfjs Laplacian. */
  readonly maxNeighbours: number
}

/**
 * Node, edge and face counts of the lattice a config builds: without building
 * it, exact for the quad grids and the ring and Euler's formula for the
 * triangulated sphere (whose nodes have at most 8 neighbours); the tokamak's
 * inter-strip links depend on its whole shape, so its lattice is built.
 */
export const latticeCounts = (config: LatticeConfig): LatticeCounts => {
  const { nu, nv } = config
  switch (config.geometry) {
    case "ring":
      return { nodes: config.nodes, edges: config.nodes, faces: 0, maxNeighbours: 2 }
    case "plane":
      return { nodes: nu * nv, edges: (nu - 1) * nv + nu * (nv - 1), faces: (nu - 1) * (nv - 1), maxNeighbours: 4 }
    case "mobius":
      return { nodes: nu * nv, edges: nu * nv + nu * (nv - 1), faces: nu * (nv - 1), maxNeighbours: 4 }
    case "torus":
    case "klein":
      return { nodes: nu * nv, edges: 2 * nu * nv, faces: nu * nv, maxNeighbours: 4 }
    case "sphere":
      return { nodes: config.nodes, edges: 3 * config.nodes - 6, faces: 2 * config.nodes - 4, maxNeighbours: 8 }
    case "tokamak":
      return builtCounts(buildLattice(config))
  }
}

/** Counts of a built lattice. */
const builtCounts = (lattice: Lattice): LatticeCounts => {
  let maxNeighbours = 0
  for (let i = 0; i < lattice.nodeCount; i++) maxNeighbours = Math.max(maxNeighbours, lattice.adjacency.rowStart[i + 1]! - lattice.adjacency.rowStart[i]!)
  return { nodes: lattice.nodeCount, edges: lattice.edges.source.length, faces: lattice.faces.offsets.length - 1, maxNeighbours }
}

/** The config keys that set a geometry's node count. */
export const latticeKeys = (config: LatticeConfig): string[] => {
  switch (config.geometry) {
    case "ring":
    case "sphere":
      return ["lattice.nodes"]
    case "tokamak":
      return ["lattice.strips", "lattice.nu", "lattice.nv"]
    default:
      return ["lattice.nu", "lattice.nv"]
  }
}

/**
 * Per-element costs of a simulated lattice in the js kernels, measured: the
 * geometry, CSR links and their coefficients, the field with its RK4 stages,
 * the drive profile, the charges and currents, and the frames in flight
 * between the stages and the sinks.
 */
const bytesPerNode = 480
const bytesPerEdge = 64
const bytesPerFace = 64

/** The js working set of a lattice with its field, frames and vortex diagnostics. */
export const latticeFieldBytes = (counts: LatticeCounts): number =>
  counts.nodes * bytesPerNode + counts.edges * bytesPerEdge + counts.faces * bytesPerFace

/**
 * One RK4 step of the tfjs kernel on a [B, N] batch, whose intermediates live
 * until the step's tidy ends: four Laplacians of about eight [B, N, W] float32
 * arrays each (the padded neighbour gathers and their products) and some two
 * dozen [B, N] complex stages and temporaries.
 */
export const rk4TensorBytes = (batch: number, counts: LatticeCounts): number =>
  batch * counts.nodes * (4 * 8 * 4 * counts.maxNeighbours + 24 * complex32)

/** Human-readable bytes: 2.0 TiB, 1.5 GiB, 320 MiB. */
export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * GiB
    ? `${(bytes / (1024 * GiB)).toFixed(1)} TiB`
    : bytes >= GiB
      ? `${(bytes / GiB).toFixed(1)} GiB`
      : `${Math.max(1, Math.round(bytes / MiB))} MiB`

/** The lattice with its field, and the N × S transfer matrix K of the drive (none for the undriven NLS). */
const drivenLattice = (config: SimulateConfig | EnsemblePruningConfig) => {
  const counts = latticeCounts(config.lattice)
  const sources = config.dynamics.model === "nls" ? 0 : config.drive.sourceCount
  return {
    counts,
    sources,
    hostBytes: latticeFieldBytes(counts) + counts.nodes * sources * complex64,
    drivenBy: [...latticeKeys(config.lattice), ...(sources > 0 ? ["drive.sourceCount"] : [])],
  }
}

/** simulate: the lattice, field and frames, K in float64, and on tfjs one RK4 step's tensors with K in float32. */
export const simulateMemory = (config: SimulateConfig): MemoryEstimate => {
  const { counts, sources, hostBytes, drivenBy } = drivenLattice(config)
  const tfjs = config.compute.kernel === "tfjs"
  return {
    hostBytes,
    tensorBytes: tfjs ? rk4TensorBytes(1, counts) + counts.nodes * sources * complex32 : 0,
    drivenBy,
  }
}

/**
 * ensemble-pruning: the warm-up simulation, then B branches of N complex
 * values: on js each branch with its RK4 stages and the analysis's copies
 * (eight complex arrays), on tfjs a [B, N] RK4 step on the tensors and three
 * host copies (the branches read back, the record, the analysis).
 */
export const ensemblePruningMemory = (config: EnsemblePruningConfig): MemoryEstimate => {
  const { counts, hostBytes, drivenBy } = drivenLattice(config)
  const branchNodes = config.ensemble.branches * counts.nodes
  const tfjs = config.compute.kernel === "tfjs"
  return {
    hostBytes: hostBytes + branchNodes * complex64 * (tfjs ? 3 : 8),
    tensorBytes: tfjs ? rk4TensorBytes(config.ensemble.branches, counts) : 0,
    drivenBy: ["ensemble.branches", ...drivenBy],
  }
}

const networkSizeKeys = ({ network }: TensorNetworksConfig): string[] =>
  network.kind === "random" && network.graph === "random" ? ["network.boundaryLegs", "network.vertices"] : ["network.layers", "network.maxTiles"]

/**
 * tensor-networks: the largest tensor the contraction creates (exact for the
 * fixed MERA and tiling graphs, that of one draw for random graphs, whose
 * size varies little), held with its two transposed operands and the product
 * (float64 on js; float32 for the whole batch on tfjs), the boundary state and
 * the reduced density matrices of the regions with their eigendecomposition.
 */
export const tensorNetworksMemory = (config: TensorNetworksConfig): MemoryEstimate => {
  const network = networkFamily(config.network).draw(Prng.seeded(config.run.seed))
  const plan = contractionPlan(network.graph, { maxAmplitudes: Number.POSITIVE_INFINITY })
  const boundary = tensorSize(plan.boundaryDims)
  const legs = plan.boundaryDims.length
  // Entropies are computed on the smaller side of a region, at most half the boundary.
  const regionLegs = Math.min(config.network.regionMax === 0 ? legs : config.network.regionMax, Math.floor(legs / 2))
  const densityMatrix = config.network.bondDimension ** (2 * regionLegs)
  const tfjs = config.compute.kernel === "tfjs"
  const batch = tfjs ? config.network.batch : 1
  return {
    hostBytes: (tfjs ? 0 : 4 * plan.largest * 8) + batch * boundary * 8 + 4 * densityMatrix * 8,
    tensorBytes: tfjs ? 4 * batch * plan.largest * 4 : 0,
    drivenBy: [...networkSizeKeys(config), "network.bondDimension", "network.regionMax", ...(tfjs ? ["network.batch"] : [])],
  }
}

/** gft: a few numbers per spin (phase space, records in flight); never more than a few KiB. */
export const gftMemory = (config: GftConfig): MemoryEstimate => ({
  hostBytes: config.condensate.spins.length * 1024,
  tensorBytes: 0,
  drivenBy: ["condensate.spins"],
})
