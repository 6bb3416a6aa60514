/**
 * A worker_threads pool for js kernels that split a node range across cores.
 *
 * Kernels are *range tasks*: pure loops over nodes [start, end) that read and
 * write typed arrays on SharedArrayBuffers. The calling thread runs chunk 0
 * itself while the workers run the others, so `run` is synchronous, like the
 * single-threaded kernel it replaces, and a serial run is the same task over
 * the whole range: the floating-point operations per node are identical, so
 * parallel and serial results agree bit for bit.
 *
 * Commands go through a small shared Int32Array (a generation counter the
 * workers wait on with Atomics.wait, and a countdown of workers still busy);
 * the few messages that carry data (task modules to load, arrays to bind,
 * error reports) are read synchronously with receiveMessageOnPort. So one run
 * costs two futex wake-ups, not a structured-clone round trip.
 */
import { createRequire } from "node:module"
import { availableParallelism } from "node:os"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads"

/** Slots of the shared control array (this and the next few exports are the protocol with parallel-worker.ts). */
export const Slot = {
  /** Bumped once per command; workers wait for it to change. */
  generation: 0,
  /** Workers still busy with the current command. */
  pending: 1,
  command: 2,
  /** Task id (run, load) or binding id (bind, release). */
  id: 3,
  binding: 4,
  count: 5,
  /** Set by a worker whose command threw; it posts the message on its port. */
  failed: 6,
  /** Slot dead + w is set when worker w (1-based) leaves its loop. */
  dead: 7,
} as const

export const Command = { run: 1, load: 2, bind: 3, release: 4, close: 5 } as const

export const scalarCapacity = 64

const controlLength = (threads: number): number => Slot.dead + threads

/** What a worker is started with. */
export interface WorkerSetup {
  readonly control: SharedArrayBuffer
  readonly scalars: SharedArrayBuffer
  readonly threads: number
  /** This worker's chunk (1..threads-1); the caller takes chunk 0. */
  readonly index: number
  readonly port: MessagePort
}

/** Chunk `part` of `parts` contiguous, nearly equal pieces of [0, count). */
export const splitRange = (count: number, parts: number, part: number): readonly [number, number] => [
  Math.floor((count * part) / parts),
  Math.floor((count * (part + 1)) / parts),
]

export type SharedArray = Float64Array | Int32Array

/** A loop over nodes [start, end): reads and writes only the arrays it is given. */
export type RangeKernel = (
  arrays: Readonly<Record<string, SharedArray>>,
  scalars: Float64Array,
  start: number,
  end: number,
) => void

/**
 * A range kernel that workers can load: `module` is the URL of the module
 * that exports this task under `name` (pass `import.meta.url`).
 */
export interface Task {
  readonly module: string
  readonly name: string
  readonly run: RangeKernel
}

export const defineTask = (module: string, name: string, run: RangeKernel): Task => ({ module, name, run })

/** Arrays made visible to every worker once, then used by many runs. */
export interface Binding {
  readonly id: number
  readonly arrays: Readonly<Record<string, SharedArray>>
}

export interface WorkerPool {
  /** Threads that share a run: the workers plus the calling thread. */
  readonly threads: number
  /** Shares the arrays (each backed by a SharedArrayBuffer) with the workers. */
  bind(arrays: Record<string, SharedArray>): Binding
  /** Drops the workers' references to a binding's arrays. */
  release(binding: Binding): void
  /**
   * Runs `task` over [0, count), split into `threads` contiguous chunks;
   * returns when every chunk is done. `scalars` (at most 64) are copied to
   * shared memory for the workers; the task sees them as a Float64Array.
   */
  run(task: Task, binding: Binding, count: number, scalars: ArrayLike<number>): void
  /** Stops the workers; the pool cannot run afterwards. Safe to call twice. */
  close(): Promise<void>
}

export interface WorkerPoolOptions {
  /** Total threads, the caller's included; defaults to the machine's available parallelism. */
  readonly threads?: number
  /** Longest a single command may take before the pool gives up on its workers. */
  readonly timeoutMs?: number
}

