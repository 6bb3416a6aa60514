/**
 * The vortex ops' js kernels on the worker pool (stages/compute/parallel.ts):
 * each pass of js-kernels.ts split into contiguous ranges of nodes, edges or
 * faces, one per thread, so results equal the serial kernels' exactly.
 *
 * The lattice's arrays and the scratch buffers live in shared memory, bound to
 * the pool once and reused while calls keep coming for the same lattice (a
 * pipeline: one lattice, one call per frame): allocating and binding them per
 * call measured 0.1-0.2 ms more per call, which moved the break-even to about
 * 16k nodes. A pool keeps the workspace of the last lattice it ran only, and
 * releases it when a call comes for another, so its workers never accumulate
 * the arrays of old lattices.
 */
import { type Binding, shareCopy, sharedFloat64, sharedInt32, type Task, type WorkerPool } from "../../compute/parallel.js"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { faceEdgeTable } from "./face-edges.js"
import { type ChargeArrays, chargePasses, chargesTask, type CurrentArrays, currentPasses, currentsTask, type Pass } from "./js-kernels.js"

/**
 * Lattices with at least this many nodes run on the worker pool when one is
 * given. Measured on the 2-core development machine (docs/theory/vortices.md,
 * "Performance"): the pool breaks even at about 4k nodes (charges, three
 * passes) and 3k (currents, two); from 8k on it gains 1.4-1.7× when the
 * second core is free and costs at most a few per cent when it is not.
 */
export const parallelNodeThreshold = 8192

export interface PoolOptions {
  /** js kernel: run on this pool when the lattice has at least `parallelThreshold` nodes. The caller owns and closes it. */
  readonly pool?: WorkerPool
  readonly parallelThreshold?: number
}

/** The pool to run on, or undefined to stay on one thread. */
export const poolFor = (lattice: Lattice, options: PoolOptions): WorkerPool | undefined => {
  const pool = options.pool
  if (pool === undefined || pool.threads < 2) return undefined
  return lattice.nodeCount >= (options.parallelThreshold ?? parallelNodeThreshold) ? pool : undefined
}

/** The arrays of both ops; a face-slot direction is an Int32 here because the pool shares Float64 and Int32 arrays only. */
type SharedArrays = Omit<ChargeArrays, "direction"> & CurrentArrays & { readonly direction: Int32Array }

interface Workspace {
  readonly lattice: Lattice
  readonly arrays: SharedArrays
  readonly binding: Binding
  /** The lattice whose link phases arrays.phaseAfter holds. */
  phaseAfterOf: Lattice
}

const workspaces = new WeakMap<WorkerPool, Workspace>()

const createWorkspace = (pool: WorkerPool, lattice: Lattice): Workspace => {
  const n = lattice.nodeCount
  const m = lattice.edges.source.length
  const table = faceEdgeTable(lattice)
  const direction = sharedInt32(table.direction.length)
  direction.set(table.direction)
  const arrays: SharedArrays = {
    re: sharedFloat64(n),
    im: sharedFloat64(n),
    reAfter: sharedFloat64(n),
    imAfter: sharedFloat64(n),
    theta: sharedFloat64(n),
    thetaAfter: sharedFloat64(n),
    nodeBranch: sharedInt32(n),
    source: shareCopy(lattice.edges.source),
    target: shareCopy(lattice.edges.target),
    phase: shareCopy(lattice.edges.phase),
    phaseAfter: shareCopy(lattice.edges.phase),
    links: sharedInt32(m),
    currents: sharedInt32(m),
    offsets: shareCopy(table.offsets),
    edge: shareCopy(table.edge),
    direction,
    charges: sharedInt32(table.faceCount),
  }
  return { lattice, arrays, binding: pool.bind({ ...arrays }), phaseAfterOf: lattice }
}

const workspace = (pool: WorkerPool, lattice: Lattice): Workspace => {
  const current = workspaces.get(pool)
  if (current?.lattice === lattice) return current
  if (current !== undefined) {
    // Forgotten first, so a failed rebind never leaves a released binding in use.
    workspaces.delete(pool)
    pool.release(current.binding)
  }
  const created = createWorkspace(pool, lattice)
  workspaces.set(pool, created)
  return created
}

const runPasses = (pool: WorkerPool, task: Task, binding: Binding, passes: readonly Pass[]): void => {
  for (const [pass, count] of passes) pool.run(task, binding, count, [pass])
}

/** q_f per face, on the pool. */
export const pooledCharges = (pool: WorkerPool, lattice: Lattice, field: ComplexField): Int32Array => {
  const { arrays, binding } = workspace(pool, lattice)
  arrays.re.set(field.re)
  arrays.im.set(field.im)
  runPasses(pool, chargesTask, binding, chargePasses(arrays))
  // A copy: the next call overwrites the workspace.
  return arrays.charges.slice()
}

/** J per edge, on the pool; `later` is the lattice of the later frame (lattice itself unless its link phases changed). */
export const pooledCurrents = (pool: WorkerPool, lattice: Lattice, later: Lattice, before: ComplexField, after: ComplexField): Int32Array => {
  const space = workspace(pool, lattice)
  const { arrays, binding } = space
  if (space.phaseAfterOf !== later) {
    arrays.phaseAfter.set(later.edges.phase)
    space.phaseAfterOf = later
  }
  arrays.re.set(before.re)
  arrays.im.set(before.im)
  arrays.reAfter.set(after.re)
  arrays.imAfter.set(after.im)
  runPasses(pool, currentsTask, binding, currentPasses(arrays))
  return arrays.currents.slice()
}
