/**
 * Stamps each record with the wall-clock seconds since the stream started.
 */
import { Effect, Stream } from "effect"

export const withElapsed = <A, E, R>(input: Stream.Stream<A, E, R>): Stream.Stream<A & { readonly elapsed: number }, E, R> =>
  Stream.unwrap(
    Effect.sync(() => {
      const started = performance.now()
      return Stream.map(input, (record) => ({ ...record, elapsed: (performance.now() - started) / 1000 }))
    }),
  )
