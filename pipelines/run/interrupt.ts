/**
 * Running an effect so that SIGINT and SIGTERM stop it: every finaliser runs
 * (sinks flushed and closed, manifest marked "interrupted") before the caller
 * learns which signal stopped it.
 *
 * While a run is writing its records (record.ts), the first signal asks it to
 * stop after the record in hand, with a checkpoint there, so that `--resume`
 * redoes nothing; if it has not stopped within `stopGraceMs`, or outside a
 * record loop, the effect is interrupted at once. A second signal exits at once.
 */
import { type Cause, Effect, Exit, Fiber } from "effect"

export type Outcome<A, E> =
  | { readonly _tag: "Completed"; readonly value: A }
  | { readonly _tag: "Interrupted"; readonly signal: NodeJS.Signals }
  | { readonly _tag: "Failed"; readonly cause: Cause.Cause<E> }

/** Conventional exit status of a process stopped by a signal: 128 + its number. */
export const signalExitCode = (signal: NodeJS.Signals): number => (signal === "SIGTERM" ? 143 : 130)

/** How long a run may take to reach its next record after a stop is asked for. */
export const stopGraceMs = 10_000

let stopListener: (() => void) | null = null

/**
 * Listens for a stop request while `effect` runs (one listener at a time: the
 * run's record loop); the listener is removed however the effect ends.
 */
export const whileListeningForStop = <A, E, R>(onStop: () => void, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      stopListener = onStop
    }),
    () => effect,
    () =>
      Effect.sync(() => {
        if (stopListener === onStop) stopListener = null
      }),
  )

export const runInterruptible = async <A, E>(effect: Effect.Effect<A, E>): Promise<Outcome<A, E>> => {
  const fiber = Effect.runFork(effect)
  let received: NodeJS.Signals | null = null
  let grace: NodeJS.Timeout | undefined
  const interrupt = () => Effect.runFork(Fiber.interrupt(fiber))
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== null) process.exit(signalExitCode(signal))
    received = signal
    if (stopListener === null) return interrupt()
    process.stderr.write(`${signal}: stopping after the current cycle, with a checkpoint (${signal === "SIGINT" ? "Ctrl-C" : "the signal"} again stops at once)\n`)
    stopListener()
    grace = setTimeout(interrupt, stopGraceMs)
  }
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"]
  for (const signal of signals) process.on(signal, onSignal)
  try {
    const exit = await Effect.runPromise(Fiber.await(fiber))
    if (Exit.isSuccess(exit)) return { _tag: "Completed", value: exit.value }
    if (received !== null && Exit.isInterrupted(exit)) return { _tag: "Interrupted", signal: received }
    return { _tag: "Failed", cause: exit.cause }
  } finally {
    clearTimeout(grace)
    for (const signal of signals) process.off(signal, onSignal)
  }
}
