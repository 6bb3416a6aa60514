/**
 * The classical fourth-order Runge-Kutta step as a js kernel. Each of the
 * four stages is one pass over the nodes (a pool task), because a stage needs
 * the previous stage's values at neighbouring nodes; within a pass every node
 * is independent, so the pass splits across worker threads with no change to
 * any node's arithmetic.
 *
 * Buffers: ψ, two stage inputs Y_a and Y_b, and the weighted sum of slopes.
 * Stage 1 reads ψ and writes Y_a = ψ + (dt/2)k1; stage 2 reads Y_a, writes
 * Y_b = ψ + (dt/2)k2; stage 3 reads Y_b, writes Y_a = ψ + dt k3; stage 4 reads
 * Y_a and updates ψ in place (ψ_i is only read at node i by that pass).
 */
import { type Binding, defineTask, type SharedArray, sharedFloat64, shareCopy, type WorkerPool } from "../../compute/parallel.js"
import { type ComplexField, copyField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { driveFactor, type Equation, potentialPerNode } from "./equation.js"
import { type LaplacianArrays, laplacianRow } from "./laplacian-js.js"
import { linksOf } from "./links.js"
import type { Stepper } from "./stepper.js"

/**
 * Lattices with at least this many nodes step on the worker pool when one is
 * given. Measured on the 2-core development machine (docs/theory/dynamics.md):
 * below it, the two futex wake-ups per stage cost more than the halved loop.
 */
export const parallelNodeThreshold = 4096

export interface Rk4Arrays extends LaplacianArrays {
  readonly potential: Float64Array
  readonly driveRe: Float64Array
  readonly driveIm: Float64Array
  readonly psiRe: Float64Array
  readonly psiIm: Float64Array
  readonly aRe: Float64Array
  readonly aIm: Float64Array
  readonly bRe: Float64Array
  readonly bIm: Float64Array
  readonly accRe: Float64Array
  readonly accIm: Float64Array
}

/** Layout of a stage's scalars. */
const Scalar = { stage: 0, dt: 1, mu: 2, dRe: 3, dIm: 4, gRe: 5, gIm: 6, fRe: 7, fIm: 8 } as const
const scalarCount = 9

/** One RK4 stage on nodes [start, end); `s` holds the Scalar layout. */
export const rk4StageRange = (a: Rk4Arrays, s: Float64Array, start: number, end: number): void => {
  const stage = s[Scalar.stage]!
  const dt = s[Scalar.dt]!
  const mu = s[Scalar.mu]!
  const dRe = s[Scalar.dRe]!
  const dIm = s[Scalar.dIm]!
  const gRe = s[Scalar.gRe]!
  const gIm = s[Scalar.gIm]!
  const fRe = s[Scalar.fRe]!
  const fIm = s[Scalar.fIm]!
  const inRe = stage === 1 ? a.psiRe : stage === 3 ? a.bRe : a.aRe
  const inIm = stage === 1 ? a.psiIm : stage === 3 ? a.bIm : a.aIm
  const outRe = stage === 2 ? a.bRe : a.aRe
  const outIm = stage === 2 ? a.bIm : a.aIm
  const next = stage === 3 ? dt : dt / 2
  const row = new Float64Array(2)
  for (let i = start; i < end; i++) {
    const yr = inRe[i]!
    const yi = inIm[i]!
    laplacianRow(a, inRe, inIm, i, row)
    const lr = row[0]!
    const li = row[1]!
    const n = yr * yr + yi * yi
    const v = a.potential[i]!
    const pr = a.driveRe[i]!
    const pi = a.driveIm[i]!
    const kr = mu * yr + v * yi + (dRe * lr - dIm * li) - (gRe * yr - gIm * yi) * n + (fRe * pr - fIm * pi)
    const ki = mu * yi - v * yr + (dRe * li + dIm * lr) - (gRe * yi + gIm * yr) * n + (fRe * pi + fIm * pr)
    if (stage === 1) {
      a.accRe[i] = kr
      a.accIm[i] = ki
    } else if (stage < 4) {
      a.accRe[i] = a.accRe[i]! + 2 * kr
      a.accIm[i] = a.accIm[i]! + 2 * ki
    }
    if (stage < 4) {
      outRe[i] = a.psiRe[i]! + next * kr
      outIm[i] = a.psiIm[i]! + next * ki
    } else {
      a.psiRe[i] = a.psiRe[i]! + (dt / 6) * (a.accRe[i]! + kr)
      a.psiIm[i] = a.psiIm[i]! + (dt / 6) * (a.accIm[i]! + ki)
    }
  }
}

export const rk4StageTask = defineTask(import.meta.url, "rk4StageTask", (arrays: Readonly<Record<string, SharedArray>>, scalars, start, end) =>
  rk4StageRange(arrays as unknown as Rk4Arrays, scalars, start, end),
)

/** Offsets of the four stage times within a step, in units of dt. */
const stageOffsets = [0, 0.5, 0.5, 1] as const

export interface JsRk4Options {
  readonly dt: number
  /** Used when the lattice has at least `threshold` nodes. */
  readonly pool?: WorkerPool
  readonly threshold?: number
}

export class JsRk4 implements Stepper {
  private readonly arrays: Rk4Arrays
  private readonly binding: Binding | undefined
  private readonly scalars = new Float64Array(scalarCount)
  private equation: Equation

  constructor(
    private readonly lattice: Lattice,
    equation: Equation,
    private readonly options: JsRk4Options,
  ) {
    const n = lattice.nodeCount
    const parallel = options.pool !== undefined && options.pool.threads > 1 && n >= (options.threshold ?? parallelNodeThreshold)
    const float = (): Float64Array => (parallel ? sharedFloat64(n) : new Float64Array(n))
    const links = linksOf(lattice)
    this.arrays = {
      rowStart: parallel ? shareCopy(links.rowStart) : links.rowStart,
      column: parallel ? shareCopy(links.column) : links.column,
      cosine: parallel ? shareCopy(links.cosine) : links.cosine,
      sine: parallel ? shareCopy(links.sine) : links.sine,
      degree: parallel ? shareCopy(links.degree) : links.degree,
      potential: float(),
      driveRe: float(),
      driveIm: float(),
      psiRe: float(),
      psiIm: float(),
      aRe: float(),
      aIm: float(),
      bRe: float(),
      bIm: float(),
      accRe: float(),
      accIm: float(),
    }
    this.equation = equation
    this.setEquation(equation)
    this.binding = parallel ? options.pool!.bind({ ...this.arrays }) : undefined
  }

  /** Whether steps run on the worker pool. */
  get parallel(): boolean {
    return this.binding !== undefined
  }

  setEquation(equation: Equation): void {
    this.equation = equation
    this.arrays.potential.set(potentialPerNode(equation.potential, this.lattice.nodeCount))
    this.arrays.driveRe.fill(0)
    this.arrays.driveIm.fill(0)
    if (equation.drive !== undefined) {
      this.arrays.driveRe.set(equation.drive.profile.re)
      this.arrays.driveIm.set(equation.drive.profile.im)
    }
    const s = this.scalars
    s[Scalar.dt] = this.options.dt
    s[Scalar.mu] = equation.mu
    s[Scalar.dRe] = equation.diffusion.re
    s[Scalar.dIm] = equation.diffusion.im
    s[Scalar.gRe] = equation.nonlinearity.re
    s[Scalar.gIm] = equation.nonlinearity.im
  }

  advance(steps: number, time: number): void {
    const dt = this.options.dt
    for (let step = 0; step < steps; step++) {
      const t = time + step * dt
      for (let stage = 1; stage <= 4; stage++) {
        const f = driveFactor(this.equation.drive, t + stageOffsets[stage - 1]! * dt)
        this.scalars[Scalar.stage] = stage
        this.scalars[Scalar.fRe] = f.re
        this.scalars[Scalar.fIm] = f.im
        this.runStage()
      }
    }
  }

  private runStage(): void {
    if (this.binding === undefined) rk4StageRange(this.arrays, this.scalars, 0, this.lattice.nodeCount)
    else this.options.pool!.run(rk4StageTask, this.binding, this.lattice.nodeCount, this.scalars)
  }

  read(): ComplexField {
    return copyField({ re: this.arrays.psiRe, im: this.arrays.psiIm })
  }

  write(field: ComplexField): void {
    this.arrays.psiRe.set(field.re)
    this.arrays.psiIm.set(field.im)
  }

  dispose(): void {
    if (this.binding !== undefined) this.options.pool!.release(this.binding)
  }
}
