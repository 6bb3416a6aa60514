/**
 * Progress of long work on the console: a bar with rate and ETA on a terminal,
 * periodic plain log lines otherwise (CI logs, files, pipes). Writes to
 * stderr so stdout stays clean for results.
 */
import { Chunk, Effect } from "effect"
import cliProgress from "cli-progress"
import type { SinkResource } from "./sink.js"

export interface ProgressOptions {
  readonly label: string
  /** Total units of work (e.g. cycles); the ETA needs it. */
  readonly total: number
  /** Units already done (a resumed run). */
  readonly start?: number
  /** Seconds between plain log lines when not on a terminal. */
  readonly logInterval?: number
  /** Where to write; defaults to process.stderr. */
  readonly stream?: NodeJS.WriteStream
}

export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return "?"
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
}

/** One plain progress line, e.g. `simulate: 120/400 (30.0%), 12.3/s, ETA 23s`. */
export const progressLine = (label: string, done: number, total: number, elapsedSeconds: number, doneAtStart = 0): string => {
  const rate = elapsedSeconds > 0 ? (done - doneAtStart) / elapsedSeconds : 0
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY
  const percent = total > 0 ? ((100 * done) / total).toFixed(1) : "?"
  return `${label}: ${done}/${total} (${percent}%), ${rate.toFixed(rate < 10 ? 2 : 1)}/s, ETA ${formatDuration(eta)}`
}

interface Reporter {
  readonly update: (done: number) => void
  readonly stop: () => void
}

const terminalReporter = (options: ProgressOptions, output: NodeJS.WriteStream): Reporter => {
  const bar = new cliProgress.SingleBar(
    {
      stream: output,
      format: `${options.label} {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
      etaBuffer: 50,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  )
  const started = performance.now()
  const doneAtStart = options.start ?? 0
  bar.start(options.total, doneAtStart, { rate: "0" })
  return {
    update: (done) => {
      const seconds = (performance.now() - started) / 1000
      bar.update(done, { rate: seconds > 0 ? ((done - doneAtStart) / seconds).toFixed(2) : "0" })
    },
    stop: () => bar.stop(),
  }
}

const logReporter = (options: ProgressOptions, output: NodeJS.WriteStream): Reporter => {
  const started = performance.now()
  const interval = (options.logInterval ?? 10) * 1000
  const doneAtStart = options.start ?? 0
  let lastLog = started
  let done = doneAtStart
  const log = () =>
    output.write(`${progressLine(options.label, done, options.total, (performance.now() - started) / 1000, doneAtStart)}\n`)
  return {
    update: (value) => {
      done = value
      const now = performance.now()
      if (now - lastLog >= interval) {
        lastLog = now
        log()
      }
    },
    stop: log,
  }
}

/**
 * A sink that reports progress. `position` maps a record to the units done
 * once it is written (e.g. cycle + 1); by default each record counts one.
 */
export const consoleProgress = <A>(options: ProgressOptions, position?: (record: A) => number): SinkResource<A> => {
  const output = options.stream ?? process.stderr
  const open = Effect.sync(() => (output.isTTY ? terminalReporter(options, output) : logReporter(options, output)))
  return Effect.map(
    Effect.acquireRelease(open, (reporter) => Effect.sync(reporter.stop)),
    (reporter) => {
      let done = options.start ?? 0
      return {
        name: "console-progress",
        write: (records) =>
          Effect.sync(() => {
            const last = Chunk.last(records)
            if (last._tag === "None") return
            done = position === undefined ? done + Chunk.size(records) : position(last.value)
            reporter.update(done)
          }),
      }
    },
  )
}
