/**
 * The 23 control parameters of the original HHmL agent (its RNN controller's
 * output vector, in order), and what each became here: a registered control,
 * a config key fixed for a run, or nothing where the original quantity has no
 * well-defined meaning for this model. docs/control-parameters.md and
 * docs/theory/control.md print this table.
 */

export const originalParameterNames = [
  "kappa",
  "delta",
  "vortex_target",
  "num_qec_layers",
  "damping",
  "nonlinearity",
  "amp_variance",
  "vortex_seed_strength",
  "omega",
  "diffusion_dt",
  "reset_strength",
  "sample_ratio",
  "max_neighbors_factor",
  "sparsity_threshold",
  "sparse_density",
  "spectral_weight",
  "winding_density",
  "twist_rate",
  "cross_coupling",
  "antivortex_strength",
  "annihilation_radius",
  "pruning_threshold",
  "preserve_ratio",
] as const
export type OriginalParameterName = (typeof originalParameterNames)[number]

/** What an original parameter corresponds to here. */
export type Equivalent =
  | { readonly kind: "control"; readonly control: string }
  | { readonly kind: "config"; readonly key: string }
  | { readonly kind: "none" }

export interface OriginalParameter {
  readonly index: number
  readonly name: OriginalParameterName
  /** The range the original's controller produced. */
  readonly range: readonly [number, number]
  /** The original's own description. */
  readonly purpose: string
  readonly equivalent: Equivalent
  /** How the equivalent relates to the original, or why there is none. */
  readonly note: string
}

const control = (name: string): Equivalent => ({ kind: "control", control: name })
const config = (key: string): Equivalent => ({ kind: "config", key })
const none: Equivalent = { kind: "none" }

