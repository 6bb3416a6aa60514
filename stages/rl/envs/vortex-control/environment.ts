/**
 * The HHmL vortex-control environment (MODELS.md section 5): an agent sets
 * registered control parameters of a driven CGLE field on a lattice and is
 * rewarded for holding the vortex density at a target drawn per episode.
 *
 * One action: the settings move (controls.ts), pair annihilation and seeding
 * act on ψ (phase-imprint.ts), the field advances `stepsPerAction` steps, and
 * the field is summarised (observation.ts) and scored (reward.ts). A field
 * that turns non-finite or whose norm per node passes `divergenceNorm` ends
 * the episode with `terminated`, the divergence penalty and `info.reason`;
 * nothing throws. Every random draw (the target, the source disorder, the
 * initial noise, the seeding sites) comes from the environment's own PRNG,
 * seeded by `reset(seed)`, and `state()` holds everything to continue bit for
 * bit.
 */
import type { KernelName } from "../../../compute/backend.js"
import type { WorkerPool } from "../../../compute/parallel.js"
import { Prng, type PrngState } from "../../../prng.js"
import type { DrivenLattice } from "../../../simulation/drive/stage.js"
import { drawSourceNoise } from "../../../simulation/drive/weights.js"
import type { DynamicsConfig } from "../../../simulation/dynamics/config.js"
import { cgle } from "../../../simulation/dynamics/equation.js"
import { noiseField } from "../../../simulation/dynamics/initial-field.js"
import { rk4MaxDt } from "../../../simulation/dynamics/stability.js"
import { type ComplexField, norm2 } from "../../../simulation/field.js"
import type { FieldSnapshot } from "../../../simulation/frame.js"
import type { Lattice } from "../../../simulation/lattice/lattice.js"
import { interStripEdges, relink } from "../../../simulation/lattice/relink.js"
import { plaquetteCharges } from "../../../simulation/vortices/charges.js"
import { type Box, box, type Environment, type ResetResult, type StepInfo, type StepResult } from "../../environment.js"
import { decodeFloat64, encodeArray, expectLength } from "../../snapshot.js"
import { EnvironmentConfigError, type VortexControlConfig } from "./config.js"
import { ControlledField, type Clock, baseSettings } from "./controlled-field.js"
import { actOn, type Control, type ControlName, controlByName, controlNames, normalise, type Settings } from "./controls.js"
import { type FieldSummary, observation, observationNames, observationSpace, summarise } from "./observation.js"
import { annihilationSites, drawSeedSites, type FaceGeometry, faceGeometry, imprintPair } from "./phase-imprint.js"
import { controlEffort, type Reward, reward, type RewardWeights } from "./reward.js"

export const environmentName = "hhml-vortex-control"

export interface VortexEnvironmentSetup {
  readonly driven: DrivenLattice
  readonly environment: VortexControlConfig
  readonly dynamics: DynamicsConfig
  readonly kernel: KernelName
  /** A worker pool for the js kernel's large-lattice paths, owned by the caller. */
  readonly pool?: WorkerPool
}

const configError = (path: string, message: string) => new EnvironmentConfigError({ path, message })

/** The largest RK4 step over every setting the active controls can reach (b and the inter-strip coupling set the stiff rate). */
const stableStep = (setup: VortexEnvironmentSetup, active: readonly Control[], base: Settings): number => {
  const extreme = (name: ControlName, pick: (c: Control) => number) => (active.some((c) => c.name === name) ? pick(controlByName(name)) : base[name])
  const b = extreme("linearDispersion", (c) => Math.max(Math.abs(c.min), Math.abs(c.max)))
  const coupling = extreme("interStripCoupling", (c) => c.max)
  const couplings = interStripEdges(setup.driven.lattice)
  const lattice = couplings.length === 0 ? setup.driven.lattice : relink(setup.driven.lattice, [{ edges: couplings, weight: coupling }])
  return rk4MaxDt(lattice, cgle({ b, c: 0, potential: setup.dynamics.potential }))
}

