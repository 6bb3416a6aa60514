/**
 * The lattice config section and the builder that dispatches on its geometry.
 * Each geometry reads the fields it needs and ignores the rest, so one section
 * describes every lattice; defaults come from latticeDefaults.
 */
import type { Schema } from "effect"
import { choice, integer, number, section } from "../../parameters.js"
import { latticeDefaults as d } from "./defaults.js"
import { kleinLattice } from "./klein.js"
import { type Geometry, geometries, type Lattice } from "./lattice.js"
import { mobiusLattice } from "./mobius.js"
import { planeLattice } from "./plane.js"
import { ringLattice } from "./ring.js"
import { sphereLattice } from "./sphere.js"
import { tokamakLattice } from "./tokamak.js"
import { torusLattice } from "./torus.js"

export const latticeSection = section(
  {
    geometry: choice({ values: geometries, default: "mobius", description: "Lattice geometry" }),
    nodes: integer({ default: d.nodes, min: 3, unit: "nodes", description: "Node count of the ring (>= 3) and the Fibonacci sphere (>= 4)" }),
    nu: integer({ default: d.nu, min: 3, unit: "nodes", description: "Nodes along u (around the loop; x for the plane)" }),
    nv: integer({ default: d.nv, min: 2, unit: "nodes", description: "Nodes along v (across the band or tube, >= 3 for the closed torus and Klein bottle; y for the plane)" }),
    strips: integer({ default: d.strips, min: 1, unit: "strips", description: "Number of nested tokamak strips" }),
    halfTwists: integer({ default: d.halfTwists, min: -64, max: 64, unit: "half-twists", description: "Half-twists k of the Möbius band and of each tokamak strip (odd: non-orientable)" }),
    radius: number({ default: d.radius, above: 0, unit: "length", description: "Radius of the ring, sphere and Möbius band; major radius of the Klein bottle" }),
    width: number({ default: d.width, above: 0, unit: "length", description: "Möbius band width (must be < 2 * radius)" }),
    majorRadius: number({ default: d.majorRadius, above: 0, unit: "length", description: "Torus and tokamak major radius R0" }),
    minorRadius: number({ default: d.minorRadius, above: 0, unit: "length", description: "Torus tube radius; tokamak minor radius a of the outermost strip" }),
    kleinMinorRadius: number({ default: d.kleinMinorRadius, above: 0, unit: "length", description: "Klein bottle figure-8 cross-section scale (must be < radius / √2)" }),
    spacing: number({ default: d.spacing, above: 0, unit: "length", description: "Node spacing of the plane" }),
    elongation: number({ default: d.elongation, above: 0, max: 10, description: "Tokamak elongation κ (Miller shape)" }),
    triangularity: number({ default: d.triangularity, min: -0.99, max: 0.99, description: "Tokamak triangularity δ (Miller shape)" }),
    poloidalTurns: integer({ default: d.poloidalTurns, min: -64, max: 64, unit: "turns", description: "Poloidal turns m of each tokamak strip's centreline per toroidal turn" }),
    stripWidth: number({ default: d.stripWidth, above: 0, unit: "length", description: "Width of each tokamak strip" }),
    coupling: number({ default: d.coupling, min: 0, description: "Weight of the tokamak inter-strip edges (dimensionless)" }),
    cutoff: number({ default: d.cutoff, above: 0, unit: "length", description: "Distance below which nodes of different tokamak strips are joined" }),
    alpha: number({ default: d.alpha, min: -2 * Math.PI, max: 2 * Math.PI, unit: "rad", description: "Twist holonomy α: link phase on the seam edges, so ψ picks up e^{iα} across the seam (π: antiperiodic)" }),
    turns: number({ default: d.turns, min: -64, max: 64, unit: "rad/rad", description: "Extra azimuthal winding of the Fibonacci sphere: φ_i += turns · θ_i" }),
  },
  "The lattice: geometry, sizes and shape",
)

export type LatticeConfig = Schema.Schema.Type<typeof latticeSection>

/** Config keys that differ from the builder option they feed, so errors can name the key the user wrote. */
const configKeys: Partial<Record<Geometry, Readonly<Record<string, string>>>> = {
  klein: { minorRadius: "kleinMinorRadius" },
  tokamak: { width: "stripWidth" },
}

const naming = (config: LatticeConfig, error: unknown): unknown => {
  const keys = configKeys[config.geometry]
  if (!(error instanceof RangeError) || keys === undefined) return error
  const renamed = Object.entries(keys)
    .filter(([option]) => new RegExp(`\\b${option}\\b`).test(error.message))
    .map(([option, key]) => `config key ${key} is the option ${option}`)
  return renamed.length === 0 ? error : new RangeError(`${error.message} (${renamed.join("; ")})`)
}

/** Builds the lattice a config describes; a bad combination of values fails with the builder's RangeError. */
export const buildLattice = (config: LatticeConfig): Lattice => {
  try {
    return buildFor(config)
  } catch (error) {
    throw naming(config, error)
  }
}

const buildFor = (config: LatticeConfig): Lattice => {
  switch (config.geometry) {
    case "ring":
      return ringLattice({ nodes: config.nodes, radius: config.radius, alpha: config.alpha })
    case "plane":
      return planeLattice({ nu: config.nu, nv: config.nv, spacing: config.spacing })
    case "torus":
      return torusLattice({ nu: config.nu, nv: config.nv, majorRadius: config.majorRadius, minorRadius: config.minorRadius, alpha: config.alpha })
    case "mobius":
      return mobiusLattice({
        nu: config.nu,
        nv: config.nv,
        halfTwists: config.halfTwists,
        radius: config.radius,
        width: config.width,
        alpha: config.alpha,
      })
    case "klein":
      return kleinLattice({ nu: config.nu, nv: config.nv, radius: config.radius, minorRadius: config.kleinMinorRadius, alpha: config.alpha })
    case "sphere":
      return sphereLattice({ nodes: config.nodes, radius: config.radius, turns: config.turns })
    case "tokamak":
      return tokamakLattice({
        strips: config.strips,
        nu: config.nu,
        nv: config.nv,
        halfTwists: config.halfTwists,
        majorRadius: config.majorRadius,
        minorRadius: config.minorRadius,
        elongation: config.elongation,
        triangularity: config.triangularity,
        poloidalTurns: config.poloidalTurns,
        width: config.stripWidth,
        coupling: config.coupling,
        cutoff: config.cutoff,
        alpha: config.alpha,
      })
  }
}
