/**
 * Integrates an ensemble of branches of one equation on one lattice with the
 * explicit RK4 scheme, on either kernel:
 *
 * - js: the branches are stepped one by one through one js RK4 integrator of
 *   stages/simulation/dynamics (each branch written in, advanced, read back);
 * - tfjs: the branches are stacked into [B, N] tensors and stepped together by
 *   the batched kernel (batched-rk4-tfjs.ts).
 *
 * Both keep the time as t0 + steps · dt, so every branch sees the drive at the
 * same times on both kernels; they agree to float32 rounding.
 */
import type { KernelName } from "../../compute/backend.js"
import { checkEquation, checkFinite, type Equation } from "../../simulation/dynamics/equation.js"
import { createIntegrator, type Integrator } from "../../simulation/dynamics/integrator.js"
import { checkKernel } from "../../simulation/dynamics/kernel.js"
import { linksOf } from "../../simulation/dynamics/links.js"
import { rk4MaxDt } from "../../simulation/dynamics/stability.js"
import { type ComplexField, copyField } from "../../simulation/field.js"
import type { Lattice } from "../../simulation/lattice/lattice.js"
import { BatchedTfjsRk4 } from "./batched-rk4-tfjs.js"
import { checkBranches } from "./coherence.js"

export interface EnsembleIntegratorOptions {
  readonly dt: number
  /** js unless given. */
  readonly kernel?: KernelName
  /** ψ of every branch at the start (at least one). */
  readonly branches: readonly ComplexField[]
  /** t0; 0 unless given. */
  readonly time?: number
  /** Steps already taken from t0 (a resumed run); 0 unless given. */
  readonly stepsTaken?: number
}

export interface EnsembleIntegrator {
  readonly kernel: KernelName
  readonly size: number
  readonly nodeCount: number
  /** t0 + steps · dt. */
  readonly time: number
  /** Steps taken from t0. */
  readonly steps: number
  advance(steps: number): void
  /** Copies of every branch's ψ, in branch order. */
  read(): ComplexField[]
  dispose(): void
}

interface BranchStepper {
  advance(steps: number, time: number): void
  read(): ComplexField[]
  dispose(): void
}

/** The js kernel: one RK4 integrator, each branch written in, stepped and read back in turn. */
class SequentialJs implements BranchStepper {
  private readonly integrator: Integrator
  private branches: ComplexField[]

  constructor(lattice: Lattice, equation: Equation, dt: number, branches: readonly ComplexField[]) {
    this.integrator = createIntegrator(lattice, equation, { dt, kernel: "js", scheme: "rk4" })
    this.branches = branches.map(copyField)
  }

  advance(steps: number, time: number): void {
    this.branches = this.branches.map((branch) => {
      this.integrator.write(branch, time)
      this.integrator.advance(steps)
      return this.integrator.read()
    })
  }

  read(): ComplexField[] {
    return this.branches.map(copyField)
  }

  dispose(): void {
    this.integrator.dispose()
  }
}

const op = "createEnsembleIntegrator"

export const createEnsembleIntegrator = (lattice: Lattice, equation: Equation, options: EnsembleIntegratorOptions): EnsembleIntegrator => {
  linksOf(lattice)
  checkEquation(equation, lattice.nodeCount)
  const kernel = checkKernel(options.kernel ?? "js")
  if (!(options.dt > 0 && Number.isFinite(options.dt))) throw new RangeError(`${op}: dt must be a finite number > 0, got ${options.dt}`)
  const limit = rk4MaxDt(lattice, equation)
  if (options.dt > limit) throw new RangeError(`${op}: dt must be <= ${limit.toPrecision(4)} for rk4 on this lattice and equation, got ${options.dt}`)
  const nodeCount = checkBranches(op, options.branches)
  if (nodeCount !== lattice.nodeCount) throw new RangeError(`${op}: branches must hold ${lattice.nodeCount} values (one per node), got ${nodeCount}`)
  const time = options.time ?? 0
  checkFinite("time", time)
  const stepsTaken = options.stepsTaken ?? 0
  if (!Number.isSafeInteger(stepsTaken) || stepsTaken < 0) throw new RangeError(`${op}: stepsTaken must be an integer >= 0, got ${stepsTaken}`)
  const stepper: BranchStepper =
    kernel === "js"
      ? new SequentialJs(lattice, equation, options.dt, options.branches)
      : new BatchedTfjsRk4(lattice, equation, options.dt, options.branches)
  return new Ensemble(stepper, kernel, options.branches.length, lattice.nodeCount, options.dt, time, stepsTaken)
}

class Ensemble implements EnsembleIntegrator {
  private disposed = false

  constructor(
    private readonly stepper: BranchStepper,
    readonly kernel: KernelName,
    readonly size: number,
    readonly nodeCount: number,
    private readonly dt: number,
    private readonly startTime: number,
    private taken: number,
  ) {}

  get time(): number {
    return this.startTime + this.taken * this.dt
  }

  get steps(): number {
    return this.taken
  }

  advance(steps: number): void {
    this.checkLive()
    if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError(`advance: steps must be an integer >= 0, got ${steps}`)
    this.stepper.advance(steps, this.time)
    this.taken += steps
  }

  read(): ComplexField[] {
    this.checkLive()
    return this.stepper.read()
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.stepper.dispose()
  }

  private checkLive(): void {
    if (this.disposed) throw new Error("the ensemble integrator has been disposed")
  }
}