/** Checks that the config fits the lattice and the dynamics; throws EnvironmentConfigError naming the key at fault. */
export const checkSetup = (setup: VortexEnvironmentSetup): void => {
  const { driven, environment, dynamics } = setup
  if (dynamics.model !== "cgle") {
    throw configError("dynamics.model", `Expected "cgle" for the vortex-control environment (its drive and controls act on the CGLE), actual ${JSON.stringify(dynamics.model)}`)
  }
  if (driven.lattice.faces.offsets.length < 2) {
    throw configError("lattice.geometry", `Expected a lattice with faces (vortices are face windings), actual ${JSON.stringify(driven.lattice.geometry)}, which has none`)
  }
  const active = environment.controls.map(controlByName)
  const base = baseSettings(driven, dynamics)
  for (const c of active) {
    const why = c.inapplicable(driven.lattice)
    if (why !== null) throw configError("environment.controls", `Expected controls that act on this lattice, actual ${JSON.stringify(c.name)}: ${why}`)
    if (!(base[c.name] >= c.min && base[c.name] <= c.max)) {
      throw configError(c.initialFrom ?? "environment.controls", `Expected a value in the range of the control ${c.name}, [${c.min}, ${c.max}] (${c.unit}), where it starts, actual ${base[c.name]}`)
    }
  }
  const limit = stableStep(setup, active, base)
  if (dynamics.dt > limit) {
    throw configError(
      "dynamics.dt",
      `Expected a time step <= ${limit.toPrecision(4)}, the RK4 limit over every value the active controls can set (linearDispersion and interStripCoupling raise the stiff rate), actual ${dynamics.dt}`,
    )
  }
}

/** What `state()` returns: plain JSON; arrays of doubles as base64. */
interface EpisodeState {
  readonly prng: PrngState
  readonly target: number
  readonly actions: number
  readonly done: boolean
  readonly failure: string | null
  readonly densityChange: number
  readonly summary: FieldSummary
  readonly settings: Settings
  readonly sourceNoise: string
  readonly field: { readonly re: string; readonly im: string }
  readonly clock: Clock
}

interface SavedState {
  readonly environment: typeof environmentName
  readonly nodeCount: number
  readonly controls: readonly ControlName[]
  readonly episode: EpisodeState | null
}

interface Episode {
  readonly prng: Prng
  readonly target: number
  readonly field: ControlledField
  actions: number
  done: boolean
  /** Why the field diverged during warm-up: the first step then ends the episode. */
  failure: string | null
  densityChange: number
  /** The newest summary of a finite field. */
  summary: FieldSummary
  /** Charges of the current field and the lattice (links) they were read on, when known. */
  charges: { readonly lattice: Lattice; readonly values: Int32Array } | null
}

const checkState = (value: unknown, nodeCount: number, controls: readonly ControlName[]): SavedState => {
  const state = value as Partial<SavedState> | null
  const fail = (what: string) => new RangeError(`load: not a state of this ${environmentName} environment: ${what}`)
  if (state === null || typeof state !== "object" || state.environment !== environmentName) throw fail(`environment is ${JSON.stringify(state?.environment)}`)
  if (state.nodeCount !== nodeCount) throw fail(`it has ${state.nodeCount} nodes, this lattice ${nodeCount}`)
  if (JSON.stringify(state.controls) !== JSON.stringify(controls)) throw fail(`its controls are ${JSON.stringify(state.controls)}, these ${JSON.stringify(controls)}`)
  if (state.episode === undefined) throw fail("no episode entry")
  return state as SavedState
}

export class VortexControlEnvironment implements Environment {
  readonly name = environmentName
  readonly observationSpace: Box
  readonly actionSpace: Box
  readonly observationNames: ReadonlyArray<string>
  readonly actionNames: ReadonlyArray<string>
  private readonly active: readonly Control[]
  private readonly base: Settings
  private readonly weights: RewardWeights
  private readonly geometry: FaceGeometry
  private readonly annihilationCutoff: number
  private episode: Episode | null = null

  constructor(private readonly setup: VortexEnvironmentSetup) {
    checkSetup(setup)
    const config = setup.environment
    this.active = config.controls.map(controlByName)
    this.base = baseSettings(setup.driven, setup.dynamics)
    this.weights = config
    this.geometry = faceGeometry(setup.driven.lattice)
    this.annihilationCutoff = config.annihilationRadius * this.geometry.spacing
    this.actionSpace = box(
      this.active.map(() => -1),
      this.active.map(() => 1),
    )
    this.actionNames = this.active.map((c) => c.name)
    this.observationSpace = observationSpace(this.active)
    this.observationNames = observationNames(this.active)
  }

  reset(seed: number): ResetResult {
    const { environment: config, driven, dynamics } = this.setup
    // The episode's own stream, 2^64 draws clear of any generator the caller seeded with the same number.
    const prng = Prng.seeded(seed).split()
    const target = config.targetMin === config.targetMax ? config.targetMin : prng.between(config.targetMin, config.targetMax)
    const sourceNoise = drawSourceNoise(prng, driven.drive.synthesis.geometry.noise.length)
    const initial = noiseField(driven.lattice.nodeCount, prng, dynamics.initialNoise)
    this.episode?.field.dispose()
    this.episode = null
    const field = new ControlledField(driven, dynamics, this.options(), { settings: this.base, noise: sourceNoise, field: initial })
    field.advance(config.warmupSteps)
    const warmed = field.read()
    const failure = this.divergence(warmed, field.time)
    const measured = summarise(field.lattice, failure === null ? warmed : initial, this.base.gain, this.options())
    this.episode = { prng, target, field, actions: 0, done: false, failure, densityChange: 0, summary: measured.summary, charges: failure === null ? { lattice: field.lattice, values: measured.charges } : null }
    return { observation: this.observe(this.episode), info: this.info(this.episode, failure === null ? undefined : failure) }
  }