export const sharedFloat64 = (length: number): Float64Array =>
  new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT))

export const sharedInt32 = (length: number): Int32Array =>
  new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT))

/** A copy of `array` in shared memory. */
export const shareCopy = <T extends SharedArray>(array: T): T => {
  const copy = array instanceof Float64Array ? sharedFloat64(array.length) : sharedInt32(array.length)
  copy.set(array)
  return copy as T
}

const isShared = (array: SharedArray): boolean => array.buffer instanceof SharedArrayBuffer

/**
 * How to start a worker: the compiled parallel-worker.js beside this module
 * under dist/; when this module runs as TypeScript (tests, `npm start`
 * through tsx), a bootstrap that registers tsx's loader in the worker and then
 * imports parallel-worker.ts. (Node 20 does not apply `--import` loaders
 * given in a Worker's execArgv to the worker's own modules, so the loader is
 * registered from inside.) tsx is resolved from here, not from the working
 * directory, so a run started elsewhere still finds it.
 */
const workerStart = (): { readonly script: string | URL; readonly evaluate: boolean } => {
  if (!import.meta.url.endsWith(".ts")) return { script: new URL("./parallel-worker.js", import.meta.url), evaluate: false }
  const entry = new URL("./parallel-worker.ts", import.meta.url).href
  const require = createRequire(import.meta.url)
  const manifest = require("tsx/package.json") as { exports: Record<string, { import: { default: string } }> }
  const api = pathToFileURL(join(dirname(require.resolve("tsx/package.json")), manifest.exports["./esm/api"]!.import.default)).href
  const script = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`
  return { script, evaluate: true }
}

interface Member {
  readonly worker: Worker
  /** The caller's end of the channel to this worker. */
  readonly port: MessagePort
}

const startMember = (
  start: ReturnType<typeof workerStart>,
  setup: Omit<WorkerSetup, "index" | "port">,
  index: number,
): Promise<Member> => {
  const channel = new MessageChannel()
  const workerData: WorkerSetup = { ...setup, index, port: channel.port2 }
  const worker = new Worker(start.script, { eval: start.evaluate, workerData, transferList: [channel.port2] })
  return new Promise<Member>((resolve, reject) => {
    const fail = (error: unknown) => reject(new Error(`worker ${index} failed to start: ${messageOf(error)}`))
    worker.once("error", fail)
    worker.once("exit", (code) => fail(`exited with code ${code}`))
    worker.once("message", () => {
      worker.removeAllListeners("error")
      worker.removeAllListeners("exit")
      // A started worker waits in Atomics.wait; it must not keep the process alive if a pool is never closed.
      worker.unref()
      resolve({ worker, port: channel.port1 })
    })
  })
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

const checkThreads = (threads: number): number => {
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 256) {
    throw new RangeError(`threads must be an integer in 1..256, got ${threads}`)
  }
  return threads
}

/** Starts `threads - 1` workers and resolves when all have loaded. */
export const createWorkerPool = async (options: WorkerPoolOptions = {}): Promise<WorkerPool> => {
  const threads = checkThreads(options.threads ?? availableParallelism())
  const timeoutMs = options.timeoutMs ?? 600_000
  const control = sharedInt32(controlLength(threads))
  const scalars = sharedFloat64(scalarCapacity)
  const start = workerStart()
  const started = await Promise.allSettled(
    Array.from({ length: threads - 1 }, (_, w) =>
      startMember(start, { control: control.buffer as SharedArrayBuffer, scalars: scalars.buffer as SharedArrayBuffer, threads }, w + 1),
    ),
  )
  const members = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []))
  const failure = started.find((result) => result.status === "rejected")
  if (failure !== undefined) {
    await Promise.all(members.map((member) => member.worker.terminate()))
    throw failure.reason
  }
  return new Pool(threads, members, control, scalars, timeoutMs)
}

class Pool implements WorkerPool {
  private readonly taskIds = new Map<Task, number>()
  private nextBinding = 1
  private closed = false

  constructor(
    readonly threads: number,
    private readonly members: readonly Member[],
    private readonly control: Int32Array,
    private readonly scalars: Float64Array,
    private readonly timeoutMs: number,
  ) {}

  bind(arrays: Record<string, SharedArray>): Binding {
    this.checkOpen()
    for (const [name, array] of Object.entries(arrays)) {
      if (!isShared(array)) throw new RangeError(`array "${name}" must be backed by a SharedArrayBuffer (use sharedFloat64 or shareCopy)`)
    }
    const binding: Binding = { id: this.nextBinding++, arrays: { ...arrays } }
    for (const member of this.members) member.port.postMessage({ id: binding.id, arrays: binding.arrays })
    this.command(Command.bind, binding.id)
    return binding
  }

  release(binding: Binding): void {
    if (this.closed) return
    this.command(Command.release, binding.id)
  }

  run(task: Task, binding: Binding, count: number, scalars: ArrayLike<number>): void {
    this.checkOpen()
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be an integer >= 0, got ${count}`)
    if (scalars.length > scalarCapacity) throw new RangeError(`scalars must hold at most ${scalarCapacity} numbers, got ${scalars.length}`)
    const id = this.load(task)
    this.scalars.set(scalars)
    Atomics.store(this.control, Slot.binding, binding.id)
    Atomics.store(this.control, Slot.count, count)
    this.command(Command.run, id, () => {
      const [start, end] = splitRange(count, this.threads, 0)
      task.run(binding.arrays, this.scalars, start, end)
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.broadcast(Command.close, 0)
    await Promise.all(this.members.map((member) => member.worker.terminate()))
    for (const member of this.members) member.port.close()
  }

  /** The task's id in every worker, loading its module there on first use. */
  private load(task: Task): number {
    const known = this.taskIds.get(task)
    if (known !== undefined) return known
    const id = this.taskIds.size
    for (const member of this.members) member.port.postMessage({ id, module: task.module, name: task.name })
    this.command(Command.load, id)
    this.taskIds.set(task, id)
    return id
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("the worker pool is closed")
  }

  private broadcast(command: number, id: number): void {
    Atomics.store(this.control, Slot.command, command)
    Atomics.store(this.control, Slot.id, id)
    Atomics.store(this.control, Slot.pending, this.members.length)
    Atomics.add(this.control, Slot.generation, 1)
    Atomics.notify(this.control, Slot.generation)
  }

  /** Issues a command, runs the caller's share, waits for every worker, then reports any failure. */
  private command(command: number, id: number, own?: () => void): void {
    this.broadcast(command, id)
    let ownError: unknown = undefined
    try {
      own?.()
    } catch (error) {
      ownError = error
    }
    this.awaitWorkers()
    if (ownError !== undefined) throw ownError
    this.throwWorkerFailures()
  }

  private awaitWorkers(): void {
    const deadline = performance.now() + this.timeoutMs
    for (;;) {
      const pending = Atomics.load(this.control, Slot.pending)
      if (pending === 0) return
      const dead = this.members.findIndex((_, w) => Atomics.load(this.control, Slot.dead + w + 1) !== 0)
      if (dead >= 0) {
        this.closed = true
        throw new Error(`worker ${dead + 1} stopped while a command was pending; the pool is closed`)
      }
      if (performance.now() > deadline) {
        this.closed = true
        throw new Error(`workers did not finish within ${this.timeoutMs} ms; the pool is closed`)
      }
      // Slices, so a worker that dies (and cannot count down) is noticed.
      Atomics.wait(this.control, Slot.pending, pending, 100)
    }
  }

  private throwWorkerFailures(): void {
    if (Atomics.load(this.control, Slot.failed) === 0) return
    Atomics.store(this.control, Slot.failed, 0)
    const reports = this.members.flatMap((member, w) => {
      const received = receiveMessageOnPort(member.port)
      return received === undefined ? [] : [`worker ${w + 1}: ${String(received.message)}`]
    })
    throw new Error(`a worker task failed (${reports.join("; ")})`)
  }
}
