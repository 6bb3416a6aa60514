/**
 * The loop each pool worker runs (see parallel.ts): wait for the next
 * command, do it, count down, repeat until told to close.
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads"
import { Command, type RangeKernel, type SharedArray, Slot, splitRange, type WorkerSetup } from "./parallel.js"

const setup = workerData as WorkerSetup
const control = new Int32Array(setup.control)
const scalars = new Float64Array(setup.scalars)
const kernels: RangeKernel[] = []
const bindings = new Map<number, Readonly<Record<string, SharedArray>>>()

const nextMessage = <T>(): T => {
  const received = receiveMessageOnPort(setup.port)
  if (received === undefined) throw new Error("expected a message from the pool, found none")
  return received.message as T
}

const loadTask = async (): Promise<void> => {
  const { id, module, name } = nextMessage<{ id: number; module: string; name: string }>()
  const exported = ((await import(module)) as Record<string, unknown>)[name] as { run?: unknown } | undefined
  if (typeof exported?.run !== "function") throw new Error(`${module} does not export a task named ${name}`)
  kernels[id] = exported.run as RangeKernel
}

const runTask = (): void => {
  const kernel = kernels[Atomics.load(control, Slot.id)]
  const arrays = bindings.get(Atomics.load(control, Slot.binding))
  if (kernel === undefined || arrays === undefined) throw new Error("run refers to a task or binding this worker does not have")
  const [start, end] = splitRange(Atomics.load(control, Slot.count), setup.threads, setup.index)
  kernel(arrays, scalars, start, end)
}

/** Does one command; false when the command was close. */
const perform = async (command: number): Promise<boolean> => {
  switch (command) {
    case Command.run:
      runTask()
      return true
    case Command.load:
      await loadTask()
      return true
    case Command.bind: {
      const { id, arrays } = nextMessage<{ id: number; arrays: Record<string, SharedArray> }>()
      bindings.set(id, arrays)
      return true
    }
    case Command.release:
      bindings.delete(Atomics.load(control, Slot.id))
      return true
    case Command.close:
      return false
    default:
      throw new Error(`unknown pool command ${command}`)
  }
}

const countDown = (): void => {
  if (Atomics.sub(control, Slot.pending, 1) === 1) Atomics.notify(control, Slot.pending)
}

const serve = async (): Promise<void> => {
  let seen = Atomics.load(control, Slot.generation)
  parentPort?.postMessage("ready")
  for (;;) {
    Atomics.wait(control, Slot.generation, seen)
    seen = Atomics.load(control, Slot.generation)
    let open = true
    try {
      open = await perform(Atomics.load(control, Slot.command))
    } catch (error) {
      setup.port.postMessage(error instanceof Error ? error.message : String(error))
      Atomics.store(control, Slot.failed, 1)
    }
    countDown()
    if (!open) return
  }
}

try {
  await serve()
} finally {
  // Lets a caller waiting on this worker notice that it is gone.
  Atomics.store(control, Slot.dead + setup.index, 1)
  Atomics.notify(control, Slot.pending)
}
