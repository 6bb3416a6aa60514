/**
 * Memory estimates of pipeline configs, reasoned from the arrays a run holds
 * (nodes × complex doubles × buffers, edges, faces, the N × S transfer
 * matrix, 2^n tensor-network amplitudes, B ensemble branches, a TD3 agent's
 * replay buffer, networks and checkpoint) with
 * per-element costs calibrated against the peak resident memory of real runs
 * (pipelines/memory-estimate.test.ts measures them again). The estimate is
 * checked before a run starts (pipelines/run/memory-check.ts) and maps the
 * hardware tiers (configs/hardware.yaml) to sizes that fit.
 */
import { Prng } from "../stages/prng.js"
import { pendulum } from "../stages/rl/envs/pendulum.js"
import { controlByName, observationSpace } from "../stages/rl/envs/vortex-control/index.js"
import { type LatticeConfig, buildLattice } from "../stages/simulation/lattice/config.js"
import type { Lattice } from "../stages/simulation/lattice/lattice.js"
import { networkFamily } from "../stages/tensor-networks/config.js"
import { contractionPlan } from "../stages/tensor-networks/contraction-plan.js"
import { tensorSize } from "../stages/tensor-networks/network.js"
import type { EnsemblePruningConfig } from "./ensemble-pruning.js"
import type { GftConfig } from "./gft.js"
import type { SimulateConfig } from "./simulate.js"
import type { TensorNetworksConfig } from "./tensor-networks.js"
import type { TrainConfig } from "./train.js"

