/**
 * The simulation under control: a driven CGLE field on a lattice whose
 * parameters change between integrator calls. Settings go where they act
 * (controls.ts `acts`): ε and ω and the CGLE coefficients into the equation,
 * k into the transfer matrix (recomputed by the drive's TransferCache), m and
 * v into the source weights (one synthesis product), α and the inter-strip
 * coupling into the lattice's links (a relinked lattice and a new
 * integrator that continues the field and the clock). Only what changed is
 * recomputed. Every op runs on the chosen kernel through the simulation's
 * own modules.
 */
import type { KernelName } from "../../../compute/backend.js"
import type { WorkerPool } from "../../../compute/parallel.js"
import { driveProfile, type DriveGeometry } from "../../../simulation/drive/profile.js"
import type { DrivenLattice } from "../../../simulation/drive/stage.js"
import { TransferCache } from "../../../simulation/drive/transfer-cache.js"
import type { TransferParameters } from "../../../simulation/drive/transfer.js"
import type { WeightParameters } from "../../../simulation/drive/weights.js"
import type { DynamicsConfig } from "../../../simulation/dynamics/config.js"
import { cgle, type Equation } from "../../../simulation/dynamics/equation.js"
import { createIntegrator, type Integrator } from "../../../simulation/dynamics/integrator.js"
import type { ComplexField } from "../../../simulation/field.js"
import type { Lattice } from "../../../simulation/lattice/lattice.js"
import { interStripEdges, relink, seamEdges } from "../../../simulation/lattice/relink.js"
import { type ControlTarget, controlByName, controlNames, type Settings } from "./controls.js"

/** α and the inter-strip weight the lattice was built with (0 where it has no such parameter). */
const baseLinks = (lattice: Lattice): { readonly alpha: number; readonly coupling: number } => {
  const value = (key: string) => (typeof lattice.parameters[key] === "number" ? (lattice.parameters[key] as number) : 0)
  return { alpha: value("alpha"), coupling: value("coupling") }
}

/** The settings a driven lattice and the dynamics config start from: every control at its config value, seeding and annihilation off. */
export const baseSettings = (driven: DrivenLattice, dynamics: DynamicsConfig): Settings => {
  const weights = driven.drive.synthesis.parameters
  const links = baseLinks(driven.lattice)
  return {
    driveAmplitude: driven.drive.epsilon,
    driveFrequency: driven.drive.omega,
    wavenumber: weights.wavenumber,
    phaseWinding: weights.phaseWinding,
    amplitudeVariance: weights.amplitudeVariance,
    linearDispersion: dynamics.b,
    nonlinearDispersion: dynamics.c,
    gain: dynamics.mu,
    twistHolonomy: links.alpha,
    interStripCoupling: links.coupling,
    vortexSeeding: 0,
    pairAnnihilation: 0,
  }
}

/** The settings of the controls that act on `target`, in registry order. */
const actingOn = (settings: Settings, target: ControlTarget): number[] =>
  controlNames.filter((name) => controlByName(name).acts === target).map((name) => settings[name])

const sameValues = (a: readonly number[], b: readonly number[]): boolean => a.every((x, i) => x === b[i])

/** Where the integrator's clock stands: t = origin + steps · dt, kept as the integrator keeps it so a restored one continues bit for bit. */
export interface Clock {
  readonly origin: number
  readonly steps: number
}

export interface ControlledFieldOptions {
  readonly kernel: KernelName
  readonly pool?: WorkerPool
}

export class ControlledField {
  private readonly cache = new TransferCache()
  private readonly seam: Int32Array
  private readonly couplings: Int32Array
  private readonly transfer: Omit<TransferParameters, "wavenumber">
  private readonly weights: Pick<WeightParameters, "amplitude" | "phaseOffset">
  private current: Settings
  private readonly noise: Float64Array
  private profile: ComplexField
  private links: Lattice
  private integrator: Integrator
  private stepClock: Clock

