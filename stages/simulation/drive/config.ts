/**
 * The `drive` config section: where the sources sit, the waves they emit and
 * the control parameters that set their weights. Lengths are in lattice
 * units; times in simulation time units.
 */
import type { Schema } from "effect"
import { choice, integer, number, section } from "../../parameters.js"

export const sourceKinds = ["sphere", "boundary"] as const
export type SourceKind = (typeof sourceKinds)[number]

export const driveSection = section(
  {
    sources: choice({
      values: sourceKinds,
      default: "sphere",
      description: "Source placement: a Fibonacci sphere shell around the lattice, or along the band's boundary cycles",
    }),
    sourceCount: integer({ default: 32, min: 1, max: 4096, unit: "sources", description: "Number of sources S" }),
    shellRadius: number({
      default: 1.5,
      above: 1,
      max: 100,
      unit: "× bounding radius",
      description: "Sphere-shell radius R_s as a multiple of the lattice's largest node distance from its centroid (> 1: outside the lattice)",
    }),
    boundaryOffset: number({
      default: 0.1,
      min: 0,
      max: 1,
      unit: "× bounding radius",
      description: "Distance of boundary sources outward from the band's edge, as a multiple of the lattice's bounding radius",
    }),
    wavenumber: number({ default: 4, min: 0, max: 1000, unit: "rad / length", description: "Wavenumber k of the emitted waves" }),
    decay: number({ default: 1, min: 0, max: 4, unit: "dimensionless", description: "Decay exponent p of the amplitude r^-p (1: spherical waves)" }),
    rMin: number({
      default: 0.05,
      above: 0,
      max: 100,
      unit: "length",
      description: "Distance floor r_min in r_s = max(|x - x_s|, r_min), bounding the kernel near a source",
    }),
    epsilon: number({ default: 0.1, min: 0, max: 100, unit: "field / time", description: "Drive strength ε in F = ε e^{-iωt} G" }),
    omega: number({ default: 1, min: 0, max: 1000, unit: "rad / time", description: "Drive angular frequency ω" }),
    amplitude: number({ default: 1, min: 0, max: 100, unit: "dimensionless", description: "Mean source amplitude A" }),
    amplitudeVariance: number({
      default: 0,
      min: 0,
      max: 10,
      unit: "× A²",
      description: "Variance of the log-normal source amplitudes relative to A² (0: all sources equal)",
    }),
    phaseWinding: number({
      default: 0,
      min: -32,
      max: 32,
      unit: "turns / turn",
      description: "Source phase winding m in φ_s = m·azimuth_s + φ_0 (integers keep the phase single-valued)",
    }),
    phaseOffset: number({ default: 0, min: -Math.PI, max: Math.PI, unit: "rad", description: "Common source phase φ_0" }),
  },
  "The holographic drive: sources, their waves and their weights",
)

export type DriveConfig = Schema.Schema.Type<typeof driveSection>