  step(action: Float64Array): StepResult {
    const episode = this.episode
    if (episode === null) throw new Error(`${this.name}: step before reset`)
    if (episode.done) throw new Error(`${this.name}: the episode has ended (terminated or truncated); call reset before stepping again`)
    this.checkAction(action)
    const field = episode.field
    const before = this.active.map((c) => normalise(c, field.settings[c.name]))
    const next: Record<ControlName, number> = { ...field.settings }
    this.active.forEach((c, j) => {
      next[c.name] = actOn(c, field.settings[c.name], action[j]!)
    })
    const effort = controlEffort(
      before,
      this.active.map((c) => normalise(c, next[c.name])),
    )
    if (episode.failure !== null) return this.fail(episode, effort, episode.failure, NaN)
    field.apply(next)
    this.actOnField(episode)
    field.advance(this.setup.environment.stepsPerAction)
    episode.actions++
    const psi = field.read()
    const failure = this.divergence(psi, field.time)
    if (failure !== null) return this.fail(episode, effort, failure, norm2(psi) / psi.re.length)
    const { summary, charges } = summarise(field.lattice, psi, next.gain, this.options())
    episode.densityChange = summary.density - episode.summary.density
    episode.summary = summary
    episode.charges = { lattice: field.lattice, values: charges }
    const scored = reward({ diverged: false, density: summary.density, target: episode.target, effort, normPerNode: summary.normPerNode }, this.weights)
    return this.result(episode, scored, false)
  }

  state(): unknown {
    const episode = this.episode
    const saved: SavedState = {
      environment: environmentName,
      nodeCount: this.setup.driven.lattice.nodeCount,
      controls: this.actionNames as ControlName[],
      // A finished episode (whose field may be NaN) is saved as none: only reset may follow it.
      episode:
        episode === null || episode.done
          ? null
          : (() => {
              const psi = episode.field.read()
              return {
                prng: episode.prng.state(),
                target: episode.target,
                actions: episode.actions,
                done: episode.done,
                failure: episode.failure,
                densityChange: episode.densityChange,
                summary: episode.summary,
                settings: episode.field.settings,
                sourceNoise: encodeArray(episode.field.sourceNoise),
                field: { re: encodeArray(psi.re), im: encodeArray(psi.im) },
                clock: episode.field.clock,
              }
            })(),
    }
    return saved
  }

  load(state: unknown): void {
    const saved = checkState(state, this.setup.driven.lattice.nodeCount, this.actionNames as ControlName[])
    this.episode?.field.dispose()
    this.episode = null
    const e = saved.episode
    if (e === null) return
    const settings = Object.fromEntries(controlNames.map((name) => [name, e.settings[name]])) as Settings
    const nodes = this.setup.driven.lattice.nodeCount
    const sources = this.setup.driven.drive.synthesis.geometry.noise.length
    const field = new ControlledField(this.setup.driven, this.setup.dynamics, this.options(), {
      settings,
      noise: expectLength(decodeFloat64(e.sourceNoise, "load: sourceNoise"), sources, "load: sourceNoise"),
      field: {
        re: expectLength(decodeFloat64(e.field.re, "load: field.re"), nodes, "load: field.re"),
        im: expectLength(decodeFloat64(e.field.im, "load: field.im"), nodes, "load: field.im"),
      },
      clock: e.clock,
    })
    this.episode = {
      prng: Prng.fromState(e.prng),
      target: e.target,
      field,
      actions: e.actions,
      done: e.done,
      failure: e.failure,
      densityChange: e.densityChange,
      summary: e.summary,
      charges: null,
    }
  }

  /** A copy of ψ now, for analysis and tests. */
  field(): ComplexField {
    if (this.episode === null) throw new Error(`${this.name}: no field before reset`)
    return this.episode.field.read()
  }

  /** A copy of ψ now on the links in force, with its charges (read again only when the last ones are stale, and not for a diverged field). */
  render(): FieldSnapshot | null {
    const episode = this.episode
    if (episode === null) return null
    const { lattice } = episode.field
    const psi = episode.field.read()
    if (episode.charges?.lattice === lattice) return { lattice, field: psi, charges: episode.charges.values }
    return this.divergence(psi, episode.field.time) === null ? { lattice, field: psi, charges: plaquetteCharges(lattice, psi, this.options()) } : { lattice, field: psi }
  }

