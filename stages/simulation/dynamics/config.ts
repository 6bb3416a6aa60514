/**
 * The `dynamics` config section and the equation and integrator it describes.
 * Each coefficient says which model reads it; the other model ignores it.
 */
import type { Schema } from "effect"
import type { KernelName } from "../../compute/backend.js"
import type { WorkerPool } from "../../compute/parallel.js"
import { choice, integer, number, section } from "../../parameters.js"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { cgle, type Drive, type Equation, nls } from "./equation.js"
import { createIntegrator, defaultTolerance, type Integrator, toleranceRange } from "./integrator.js"

export const dynamicsModels = ["cgle", "nls"] as const
export type DynamicsModel = (typeof dynamicsModels)[number]

export const dynamicsSection = section(
  {
    model: choice({
      values: dynamicsModels,
      default: "cgle",
      description: "cgle: complex Ginzburg-Landau (dissipative, vortices and spirals); nls: nonlinear Schrödinger / Gross-Pitaevskii (conservative)",
    }),
    b: number({ default: 0.5, min: -10, max: 10, unit: "1", description: "cgle: linear dispersion b, Laplacian coefficient 1 + ib" }),
    c: number({ default: 0.5, min: -10, max: 10, unit: "1", description: "cgle: nonlinear dispersion c, cubic coefficient 1 + ic" }),
    mu: number({ default: 1, min: 0, max: 10, unit: "1/time", description: "cgle: linear growth rate μ" }),
    potential: number({ default: 0, min: -100, max: 100, unit: "1/time", description: "both: uniform potential V in the term -iVψ" }),
    g: number({ default: 1, min: -100, max: 100, unit: "1/time", description: "nls: interaction g in i ψ_t = -Lψ + Vψ + g|ψ|²ψ (> 0 repulsive)" }),
    dt: number({ default: 0.05, above: 0, max: 1, unit: "time", description: "Time step; rk4 (cgle) also needs dt <= 2.6 / (|1 + ib| · 2 max degree + |V|)" }),
    stepsPerFrame: integer({ default: 10, min: 1, max: 1_000_000, unit: "steps", description: "Time steps between recorded frames" }),
    initialNoise: number({
      default: 0.1,
      above: 0,
      max: 10,
      unit: "field",
      description: "RMS amplitude of the complex Gaussian noise the field starts from (never a zero field)",
    }),
    tolerance: number({
      default: defaultTolerance,
      min: toleranceRange.min,
      max: toleranceRange.max,
      unit: "1",
      description: "nls: relative residual tolerance of the Crank-Nicolson solve (the norm is kept to about this, per step)",
    }),
  },
  "Field dynamics: the equation, its time step and its kernel",
)

export type DynamicsConfig = Schema.Schema.Type<typeof dynamicsSection>

/** The equation the config names; a drive applies to the cgle only (the nls is undriven). */
export const equationFromConfig = (config: DynamicsConfig, drive?: Drive): Equation => {
  if (config.model === "nls") {
    if (drive !== undefined) throw new RangeError(`dynamics.model "nls" takes no drive (F = 0); use "cgle" for a driven field`)
    return nls({ g: config.g, potential: config.potential })
  }
  return cgle({ b: config.b, c: config.c, mu: config.mu, potential: config.potential, ...(drive === undefined ? {} : { drive }) })
}

export interface FromConfigOptions {
  /** js unless given (pipelines pass `compute.kernel`). */
  readonly kernel?: KernelName
  readonly drive?: Drive
  readonly initial?: ComplexField
  readonly time?: number
  readonly stepsTaken?: number
  readonly pool?: WorkerPool
}

export const integratorFromConfig = (lattice: Lattice, config: DynamicsConfig, options: FromConfigOptions = {}): Integrator =>
  createIntegrator(lattice, equationFromConfig(config, options.drive), {
    dt: config.dt,
    kernel: options.kernel ?? "js",
    tolerance: config.tolerance,
    ...(options.initial === undefined ? {} : { initial: options.initial }),
    ...(options.time === undefined ? {} : { time: options.time }),
    ...(options.stepsTaken === undefined ? {} : { stepsTaken: options.stepsTaken }),
    ...(options.pool === undefined ? {} : { pool: options.pool }),
  })
