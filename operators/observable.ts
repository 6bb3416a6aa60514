/**
 * Interop with RxJS, the language of the live side: a stream can be watched as
 * an Observable, and an Observable can feed a pipeline.
 */
import { Cause, Effect, Exit, Fiber, Option, Stream } from "effect"
import { Observable } from "rxjs"

/**
 * A cold Observable that runs `stream` once per subscriber. Unsubscribing
 * interrupts the stream (its finalisers run); a stream failure becomes an
 * Observable error carrying the typed failure.
 */
export const toObservable = <A, E>(stream: Stream.Stream<A, E>): Observable<A> =>
  new Observable<A>((subscriber) => {
    const fiber = Effect.runFork(Stream.runForEach(stream, (value) => Effect.sync(() => subscriber.next(value))))
    fiber.addObserver((exit) => {
      if (Exit.isSuccess(exit)) subscriber.complete()
      else if (!Cause.isInterruptedOnly(exit.cause)) {
        const failure = Cause.failureOption(exit.cause)
        subscriber.error(Option.isSome(failure) ? failure.value : Cause.squash(exit.cause))
      }
    })
    return () => {
      Effect.runFork(Fiber.interrupt(fiber))
    }
  })

export interface FromObservableOptions {
  /** Values held while the consumer is slower than the Observable. */
  readonly bufferSize?: number
  /**
   * What to do when the buffer is full: "suspend" is impossible for a hot
   * source, so choose to drop the newest ("dropping") or the oldest ("sliding").
   */
  readonly strategy?: "dropping" | "sliding"
}

/** A stream of an Observable's values; it ends when the Observable completes and fails when it errors. */
export const fromObservable = <A>(observable: Observable<A>, options: FromObservableOptions = {}): Stream.Stream<A, unknown> =>
  Stream.async<A, unknown>(
    (emit) => {
      const subscription = observable.subscribe({
        next: (value) => void emit.single(value),
        error: (error: unknown) => void emit.fail(error),
        complete: () => void emit.end(),
      })
      return Effect.sync(() => subscription.unsubscribe())
    },
    { bufferSize: options.bufferSize ?? 1024, strategy: options.strategy ?? "sliding" },
  )
