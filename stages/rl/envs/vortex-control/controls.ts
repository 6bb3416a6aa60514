/**
 * The control registry: every parameter an agent can set in the vortex-control
 * environment, with its range, unit, meaning, how an action moves it and what
 * it changes in the simulation (docs/theory/control.md, docs/control-parameters.md).
 *
 * Actions are normalised: each entry lies in [-1, 1]. An absolute control
 * takes the value min + (a + 1)/2 · (max - min); an incremental one moves by
 * a · step from where it is, clipped to [min, max].
 */
import type { Lattice } from "../../../simulation/lattice/lattice.js"
import { interStripEdges, seamEdges } from "../../../simulation/lattice/relink.js"
import type { OriginalParameterName } from "./original-parameters.js"

export const controlNames = [
  "driveAmplitude",
  "driveFrequency",
  "wavenumber",
  "phaseWinding",
  "amplitudeVariance",
  "linearDispersion",
  "nonlinearDispersion",
  "gain",
  "twistHolonomy",
  "interStripCoupling",
  "vortexSeeding",
  "pairAnnihilation",
] as const
export type ControlName = (typeof controlNames)[number]

export type ControlMapping = "absolute" | "incremental"

/**
 * The part of the simulation a control changes, which decides what is
 * recomputed when it moves: the drive's time factor ε e^{-iωt} (equation
 * coefficients only), the source weights c (one synthesis product G = K c),
 * the transfer matrix K (recomputed, then the product), the equation's
 * coefficients, the lattice's links (a relinked lattice and a new
 * integrator), or the field itself (an operation on ψ before the steps).
 */
export type ControlTarget = "drive-factor" | "drive-weights" | "drive-transfer" | "equation" | "links" | "field"

export interface Control {
  readonly name: ControlName
  /** The symbol in the equations of docs/theory. */
  readonly symbol: string
  readonly min: number
  readonly max: number
  readonly unit: string
  readonly description: string
  readonly mapping: ControlMapping
  /** Incremental controls: the largest change one action makes (|a| = 1); null for absolute ones. */
  readonly step: number | null
  /** The original HHmL parameter this control is the well-defined version of, if any. */
  readonly originalName: OriginalParameterName | null
  readonly acts: ControlTarget
  /** The config key whose value the control starts from at every reset; null: it starts at 0 (off). */
  readonly initialFrom: string | null
  /** The lattices it acts on, in words (for the docs). */
  readonly appliesTo: string
  /** Why the control cannot act on this lattice, or null when it can. */
  readonly inapplicable: (lattice: Lattice) => string | null
}

const everywhere = (): null => null

const control = (spec: Omit<Control, "inapplicable" | "step" | "appliesTo"> & Partial<Pick<Control, "inapplicable" | "step" | "appliesTo">>): Control => ({
  inapplicable: everywhere,
  appliesTo: "every lattice",
  step: null,
  ...spec,
})

