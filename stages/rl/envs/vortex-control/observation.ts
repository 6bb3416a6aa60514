/**
 * What the agent sees: a summary of the field (vortex density and charge
 * balance, norm and Ginzburg-Landau free energy per node, phase coherence),
 * the target and the error to it, the density's change over the last action,
 * and the active controls' settings, normalised to [-1, 1].
 */
import { box, type Box } from "../../environment.js"
import type { KernelName } from "../../../compute/backend.js"
import type { WorkerPool } from "../../../compute/parallel.js"
import { fieldDiagnostics } from "../../../simulation/diagnostics.js"
import type { ComplexField } from "../../../simulation/field.js"
import type { Lattice } from "../../../simulation/lattice/lattice.js"
import { plaquetteCharges } from "../../../simulation/vortices/charges.js"
import { vortexStatistics } from "../../../simulation/vortices/statistics.js"
import { type Control, normalise, type Settings } from "./controls.js"

/** The field's state as the task sees it. */
export interface FieldSummary {
  /** Faces with q_f ≠ 0, over all faces. */
  readonly density: number
  readonly positive: number
  readonly negative: number
  /** Σ q_f over the number of vortices, in [-1, 1]; 0 without vortices. */
  readonly chargeBalance: number
  /** Σ|ψ_i|² / N. */
  readonly normPerNode: number
  /** F / N with F = ½Σ_ij w_ij|e^{iA_ij}ψ_j - ψ_i|² + Σ_i (-μ|ψ_i|² + ½|ψ_i|⁴), the real Ginzburg-Landau functional. */
  readonly freeEnergyPerNode: number
  /** |Σψ_i| / Σ|ψ_i| ∈ [0, 1]. */
  readonly phaseCoherence: number
}

export interface SummaryOptions {
  readonly kernel: KernelName
  readonly pool?: WorkerPool
}

/** Charges and summary of a finite field on the lattice with the current links; μ enters the free energy. */
export const summarise = (
  lattice: Lattice,
  field: ComplexField,
  gain: number,
  options: SummaryOptions,
): { readonly summary: FieldSummary; readonly charges: Int32Array } => {
  const charges = plaquetteCharges(lattice, field, { kernel: options.kernel, ...(options.pool === undefined ? {} : { pool: options.pool }) })
  const statistics = vortexStatistics(charges)
  // The GL functional is the NLS energy H with potential -μ and interaction 1.
  const diagnostics = fieldDiagnostics(lattice, field, { potential: -gain, g: 1 })
  const n = lattice.nodeCount
  return {
    charges,
    summary: {
      density: statistics.density,
      positive: statistics.positive,
      negative: statistics.negative,
      chargeBalance: statistics.vortices === 0 ? 0 : statistics.netCharge / statistics.vortices,
      normPerNode: diagnostics.norm / n,
      freeEnergyPerNode: diagnostics.energy! / n,
      phaseCoherence: diagnostics.phaseCoherence,
    },
  }
}

const fieldEntries = [
  { name: "vortexDensity", low: 0, high: 1 },
  { name: "targetDensity", low: 0, high: 1 },
  { name: "trackingError", low: -Infinity, high: Infinity },
  { name: "densityChange", low: -1, high: 1 },
  { name: "chargeBalance", low: -1, high: 1 },
  { name: "normPerNode", low: 0, high: Infinity },
  { name: "freeEnergyPerNode", low: -Infinity, high: Infinity },
  { name: "phaseCoherence", low: 0, high: 1 },
] as const

/** The observation entries' names, in order: the field summary and target, then `<control>Setting` per active control. */
export const observationNames = (active: readonly Control[]): string[] => [
  ...fieldEntries.map((entry) => entry.name),
  ...active.map((c) => `${c.name}Setting`),
]

export const observationSpace = (active: readonly Control[]): Box =>
  box(
    [...fieldEntries.map((entry) => entry.low), ...active.map(() => -1)],
    [...fieldEntries.map((entry) => entry.high), ...active.map(() => 1)],
  )

export interface ObservationInput {
  readonly summary: FieldSummary
  readonly target: number
  /** σ of the reward: trackingError = (density - target) / σ. */
  readonly trackingScale: number
  readonly densityChange: number
  readonly settings: Settings
}

export const observation = (active: readonly Control[], input: ObservationInput): Float64Array => {
  const { summary } = input
  return Float64Array.from([
    summary.density,
    input.target,
    (summary.density - input.target) / input.trackingScale,
    input.densityChange,
    summary.chargeBalance,
    summary.normPerNode,
    summary.freeEnergyPerNode,
    summary.phaseCoherence,
    ...active.map((c) => normalise(c, input.settings[c.name])),
  ])
}
