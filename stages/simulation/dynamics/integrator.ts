/**
 * The stateful integrator: one interface over every (kernel, scheme) pair.
 * It validates the equation and the step once, keeps the time as
 * t0 + steps · dt (no accumulated rounding), and hands the stepping to the
 * kernel's stepper. The tfjs stepper keeps ψ on the backend between calls;
 * `dispose` frees its tensors or the js stepper's pool binding.
 */
import type { KernelName } from "../../compute/backend.js"
import type { WorkerPool } from "../../compute/parallel.js"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { checkEquation, checkField, checkFinite, type Equation, isConservative } from "./equation.js"
import { checkKernel } from "./kernel.js"
import { linksOf } from "./links.js"
import { JsRk4, parallelNodeThreshold } from "./rk4-js.js"
import { TfjsRk4 } from "./rk4-tfjs.js"
import { rk4MaxDt, stiffRate } from "./stability.js"
import type { Stepper } from "./stepper.js"
import { JsStrang } from "./strang-js.js"
import { TfjsStrang } from "./strang-tfjs.js"

export const schemes = ["rk4", "strang"] as const
/** rk4: explicit, any equation of the family; strang: norm-preserving, conservative equations only. */
export type Scheme = (typeof schemes)[number]

export const defaultTolerance = 1e-10
export const toleranceRange = { min: 1e-14, max: 1e-2 } as const

export interface IntegratorOptions {
  readonly dt: number
  /** js unless given. */
  readonly kernel?: KernelName
  /** strang for a conservative equation, rk4 otherwise, unless given. */
  readonly scheme?: Scheme
  /** strang: the CG stops at ‖residual‖ <= tolerance · ‖ψ‖. */
  readonly tolerance?: number
  /** ψ at the start; zero unless given. */
  readonly initial?: ComplexField
  /** t at the start; 0 unless given. */
  readonly time?: number
  /**
   * Steps already taken from `time` (a resumed run): t = time + (stepsTaken + steps) · dt,
   * computed exactly as in the run that took them, so a resumed run repeats it bit for bit.
   */
  readonly stepsTaken?: number
  /** js rk4: run on this pool when the lattice has at least `parallelThreshold` nodes. */
  readonly pool?: WorkerPool
  readonly parallelThreshold?: number
}

export interface Integrator {
  readonly kernel: KernelName
  readonly scheme: Scheme
  readonly dt: number
  readonly nodeCount: number
  /** t0 + steps · dt. */
  readonly time: number
  /** Whether steps run on the worker pool. */
  readonly parallel: boolean
  /** Advances by `steps` steps of dt. */
  advance(steps: number): void
  /** A copy of ψ (downloaded from the backend for tfjs). */
  read(): ComplexField
  /** Replaces ψ, and the time when given. */
  write(field: ComplexField, time?: number): void
  /** Replaces the equation's coefficients (e.g. a control parameter changed); the step is checked again. */
  setEquation(equation: Equation): void
  dispose(): void
}

const checkScheme = (scheme: Scheme, equation: Equation): Scheme => {
  if (!schemes.includes(scheme)) throw new RangeError(`scheme must be one of "rk4", "strang", got ${JSON.stringify(scheme)}`)
  if (scheme === "strang" && !isConservative(equation)) {
    throw new RangeError(
      `scheme "strang" needs a conservative equation (mu = 0, Re diffusion = 0, Re nonlinearity = 0, no drive), got mu = ${equation.mu}, diffusion.re = ${equation.diffusion.re}, nonlinearity.re = ${equation.nonlinearity.re}${equation.drive === undefined ? "" : ", a drive"}`,
    )
  }
  return scheme
}

const checkStep = (lattice: Lattice, equation: Equation, scheme: Scheme, dt: number): void => {
  if (scheme !== "rk4") return
  const limit = rk4MaxDt(lattice, equation)
  if (dt > limit) {
    throw new RangeError(
      `dt must be <= ${limit.toPrecision(4)} for rk4 on this lattice and equation (2.6 / (|D| rho + max|V|) with |D| rho + max|V| = ${stiffRate(lattice, equation).toPrecision(4)}), got ${dt}`,
    )
  }
}