export const controls: readonly Control[] = [
  control({
    name: "driveAmplitude",
    symbol: "ε",
    min: 0,
    max: 4,
    unit: "field / time",
    description: "Drive strength ε in F = ε e^{-iωt} G(x); a strong drive entrains the field to the drive's own phase pattern",
    mapping: "absolute",
    originalName: null,
    acts: "drive-factor",
    initialFrom: "drive.epsilon",
  }),
  control({
    name: "driveFrequency",
    symbol: "ω",
    min: 0,
    max: 4,
    unit: "rad / time",
    description: "Drive angular frequency ω; its detuning from the field's own frequency decides between entrainment and beating",
    mapping: "absolute",
    originalName: "omega",
    acts: "drive-factor",
    initialFrom: "drive.omega",
  }),
  control({
    name: "wavenumber",
    symbol: "k",
    min: 0,
    max: 20,
    unit: "rad / length",
    description: "Wavenumber k of the emitted waves: the spatial scale of the drive pattern G and so the density of its phase singularities",
    mapping: "absolute",
    originalName: null,
    acts: "drive-transfer",
    initialFrom: "drive.wavenumber",
  }),
  control({
    name: "phaseWinding",
    symbol: "m",
    min: -8,
    max: 8,
    unit: "turns / turn",
    description: "Source phase winding m in φ_s = m·azimuth_s + φ_0: the net phase winding the drive imposes around the lattice axis",
    mapping: "absolute",
    originalName: "winding_density",
    acts: "drive-weights",
    initialFrom: "drive.phaseWinding",
  }),
  control({
    name: "amplitudeVariance",
    symbol: "v",
    min: 0,
    max: 3,
    unit: "× A²",
    description: "Relative variance of the log-normal source amplitudes A_s (one disorder draw ξ_s per episode, scaled by v)",
    mapping: "absolute",
    originalName: "amp_variance",
    acts: "drive-weights",
    initialFrom: "drive.amplitudeVariance",
  }),
  control({
    name: "linearDispersion",
    symbol: "b",
    min: -3,
    max: 3,
    unit: "1",
    description: "CGLE linear dispersion b in the Laplacian coefficient 1 + ib",
    mapping: "absolute",
    originalName: null,
    acts: "equation",
    initialFrom: "dynamics.b",
  }),
  control({
    name: "nonlinearDispersion",
    symbol: "c",
    min: -3,
    max: 3,
    unit: "1",
    description: "CGLE nonlinear dispersion c in the cubic coefficient 1 + ic; 1 + bc < 0 is Benjamin-Feir unstable (defect turbulence)",
    mapping: "absolute",
    originalName: "nonlinearity",
    acts: "equation",
    initialFrom: "dynamics.c",
  }),
  control({
    name: "gain",
    symbol: "μ",
    min: 0,
    max: 4,
    unit: "1 / time",
    description: "CGLE linear growth rate μ: the uniform amplitude is √μ and the healing length 1/√μ lattice spacings",
    mapping: "absolute",
    originalName: "damping",
    acts: "equation",
    initialFrom: "dynamics.mu",
  }),
  control({
    name: "twistHolonomy",
    symbol: "α",
    min: -Math.PI,
    max: Math.PI,
    unit: "rad",
    description: "Twist holonomy α: the link phase on the seam edges, so ψ picks up e^{iα} across the seam (π: antiperiodic)",
    mapping: "incremental",
    step: Math.PI / 8,
    originalName: "twist_rate",
    acts: "links",
    initialFrom: "lattice.alpha",
    appliesTo: "lattices with a seam: Möbius band, torus, Klein bottle, tokamak",
    inapplicable: (lattice) => (seamEdges(lattice).length > 0 ? null : `a ${lattice.geometry} lattice has no seam edges to carry it`),
  }),
  control({
    name: "interStripCoupling",
    symbol: "w_c",
    min: 0,
    max: 1,
    unit: "1",
    description: "Weight of the tokamak's inter-strip edges in the Laplacian (0: the strips evolve independently)",
    mapping: "incremental",
    step: 0.1,
    originalName: "cross_coupling",
    acts: "links",
    initialFrom: "lattice.coupling",
    appliesTo: "tokamak lattices with 2 or more strips",
    inapplicable: (lattice) =>
      interStripEdges(lattice).length > 0 ? null : `it needs inter-strip edges, which only a tokamak lattice with 2 or more strips has (this one: ${lattice.geometry})`,
  }),
  control({
    name: "vortexSeeding",
    symbol: "s",
    min: 0,
    max: 1,
    unit: "× 2π",
    description: "Phase-imprint strength of the vortex-antivortex pairs written at environment.seedPairs random adjacent faces each action (1: a full pair)",
    mapping: "absolute",
    originalName: "vortex_seed_strength",
    acts: "field",
    initialFrom: null,
  }),
  control({
    name: "pairAnnihilation",
    symbol: "a",
    min: 0,
    max: 1,
    unit: "× 2π",
    description: "Strength of the inverse imprint at every opposite-charge pair closer than environment.annihilationRadius each action (1: the pair's winding removed)",
    mapping: "absolute",
    originalName: null,
    acts: "field",
    initialFrom: null,
  }),
]

const byName = new Map(controls.map((c) => [c.name, c]))

export const controlByName = (name: ControlName): Control => {
  const found = byName.get(name)
  if (found === undefined) throw new RangeError(`unknown control ${JSON.stringify(name)}; known: ${controlNames.join(", ")}`)
  return found
}

/** A value for every control: the physical settings of the simulation. */
export type Settings = Readonly<Record<ControlName, number>>

const clamp = (x: number, low: number, high: number): number => Math.min(high, Math.max(low, x))

/** The control's value as a number in [-1, 1] (min → -1, max → 1). */
export const normalise = (c: Control, value: number): number => (c.max === c.min ? 0 : clamp((2 * (value - c.min)) / (c.max - c.min) - 1, -1, 1))

/** The value an action entry a ∈ [-1, 1] (clipped) gives the control, from its current value. */
export const actOn = (c: Control, current: number, action: number): number => {
  const a = clamp(action, -1, 1)
  if (c.mapping === "absolute") return clamp(c.min + ((a + 1) / 2) * (c.max - c.min), c.min, c.max)
  return clamp(current + a * c.step!, c.min, c.max)
}
