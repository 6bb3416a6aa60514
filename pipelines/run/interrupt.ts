/**
 * Running an effect so that SIGINT and SIGTERM interrupt it: every finaliser
 * runs (sinks flushed and closed, manifest marked "interrupted") before the
 * caller learns which signal stopped it. A second signal exits at once.
 */
import { type Cause, Effect, Exit, Fiber } from "effect"

export type Outcome<A, E> =
  | { readonly _tag: "Completed"; readonly value: A }
  | { readonly _tag: "Interrupted"; readonly signal: NodeJS.Signals }
  | { readonly _tag: "Failed"; readonly cause: Cause.Cause<E> }

/** Conventional exit status of a process stopped by a signal: 128 + its number. */
export const signalExitCode = (signal: NodeJS.Signals): number => (signal === "SIGTERM" ? 143 : 130)

export const runInterruptible = async <A, E>(effect: Effect.Effect<A, E>): Promise<Outcome<A, E>> => {
  const fiber = Effect.runFork(effect)
  let received: NodeJS.Signals | null = null
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== null) process.exit(signalExitCode(signal))
    received = signal
    Effect.runFork(Fiber.interrupt(fiber))
  }
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"]
  for (const signal of signals) process.on(signal, onSignal)
  try {
    const exit = await Effect.runPromise(Fiber.await(fiber))
    if (Exit.isSuccess(exit)) return { _tag: "Completed", value: exit.value }
    if (received !== null && Exit.isInterrupted(exit)) return { _tag: "Interrupted", signal: received }
    return { _tag: "Failed", cause: exit.cause }
  } finally {
    for (const signal of signals) process.off(signal, onSignal)
  }
}