  constructor(
    readonly driven: DrivenLattice,
    private readonly dynamics: DynamicsConfig,
    private readonly options: ControlledFieldOptions,
    start: { readonly settings: Settings; readonly noise: Float64Array; readonly field: ComplexField; readonly clock?: Clock },
  ) {
    const lattice = driven.lattice
    this.seam = seamEdges(lattice)
    this.couplings = interStripEdges(lattice)
    const { decay, rMin, amplitude, phaseOffset } = driven.drive.synthesis.parameters
    this.transfer = { decay, rMin }
    this.weights = { amplitude, phaseOffset }
    this.current = start.settings
    this.noise = start.noise
    this.profile = this.synthesise()
    this.links = this.relinked()
    this.stepClock = start.clock ?? { origin: 0, steps: 0 }
    this.integrator = this.open(start.field)
  }

  get settings(): Settings {
    return this.current
  }

  /** The lattice with the current links (charges are read on it). */
  get lattice(): Lattice {
    return this.links
  }

  get time(): number {
    return this.integrator.time
  }

  get clock(): Clock {
    return this.stepClock
  }

  /** The per-episode source draws ξ_s. */
  get sourceNoise(): Float64Array {
    return this.noise
  }

  /** Moves to `next`, recomputing only what the changed settings act on. */
  apply(next: Settings): void {
    const changed = (target: ControlTarget) => !sameValues(actingOn(this.current, target), actingOn(next, target))
    const profileChanged = changed("drive-transfer") || changed("drive-weights")
    const linksChanged = changed("links")
    const equationChanged = profileChanged || changed("drive-factor") || changed("equation")
    this.current = next
    if (profileChanged) this.profile = this.synthesise()
    if (linksChanged) {
      const field = this.integrator.read()
      this.links = this.relinked()
      this.integrator.dispose()
      this.integrator = this.open(field)
    } else if (equationChanged) {
      this.integrator.setEquation(this.equation())
    }
  }

  advance(steps: number): void {
    this.integrator.advance(steps)
    this.stepClock = { origin: this.stepClock.origin, steps: this.stepClock.steps + steps }
  }

  read(): ComplexField {
    return this.integrator.read()
  }

  /** Replaces ψ (after a field operation); the clock continues from the current time. */
  write(field: ComplexField): void {
    const time = this.integrator.time
    this.integrator.write(field, time)
    this.stepClock = { origin: time, steps: 0 }
  }

  dispose(): void {
    this.integrator.dispose()
  }

  private synthesise(): ComplexField {
    const s = this.current
    const geometry: DriveGeometry = { ...this.driven.drive.synthesis.geometry, noise: this.noise }
    return driveProfile(
      this.cache,
      geometry,
      { ...this.transfer, ...this.weights, wavenumber: s.wavenumber, amplitudeVariance: s.amplitudeVariance, phaseWinding: s.phaseWinding },
      this.options.kernel,
    )
  }

  private relinked(): Lattice {
    const lattice = this.driven.lattice
    const alpha = this.current.twistHolonomy
    const coupling = this.current.interStripCoupling
    const base = baseLinks(lattice)
    if (alpha === base.alpha && coupling === base.coupling) return lattice
    return relink(
      lattice,
      [
        { edges: this.seam, phase: alpha },
        { edges: this.couplings, weight: coupling },
      ],
      { ...(this.seam.length > 0 ? { alpha } : {}), ...(this.couplings.length > 0 ? { coupling } : {}) },
    )
  }

  private equation(): Equation {
    const s = this.current
    return cgle({
      b: s.linearDispersion,
      c: s.nonlinearDispersion,
      mu: s.gain,
      potential: this.dynamics.potential,
      drive: { amplitude: s.driveAmplitude, frequency: s.driveFrequency, profile: this.profile },
    })
  }

  private open(field: ComplexField): Integrator {
    return createIntegrator(this.links, this.equation(), {
      dt: this.dynamics.dt,
      kernel: this.options.kernel,
      initial: field,
      time: this.stepClock.origin,
      stepsTaken: this.stepClock.steps,
      ...(this.options.pool === undefined ? {} : { pool: this.options.pool }),
    })
  }
}