const checkPositive = (name: string, value: number): void => {
  if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`${name} must be a finite number > 0, got ${value}`)
}

const checkTolerance = (tolerance: number): number => {
  if (!(tolerance >= toleranceRange.min && tolerance <= toleranceRange.max)) {
    throw new RangeError(`tolerance must be a number in [${toleranceRange.min}, ${toleranceRange.max}], got ${tolerance}`)
  }
  return tolerance
}

const checkThreshold = (threshold: number): number => {
  if (!Number.isSafeInteger(threshold) || threshold < 1) throw new RangeError(`parallelThreshold must be an integer >= 1, got ${threshold}`)
  return threshold
}

const makeStepper = (lattice: Lattice, equation: Equation, kernel: KernelName, scheme: Scheme, options: IntegratorOptions): Stepper => {
  const dt = options.dt
  if (scheme === "strang") {
    const strang = { dt, tolerance: checkTolerance(options.tolerance ?? defaultTolerance) }
    return kernel === "js" ? new JsStrang(lattice, equation, strang) : new TfjsStrang(lattice, equation, strang)
  }
  if (kernel === "tfjs") return new TfjsRk4(lattice, equation, dt)
  return new JsRk4(lattice, equation, {
    dt,
    ...(options.pool === undefined ? {} : { pool: options.pool }),
    threshold: checkThreshold(options.parallelThreshold ?? parallelNodeThreshold),
  })
}

export const createIntegrator = (lattice: Lattice, equation: Equation, options: IntegratorOptions): Integrator => {
  linksOf(lattice)
  checkEquation(equation, lattice.nodeCount)
  checkPositive("dt", options.dt)
  const kernel = checkKernel(options.kernel ?? "js")
  const scheme = checkScheme(options.scheme ?? (isConservative(equation) ? "strang" : "rk4"), equation)
  checkStep(lattice, equation, scheme, options.dt)
  if (options.initial !== undefined) checkField("initial", options.initial, lattice.nodeCount)
  const startTime = options.time ?? 0
  checkFinite("time", startTime)
  const stepper = makeStepper(lattice, equation, kernel, scheme, options)
  if (options.initial !== undefined) stepper.write(options.initial)
  const stepsTaken = options.stepsTaken ?? 0
  if (!Number.isSafeInteger(stepsTaken) || stepsTaken < 0) throw new RangeError(`stepsTaken must be an integer >= 0, got ${stepsTaken}`)
  return new SteppedIntegrator(lattice, stepper, kernel, scheme, options.dt, startTime, stepsTaken)
}

class SteppedIntegrator implements Integrator {
  private startTime: number
  private steps: number
  private disposed = false

  constructor(
    private readonly lattice: Lattice,
    private readonly stepper: Stepper,
    readonly kernel: KernelName,
    readonly scheme: Scheme,
    readonly dt: number,
    startTime: number,
    stepsTaken: number,
  ) {
    this.startTime = startTime
    this.steps = stepsTaken
  }

  get nodeCount(): number {
    return this.lattice.nodeCount
  }

  get time(): number {
    return this.startTime + this.steps * this.dt
  }

  get parallel(): boolean {
    return this.stepper instanceof JsRk4 && this.stepper.parallel
  }

  advance(steps: number): void {
    this.checkLive()
    if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError(`steps must be an integer >= 0, got ${steps}`)
    this.stepper.advance(steps, this.time)
    this.steps += steps
  }

  read(): ComplexField {
    this.checkLive()
    return this.stepper.read()
  }

  write(field: ComplexField, time?: number): void {
    this.checkLive()
    checkField("field", field, this.lattice.nodeCount)
    if (time !== undefined) checkFinite("time", time)
    this.stepper.write(field)
    this.startTime = time ?? this.time
    this.steps = 0
  }

  setEquation(equation: Equation): void {
    this.checkLive()
    checkEquation(equation, this.lattice.nodeCount)
    checkScheme(this.scheme, equation)
    checkStep(this.lattice, equation, this.scheme, this.dt)
    this.stepper.setEquation(equation)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.stepper.dispose()
  }

  private checkLive(): void {
    if (this.disposed) throw new Error("the integrator has been disposed")
  }
}
