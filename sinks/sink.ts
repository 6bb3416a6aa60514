/**
 * The sink contract: a sink is a scoped resource that accepts chunks of
 * records. Opening it acquires files or sockets; closing the scope flushes and
 * releases them, on success, failure or interruption alike.
 *
 * `runInto` writes each chunk to every sink before pulling the next one, so a
 * slow sink slows the whole pipeline down instead of letting records pile up.
 * A chunk's writes are uninterruptible: an interrupted run has given each
 * record to all of its sinks or to none.
 */
import { Chunk, Effect, type Scope, Stream } from "effect"

export interface RecordSink<A, E = never> {
  readonly name: string
  readonly write: (records: Chunk.Chunk<A>) => Effect.Effect<void, E>
}

/** How to open a sink: an effect that acquires it within a scope. */
export type SinkResource<A, E = never, R = never> = Effect.Effect<RecordSink<A, E>, E, Scope.Scope | R>

export const runInto = <A, E, R, SE, SR>(
  stream: Stream.Stream<A, E, R>,
  ...sinks: ReadonlyArray<SinkResource<A, SE, SR>>
): Effect.Effect<void, E | SE, R | SR | Scope.Scope> =>
  Effect.flatMap(Effect.all(sinks), (opened) =>
    Stream.runForEachChunk(stream, (chunk) =>
      Effect.uninterruptible(Effect.forEach(opened, (sink) => sink.write(chunk), { discard: true })),
    ),
  )

/**
 * Feeds a sink with records derived from another stream's: each record
 * becomes zero or more (e.g. a frame's vortex events as event rows).
 */
export const contramapSink = <A, B, E, R>(
  resource: SinkResource<B, E, R>,
  derive: (record: A) => Iterable<B>,
): SinkResource<A, E, R> =>
  Effect.map(resource, (sink) => ({
    name: sink.name,
    write: (records: Chunk.Chunk<A>) => {
      const derived = Chunk.flatMap(records, (record) => Chunk.fromIterable(derive(record)))
      return Chunk.isEmpty(derived) ? Effect.void : sink.write(derived)
    },
  }))
