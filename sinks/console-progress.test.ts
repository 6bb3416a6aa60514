import { Chunk, Effect } from "effect"
import { describe, expect, it } from "vitest"
import { consoleProgress, formatDuration, progressLine } from "./console-progress.js"

/** A non-terminal output stream that keeps what is written. */
const capture = () => {
  const lines: string[] = []
  const stream = { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream
  return { lines, stream }
}

describe("console progress", () => {
  it("formats durations in s, m and h", () => {
    expect([formatDuration(42.4), formatDuration(125), formatDuration(3 * 3600 + 7 * 60), formatDuration(Infinity)]).toEqual([
      "42s",
      "2m05s",
      "3h07m",
      "?",
    ])
  })

  it("states done, total, percentage, rate since start and ETA", () => {
    // 50 of 200 done, 20 of them in the 10 s since a resume at 30: 2/s, 150 left: 75 s.
    expect(progressLine("simulate", 50, 200, 10, 30)).toBe("simulate: 50/200 (25.0%), 2.00/s, ETA 1m15s")
  })

  it("writes plain lines off a terminal: one at the end, none in between when the interval has not passed", async () => {
    const { lines, stream } = capture()
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(consoleProgress<{ cycle: number }>({ label: "run", total: 10, logInterval: 3600, stream }, (r) => r.cycle + 1), (sink) =>
          sink.write(Chunk.makeBy(10, (cycle) => ({ cycle }))),
        ),
      ),
    )
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^run: 10\/10 \(100\.0%\), [\d.]+\/s, ETA 0s\n$/)
  })

  it("writes a line each interval off a terminal", async () => {
    const { lines, stream } = capture()
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(consoleProgress<number>({ label: "run", total: 3, logInterval: 0, stream }), (sink) =>
          Effect.forEach([1, 2, 3], (n) => sink.write(Chunk.of(n)), { discard: true }),
        ),
      ),
    )
    expect(lines.map((line) => line.split(" ")[1])).toEqual(["1/3", "2/3", "3/3", "3/3"])
  })
})
