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
import { Chunk, Effect, Option, Scope, Stream } from "effect"

export interface RecordSink<A, E = never> {
  readonly name: string
  readonly write: (records: Chunk.Chunk<A>) => Effect.Effect<void, E>
  /** Makes everything written so far durable (e.g. closes the open part file); a checkpoint calls it first. */
  readonly flush?: Effect.Effect<void, E>
}

/** How to open a sink: an effect that acquires it within a scope. */
export type SinkResource<A, E = never, R = never> = Effect.Effect<RecordSink<A, E>, E, Scope.Scope | R>

/** When to checkpoint, and how: `save` runs after every sink has flushed the records up to `record`. */
export interface CheckpointPolicy<A, E = never> {
  readonly after: (record: A) => boolean
  readonly save: (record: A) => Effect.Effect<void, E>
}

/** Splits a chunk after every record that a checkpoint follows. */
const segments = <A>(chunk: Chunk.Chunk<A>, after: (record: A) => boolean): Array<{ records: Chunk.Chunk<A>; checkpoint: A | null }> => {
  const result: Array<{ records: Chunk.Chunk<A>; checkpoint: A | null }> = []
  let current: A[] = []
  for (const record of Chunk.toReadonlyArray(chunk)) {
    current.push(record)
    if (after(record)) {
      result.push({ records: Chunk.unsafeFromArray(current), checkpoint: record })
      current = []
    }
  }
  if (current.length > 0) result.push({ records: Chunk.unsafeFromArray(current), checkpoint: null })
  return result
}

export const runIntoWithCheckpoints = <A, E, R, SE, SR, CE>(
  stream: Stream.Stream<A, E, R>,
  sinks: ReadonlyArray<SinkResource<A, SE, SR>>,
  checkpoint: CheckpointPolicy<A, CE> | null,
): Effect.Effect<void, E | SE | CE, R | SR | Scope.Scope> =>
  Effect.flatMap(Effect.all(sinks), (opened) => {
    const writeAll = (records: Chunk.Chunk<A>) => Effect.forEach(opened, (sink) => sink.write(records), { discard: true })
    const flushAll = Effect.forEach(opened, (sink) => sink.flush ?? Effect.void, { discard: true })
    return Stream.runForEachChunk(stream, (chunk) =>
      Effect.uninterruptible(
        checkpoint === null
          ? writeAll(chunk)
          : Effect.forEach(
              segments(chunk, checkpoint.after),
              (segment) =>
                segment.checkpoint === null
                  ? writeAll(segment.records)
                  : Effect.zipRight(Effect.zipRight(writeAll(segment.records), flushAll), checkpoint.save(segment.checkpoint)),
              { discard: true },
            ),
      ),
    )
  })

export const runInto = <A, E, R, SE, SR>(
  stream: Stream.Stream<A, E, R>,
  ...sinks: ReadonlyArray<SinkResource<A, SE, SR>>
): Effect.Effect<void, E | SE, R | SR | Scope.Scope> => runIntoWithCheckpoints(stream, sinks, null)

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
    ...(sink.flush === undefined ? {} : { flush: sink.flush }),
  }))

/**
 * A sink opened from its first record, when that arrives: for a table whose
 * columns depend on the data (an environment's reward components and
 * metrics). It closes with the scope it was acquired in; before its first
 * record it has nothing to flush.
 */
export const deferredSink = <A, E>(name: string, open: (first: A) => SinkResource<A, E>): SinkResource<A, E> =>
  Effect.map(Effect.scope, (scope) => {
    let opened: RecordSink<A, E> | null = null
    return {
      name,
      write: (records: Chunk.Chunk<A>) =>
        Effect.suspend(() => {
          if (opened !== null) return opened.write(records)
          return Option.match(Chunk.head(records), {
            onNone: () => Effect.void,
            onSome: (first) =>
              Effect.flatMap(Scope.extend(open(first), scope), (sink) => {
                opened = sink
                return sink.write(records)
              }),
          })
        }),
      flush: Effect.suspend(() => opened?.flush ?? Effect.void),
    }
  })