export interface MemoryEstimate {
  /** Typed arrays and objects of the pipeline in the Node process and its workers, beyond the runtime itself. */
  readonly hostBytes: number
  /** TensorFlow.js tensors of the tfjs kernels: GPU memory on tensorflow-gpu, process memory on the other backends. */
  readonly tensorBytes: number
  /** The config keys the estimate grows with, largest influence first. */
  readonly drivenBy: readonly string[]
  /** Length of a checkpoint's JSON text, where a pipeline's can grow large (one JavaScript string holds it). */
  readonly checkpointTextBytes?: number
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
 * triangulated Fibonacci sphere (whose nodes have at most 8 neighbours; 7 on
 * every size up to 3,000 nodes). A sphere wound by `turns` is sheared into
 * triangles of any shape, and the tokamak's inter-strip links depend on its
 * whole shape: those lattices are built and counted.
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
      return config.turns === 0
        ? { nodes: config.nodes, edges: 3 * config.nodes - 6, faces: 2 * config.nodes - 4, maxNeighbours: 8 }
        : builtCounts(buildLattice(config))
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

/** Bytes of a float32, the replay buffer's and the networks' number. */
const float32 = 4

/** Parameters of a dense ReLU stack with `layers` hidden layers of `units` and a linear output. */
const mlpParameters = (inputs: number, units: number, layers: number, outputs: number): number =>
  inputs * units + units + (layers - 1) * (units * units + units) + units * outputs + outputs

/** Parameters of an LSTM encoder: input, recurrent and bias weights of four gates. */
const lstmParameters = (inputs: number, units: number): number => 4 * units * (inputs + units + 1)

/** Observation and action sizes of the task (stages/rl/envs: the vortex-control summary and settings, or the pendulum). */
const taskSpaces = (config: TrainConfig): { readonly observation: number; readonly action: number } => {
  if (config.task.environment === "pendulum") {
    const env = pendulum()
    return { observation: env.observationSpace.low.length, action: env.actionSpace.low.length }
  }
  return { observation: observationSpace(config.environment.controls.map(controlByName)).low.length, action: config.environment.controls.length }
}

/**
 * Parameters the TD3 agent trains (stages/rl/td3.ts): the actor and the two
 * critics, each with its own LSTM encoder when `encoder` is lstm. Their target
 * copies and Adam's two moments hold as many again each.
 */
export const trainedParameters = (config: TrainConfig): number => {
  const { observation, action } = taskSpaces(config)
  const { hiddenUnits: units, hiddenLayers: layers, encoder, history, lstmUnits } = config.agent
  const encoded = encoder === "lstm" ? lstmUnits : observation * history
  const encoderParameters = encoder === "lstm" ? lstmParameters(observation, lstmUnits) : 0
  const actor = encoderParameters + mlpParameters(encoded, units, layers, action)
  const critic = encoderParameters + mlpParameters(encoded + action, units, layers, 1)
  return actor + 2 * critic
}

/**
 * Per trained parameter, float32 values of the agent's tensors at their peak:
 * the networks and their targets (2), Adam's moments (2), and one update's
 * gradients with Adam's dozen intermediates per parameter, which live until
 * the update's tidy ends (12; measured 11 on the wasm backend).
 */
const tensorsPerParameter = 16

/**
 * One update's activations and their gradients: per minibatch row, some two
 * dozen copies of each layer's width over the seven network applications; an
 * LSTM encoder unrolls its `history` steps, each holding its gates, states and
 * their gradients, measured at about 352 values per row, step and unit.
 */
const mlpActivationCopies = 24
const lstmActivationCopies = 384

/**
 * The environments of the task: each vortex-control environment holds a
 * field on the lattice with its integrator, drive profile and its own
 * transfer matrix, plus the face geometry and charges of its phase imprinting
 * (measured at 1.5 times simulate's working set), beside the driven lattice
 * the environments share. A pendulum is a few numbers.
 */
const environmentOverhead = 1.5

const environmentsMemory = (config: TrainConfig) => {
  if (config.task.environment === "pendulum") return { hostBytes: 0, tensorBytes: 0, stateBytes: 0 }
  const counts = latticeCounts(config.lattice)
  const transfer = counts.nodes * config.drive.sourceCount
  const working = latticeFieldBytes(counts) + transfer * complex64
  const tfjs = config.compute.kernel === "tfjs"
  const environments = config.agent.environments
  return {
    hostBytes: working + environments * environmentOverhead * working,
    tensorBytes: tfjs ? environments * (rk4TensorBytes(1, counts) + transfer * complex32) : 0,
    // Each environment's checkpoint holds its field and the source disorder.
    stateBytes: environments * (counts.nodes * complex64 + config.drive.sourceCount * 8),
  }
}

/**
 * A checkpoint (pipelines/run/checkpoints.ts) is one JSON text of the whole
 * training state, its arrays in base64 (4/3 bytes per byte): while it is
 * written, the state's strings, the JSON text, its flattened copy and its
 * UTF-8 bytes are alive at once, measured at 3.7 to 3.9 times the text.
 */
const checkpointCopies = 4
const base64Expansion = 4 / 3

/**
 * train: the replay buffer as full as the run can fill it (capacity ×
 * (2 windows of `history` observations, an action, a reward in float32, a
 * flag byte)), the agent's tensors (tfjs: GPU memory on tensorflow-gpu,
 * process memory otherwise) and one update's activations, the environments'
 * fields, and the transient peak of writing a checkpoint that holds the
 * buffer, the weights, the moments and the fields.
 */
export const trainMemory = (config: TrainConfig): MemoryEstimate => {
  const { agent } = config
  const { observation, action } = taskSpaces(config)
  const columns = observation * agent.history
  const transitions = Math.min(agent.bufferSize, config.run.cycles * agent.environments)
  const bufferBytes = transitions * (float32 * (2 * columns + action + 1) + 1)
  const parameters = trainedParameters(config)
  const activationBytes =
    float32 *
    agent.batchSize *
    (agent.encoder === "lstm"
      ? lstmActivationCopies * agent.history * agent.lstmUnits + mlpActivationCopies * (agent.lstmUnits + action + agent.hiddenUnits * agent.hiddenLayers)
      : mlpActivationCopies * (columns + action + agent.hiddenUnits * agent.hiddenLayers))
  const agentTensorBytes = float32 * tensorsPerParameter * parameters + activationBytes
  const environments = environmentsMemory(config)
  // Weights and moments: the online and target networks and Adam's m and v.
  const weightBytes = float32 * 4 * parameters
  const checkpointed = (bytes: number) => checkpointCopies * base64Expansion * bytes
  const terms: Array<{ readonly bytes: number; readonly keys: readonly string[] }> = [
    { bytes: bufferBytes + checkpointed(bufferBytes), keys: ["agent.bufferSize", "agent.history"] },
    {
      bytes: agentTensorBytes + checkpointed(weightBytes),
      keys: ["agent.hiddenUnits", "agent.hiddenLayers", ...(agent.encoder === "lstm" ? ["agent.lstmUnits", "agent.history"] : []), "agent.batchSize"],
    },
    {
      bytes: environments.hostBytes + environments.tensorBytes + checkpointed(environments.stateBytes),
      keys: ["agent.environments", ...(config.task.environment === "hhml" ? [...latticeKeys(config.lattice), "drive.sourceCount"] : [])],
    },
  ]
  return {
    hostBytes: bufferBytes + environments.hostBytes + checkpointed(bufferBytes + weightBytes + environments.stateBytes),
    tensorBytes: agentTensorBytes + environments.tensorBytes,
    drivenBy: [...new Set(terms.toSorted((a, b) => b.bytes - a.bytes).flatMap((term) => term.keys))],
    checkpointTextBytes: base64Expansion * (bufferBytes + weightBytes + environments.stateBytes),
  }
}