export const originalParameters: readonly OriginalParameter[] = [
  {
    index: 0,
    name: "kappa",
    range: [1, 2],
    purpose: "tokamak elongation",
    equivalent: config("lattice.elongation"),
    note: "Geometry, fixed per run: changing it moves every node, so it is a lattice parameter, not a control",
  },
  {
    index: 1,
    name: "delta",
    range: [0, 0.5],
    purpose: "tokamak triangularity",
    equivalent: config("lattice.triangularity"),
    note: "Geometry, fixed per run (as kappa)",
  },
  {
    index: 2,
    name: "vortex_target",
    range: [0.5, 0.8],
    purpose: "target vortex density",
    equivalent: config("environment.targetMin, environment.targetMax"),
    note: "The task, not an action: the target is drawn per episode from this range and shown in the observation. Densities here are topological (faces with nonzero winding), so useful targets are far below the original's amplitude-threshold densities",
  },
  {
    index: 3,
    name: "num_qec_layers",
    range: [1, 10],
    purpose: "quantum error correction depth",
    equivalent: none,
    note: "No equivalent: the field is a classical complex field; there is no code space or error correction to layer",
  },
  {
    index: 4,
    name: "damping",
    range: [0.01, 0.2],
    purpose: "wave energy dissipation rate",
    equivalent: control("gain"),
    note: "The CGLE's net linear rate is μ (growth for μ > 0); a damping γ is μ = -γ. Dissipation of gradients and amplitude is fixed by the real parts of 1 + ib and 1 + ic",
  },
  {
    index: 5,
    name: "nonlinearity",
    range: [-2, 2],
    purpose: "self-interaction strength",
    equivalent: control("nonlinearDispersion"),
    note: "The real part of the cubic coefficient is scaled to 1; its imaginary part c (the amplitude-dependent frequency shift) is the free self-interaction parameter",
  },
  {
    index: 6,
    name: "amp_variance",
    range: [0.1, 3],
    purpose: "amplitude spread",
    equivalent: control("amplitudeVariance"),
    note: "Same meaning: the relative variance of the source amplitudes (log-normal, mean kept)",
  },
  {
    index: 7,
    name: "vortex_seed_strength",
    range: [0, 1],
    purpose: "probability of injecting vortex cores",
    equivalent: control("vortexSeeding"),
    note: "A deterministic phase-imprint strength at environment.seedPairs sites drawn from the environment's PRNG, instead of a probability: the field moves continuously with the control",
  },
  {
    index: 8,
    name: "omega",
    range: [0.1, 1],
    purpose: "helical phase frequency",
    equivalent: control("driveFrequency"),
    note: "The drive's angular frequency ω in e^{-iωt}; the original's helical phase rotation at a fixed rate is this time dependence",
  },
  {
    index: 9,
    name: "diffusion_dt",
    range: [0.01, 0.5],
    purpose: "Laplacian diffusion timestep",
    equivalent: config("dynamics.dt"),
    note: "Numerics, not physics: the time step must satisfy the RK4 stability limit and results must not depend on it, so an agent does not set it",
  },
  {
    index: 10,
    name: "reset_strength",
    range: [0, 1],
    purpose: "spectral vortex reset blend",
    equivalent: none,
    note: "No equivalent: blending the field with a reset pattern discards the state the dynamics evolved; pairAnnihilation removes defects locally instead",
  },
  {
    index: 11,
    name: "sample_ratio",
    range: [0.01, 0.5],
    purpose: "fraction of nodes updated per cycle",
    equivalent: none,
    note: "Numerics: every node is updated every step, as the equation requires",
  },
  {
    index: 12,
    name: "max_neighbors_factor",
    range: [0.1, 2],
    purpose: "sparse graph connectivity",
    equivalent: none,
    note: "Numerics of the original's sparse approximation: connectivity here is the lattice's own adjacency",
  },
  {
    index: 13,
    name: "sparsity_threshold",
    range: [0.1, 0.5],
    purpose: "magnitude cutoff for vortex detection",
    equivalent: none,
    note: "Vortices are detected exactly as plaquette windings, with no magnitude cutoff",
  },
  {
    index: 14,
    name: "sparse_density",
    range: [0, 1],
    purpose: "graph density",
    equivalent: none,
    note: "Numerics of the original's sparse approximation (as max_neighbors_factor)",
  },
  {
    index: 15,
    name: "spectral_weight",
    range: [0, 1],
    purpose: "spatial vs spectral propagation",
    equivalent: none,
    note: "No equivalent: the field obeys one equation; mixing two propagators by a weight is not a physical parameter",
  },
  {
    index: 16,
    name: "winding_density",
    range: [0.5, 2.5],
    purpose: "Möbius winding frequency",
    equivalent: control("phaseWinding"),
    note: "The phase winding m the sources impose around the lattice axis (turns per turn)",
  },
  {
    index: 17,
    name: "twist_rate",
    range: [0.5, 2],
    purpose: "topological twist rate",
    equivalent: control("twistHolonomy"),
    note: "The half-twist count (lattice.halfTwists) is an integer fixed by the geometry; the continuous twist the field feels is the holonomy α on the seam links",
  },
  {
    index: 18,
    name: "cross_coupling",
    range: [0, 1],
    purpose: "inter-strip coupling",
    equivalent: control("interStripCoupling"),
    note: "Same meaning: the weight of the tokamak's inter-strip edges",
  },
  {
    index: 19,
    name: "antivortex_strength",
    range: [0, 1],
    purpose: "phase-inverted antivortex injection",
    equivalent: none,
    note: "Injecting antivortices alone would change the net charge, which the topology fixes on closed orientable surfaces; vortexSeeding imprints vortex-antivortex pairs",
  },
  {
    index: 20,
    name: "annihilation_radius",
    range: [0.1, 1],
    purpose: "annihilation zone extent",
    equivalent: config("environment.annihilationRadius"),
    note: "The distance within which opposite charges are paired for pairAnnihilation, fixed per run",
  },
  {
    index: 21,
    name: "pruning_threshold",
    range: [0, 1],
    purpose: "quality score below which vortices are targeted",
    equivalent: none,
    note: "No equivalent: the original's vortex quality score has no definition for topological charges, which are exact integers",
  },
  {
    index: 22,
    name: "preserve_ratio",
    range: [0.3, 0.9],
    purpose: "minimum vortex density to maintain",
    equivalent: config("environment.targetMin"),
    note: "A floor on the density is part of the task: the lower end of the target range",
  },
]
