/**
 * Keeps one record in every `n`: the n-th, 2n-th, ... (e.g. a field snapshot every 10 cycles).
 */
import { Option, Stream } from "effect"

export const everyN =
  (n: number) =>
  <A, E, R>(input: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`everyN: n must be an integer >= 1, got ${n}`)
    return Stream.filterMap(Stream.zipWithIndex(input), ([record, index]) =>
      index % n === n - 1 ? Option.some(record) : Option.none(),
    )
  }
