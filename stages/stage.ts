/**
 * The stage contract: a stage maps one typed stream to another.
 *
 * Effect's pull-based `Stream` is the backbone, so a slow consumer slows the
 * producer (backpressure) instead of buffering without bound.
 */
import { Data, Effect, Stream } from "effect"

/** A failure inside a stage, naming the stage so a pipeline error says where it broke. */
export class StageError extends Data.TaggedError("StageError")<{
  readonly stage: string
  readonly message: string
  readonly cause?: unknown
}> {}

export type Stage<In, Out, E = never, R = never> = (
  input: Stream.Stream<In, E, R>,
) => Stream.Stream<Out, E | StageError, R>

/** Lifts a per-record function into a stage; a thrown error becomes a `StageError` naming `stage`. */
export const mapStage =
  <In, Out>(stage: string, f: (record: In) => Out) =>
  <E, R>(input: Stream.Stream<In, E, R>): Stream.Stream<Out, E | StageError, R> =>
    Stream.mapEffect(input, (record) =>
      Effect.try({
        try: () => f(record),
        catch: (cause) => new StageError({ stage, message: errorMessage(cause), cause }),
      }),
    )

/** The message of any thrown value, for error reports. */
export const errorMessage = (cause: unknown): string =>
  cause instanceof Error ? cause.message : String(cause)