  dispose(): void {
    this.episode?.field.dispose()
    this.episode = null
  }

  private options() {
    return { kernel: this.setup.kernel, ...(this.setup.pool === undefined ? {} : { pool: this.setup.pool }) }
  }

  private checkAction(action: Float64Array): void {
    if (action.length !== this.active.length) {
      throw new RangeError(`${this.name}: action must have ${this.active.length} entries (${this.actionNames.join(", ")}), got ${action.length}`)
    }
    for (let j = 0; j < action.length; j++) {
      if (!Number.isFinite(action[j])) throw new RangeError(`${this.name}: action[${j}] (${this.actionNames[j]}) must be a finite number, got ${action[j]}`)
    }
  }

  /** Why the field counts as diverged, or null. */
  private divergence(field: ComplexField, time: number): string | null {
    const norm = norm2(field) / field.re.length
    if (!Number.isFinite(norm)) return `the field is no longer finite (NaN or infinite values) at t = ${time}`
    const limit = this.setup.environment.divergenceNorm
    return norm > limit ? `the norm per node ${norm.toPrecision(4)} exceeds environment.divergenceNorm = ${limit} at t = ${time}` : null
  }

  /** Pair annihilation, then seeding, on ψ before the steps (annihilation first, so it never removes the pairs just seeded). */
  private actOnField(episode: Episode): void {
    const { field } = episode
    const settings = field.settings
    const active = (name: ControlName) => this.active.some((c) => c.name === name)
    let psi: ComplexField | null = null
    if (active("pairAnnihilation") && settings.pairAnnihilation !== 0) {
      psi = field.read()
      // Charges are read on the links now in force: a moved α changes the windings of the seam faces.
      const charges = episode.charges?.lattice === field.lattice ? episode.charges.values : plaquetteCharges(field.lattice, psi, this.options())
      for (const { site, sign } of annihilationSites(this.geometry, charges, this.annihilationCutoff)) {
        imprintPair(this.geometry, psi, site, sign * settings.pairAnnihilation)
      }
    }
    if (active("vortexSeeding")) {
      // Sites are drawn whatever the strength, so the PRNG's sequence does not depend on it.
      const sites = drawSeedSites(this.geometry, episode.prng, this.setup.environment.seedPairs)
      if (settings.vortexSeeding !== 0) {
        psi ??= field.read()
        for (const site of sites) imprintPair(this.geometry, psi, site, settings.vortexSeeding)
      }
    }
    if (psi !== null) {
      field.write(psi)
      episode.charges = null
    }
  }

  private fail(episode: Episode, effort: number, reason: string, normPerNode: number): StepResult {
    episode.failure = null
    episode.densityChange = 0
    const scored = reward({ diverged: true, effort }, this.weights)
    return this.result(episode, scored, true, reason, normPerNode)
  }

  private result(episode: Episode, scored: Reward, terminated: boolean, reason?: string, divergedNorm?: number): StepResult {
    const truncated = episode.actions >= this.setup.environment.episodeLength
    episode.done = terminated || truncated
    return {
      observation: this.observe(episode),
      reward: scored.reward,
      terminated,
      truncated,
      info: { ...this.info(episode, reason, divergedNorm), components: { ...scored.components } },
    }
  }

  private observe(episode: Episode): Float64Array {
    return observation(this.active, {
      summary: episode.summary,
      target: episode.target,
      trackingScale: this.weights.trackingScale,
      densityChange: episode.densityChange,
      settings: episode.field.settings,
    })
  }

  /**
   * Step metrics: the summary of the newest finite field (after a divergence,
   * the field quantities are NaN and normPerNode is the diverged field's),
   * the target, the time and each active control's physical value.
   */
  private info(episode: Episode, reason: string | undefined, divergedNorm?: number): StepInfo {
    const s = episode.summary
    const diverged = divergedNorm !== undefined
    const field = (value: number) => (diverged ? NaN : value)
    return {
      metrics: {
        vortexDensity: field(s.density),
        positive: field(s.positive),
        negative: field(s.negative),
        chargeBalance: field(s.chargeBalance),
        normPerNode: diverged ? divergedNorm : s.normPerNode,
        freeEnergyPerNode: field(s.freeEnergyPerNode),
        phaseCoherence: field(s.phaseCoherence),
        targetDensity: episode.target,
        time: episode.field.time,
        ...Object.fromEntries(this.active.map((c) => [c.name, episode.field.settings[c.name]])),
      },
      ...(reason === undefined ? {} : { reason }),
    }
  }
}
