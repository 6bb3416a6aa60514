/**
 * Live monitoring from the command line (docs/monitoring.md):
 *
 * - `hhml run <pipeline> --monitor [port]` serves the run's dashboard and
 *   websocket stream (the flags are added to `run` here);
 * - `hhml monitor <run-id | url>` attaches to a running job: it prints the
 *   dashboard's address and follows the run in the terminal (metrics at most
 *   once a second, events as they come) until the run ends. It reconnects
 *   with backoff when the connection drops. Exit status: 0 the run completed,
 *   1 it failed or was interrupted or the monitor could not be reached, 2 bad
 *   usage, 130/143 stopped by a signal.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { type Command, InvalidArgumentError, Option } from "commander"
import { type Observable, asyncScheduler, filter, merge, retry, share, throttleTime, timer } from "rxjs"
import { readMonitorAddress } from "../../sinks/monitor/address-file.js"
import { MonitorClosed, MonitorRefused, type MonitorMessage, monitorMessages, websocketUrl } from "../../sinks/monitor/client.js"
import type { EventsMessage, HelloMessage, MetricsMessage } from "../../sinks/monitor/protocol.js"
import { tokenProblem } from "../../sinks/monitor/security.js"
import type { MonitorSettings } from "../../sinks/monitor/tap.js"
import { errorMessage } from "../../stages/stage.js"
import { signalExitCode } from "../run/interrupt.js"
import type { Manifest } from "../run/manifest.js"

const portArgument = (value: string): number => {
  const port = Number(value)
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError("expected a port from 0 to 65535 (0: any free port)")
  return port
}

const fpsArgument = (value: string): number => {
  const fps = Number(value)
  if (!(value.trim() !== "" && Number.isFinite(fps) && fps >= 0 && fps <= 60)) throw new InvalidArgumentError("expected frames per second from 0 to 60")
  return fps
}

const secondsArgument = (value: string): number => {
  const seconds = Number(value)
  if (!(value.trim() !== "" && Number.isFinite(seconds) && seconds >= 0)) throw new InvalidArgumentError("expected seconds >= 0")
  return seconds
}

const tokenArgument = (value: string): string => {
  const problem = tokenProblem(value)
  if (problem !== null) throw new InvalidArgumentError(problem)
  return value
}

const originArgument = (value: string, previous: string[] = []): string[] => {
  if (!/^https?:\/\/[^/\s]+$/.test(value)) throw new InvalidArgumentError("expected an origin like http://host:port")
  return [...previous, value]
}

export interface MonitorRunOptions {
  /** `--monitor` alone is true; with a port, the port. */
  readonly monitor?: true | number
  readonly monitorHost: string
  readonly monitorToken?: string
  readonly monitorOrigin?: string[]
  readonly monitorFps?: number
}

/** The `--monitor` flags of `hhml run`. */
export const monitorOptions = {
  monitor: () =>
    new Option("--monitor [port]", "serve a live dashboard of the run at http://127.0.0.1:<port>/ (no port or 0: any free one); its address with the token is printed at the start").argParser(
      portArgument,
    ),
  host: () => new Option("--monitor-host <host>", "address the monitor listens on (another than 127.0.0.1 exposes it to the network)").default("127.0.0.1"),
  token: () => new Option("--monitor-token <token>", "the token clients must present (default: a new random one per run)").env("HHML_MONITOR_TOKEN").argParser(tokenArgument),
  origin: () => new Option("--monitor-origin <origin>", "also accept dashboards served from this origin, e.g. https://proxy.example (repeatable)").argParser(originArgument),
  fps: () => new Option("--monitor-fps <n>", "field frames per second at most (default 5)").argParser(fpsArgument),
}

/** The tap settings the flags ask for, or undefined without `--monitor`. */
export const monitorSettings = (options: MonitorRunOptions): MonitorSettings | undefined =>
  options.monitor === undefined
    ? undefined
    : {
        host: options.monitorHost,
        port: options.monitor === true ? 0 : options.monitor,
        ...(options.monitorToken === undefined ? {} : { token: options.monitorToken }),
        ...(options.monitorOrigin === undefined ? {} : { origins: options.monitorOrigin }),
        ...(options.monitorFps === undefined ? {} : { field: { fps: options.monitorFps } }),
      }

const loopback = new Set(["127.0.0.1", "localhost", "::1", "[::1]"])

/** What `hhml run --monitor` prints when the run starts. */
export const monitorBanner = (url: string, host: string, runId: string): string =>
  `Monitor: ${url}\n  (from another terminal: hhml monitor ${runId})\n` +
  (loopback.has(host)
    ? ""
    : `  Warning: the monitor listens on ${host}: anyone who can reach this machine with the token can watch, and the token travels unencrypted (prefer an SSH tunnel or a TLS proxy)\n`)

interface MonitorCommandOptions {
  readonly dataDir: string
  readonly token?: string
  readonly json?: boolean
  readonly every: number
  readonly fields?: string
  readonly events: boolean
}

interface Target {
  readonly url: URL
  /** The dashboard a browser opens, token included. */
  readonly dashboard: string
}

type Resolved = { readonly target: Target } | { readonly error: string; readonly status: number }

const dashboardOf = (socket: URL): string => {
  const page = new URL(socket)
  page.protocol = socket.protocol === "wss:" ? "https:" : "http:"
  page.pathname = "/"
  return page.href
}

const resolveTarget = async (given: string, options: MonitorCommandOptions): Promise<Resolved> => {
  if (given.includes("://")) {
    try {
      const url = websocketUrl(given, options.token)
      return { target: { url, dashboard: dashboardOf(url) } }
    } catch (error) {
      return { error: errorMessage(error), status: 2 }
    }
  }
  const resultsDir = join(options.dataDir, "results")
  const runPath = join(resultsDir, given)
  if (!existsSync(join(runPath, "manifest.json"))) return { error: `unknown run id "${given}" in ${resultsDir} (see hhml runs)`, status: 2 }
  const found = await readMonitorAddress(runPath)
  if (found === null) {
    const manifest = JSON.parse(readFileSync(join(runPath, "manifest.json"), "utf8")) as Manifest
    const why = manifest.status === "running" ? "it was started without --monitor" : `it has ended (status ${manifest.status})`
    return { error: `run ${given} is not being served live: ${why}`, status: 1 }
  }
  const url = websocketUrl(found.address.websocket, options.token ?? found.token)
  return { target: { url, dashboard: dashboardOf(url) } }
}

const formatValue = (value: number | null): string =>
  value === null ? "null" : Number.isInteger(value) ? String(value) : Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(4)))

export const metricsLine = (message: MetricsMessage, fields: readonly string[] | null): string => {
  const names = fields ?? Object.keys(message.values)
  return `cycle ${message.cycle}: ${names.map((name) => `${name}=${name in message.values ? formatValue(message.values[name]!) : "-"}`).join(" ")}`
}

const eventLines = (message: EventsMessage): string[] => [
  ...message.events.map(({ kind, ...details }) => {
    const described = Object.entries(details).map(([key, value]) => `${key} ${typeof value === "number" ? formatValue(value) : value}`)
    return `cycle ${message.cycle}: ${kind}${described.length === 0 ? "" : ` (${described.join(", ")})`}`
  }),
  ...(message.omitted > 0 ? [`cycle ${message.cycle}: ${message.omitted} more events not sent`] : []),
]

const helloLine = (hello: HelloMessage): string => {
  const run = hello.run as Partial<Manifest> | null
  const planned = hello.plannedCycles === null ? "" : `, ${hello.plannedCycles} cycles planned`
  const at = hello.cycle === null ? "not started yet" : `at cycle ${hello.cycle}`
  return run === null ? `Connected to a stream ${at}` : `Run ${run.runId}: pipeline ${run.pipeline}, seed ${run.seed}${planned}, ${at}`
}

/** Reconnection: 0.5 s doubling to 10 s, for as long as the run goes on; refusals (bad token, origin) are final. */
const withReconnect = (messages: Observable<MonitorMessage>, onRetry: (error: unknown, delay: number) => void) =>
  messages.pipe(
    retry({
      resetOnSuccess: true,
      delay: (error: unknown, attempt: number) => {
        const final = (error instanceof MonitorRefused && error.status !== 503) || (error instanceof MonitorClosed && [4400, 4429, 1008].includes(error.code))
        if (final) throw error
        const delay = Math.min(10_000, 500 * 2 ** (attempt - 1))
        onRetry(error, delay)
        return timer(delay)
      },
    }),
  )

/** Follows a monitored run in the terminal; resolves to the exit status. */
export const monitorCommand = async (given: string, options: MonitorCommandOptions): Promise<number> => {
  const resolved = await resolveTarget(given, options)
  if ("error" in resolved) {
    process.stderr.write(`hhml: ${resolved.error}\n`)
    return resolved.status
  }
  const { url, dashboard } = resolved.target
  process.stderr.write(`Dashboard: ${dashboard}\n`)
  const fields = options.fields === undefined ? null : options.fields.split(",").map((f) => f.trim()).filter((f) => f !== "")
  const out = (line: string) => process.stdout.write(`${line}\n`)
  // One connection, shared by the metrics and the other messages.
  const messages = withReconnect(monitorMessages(url), (error, delay) =>
    process.stderr.write(`hhml: ${errorMessage(error)}; reconnecting in ${(delay / 1000).toFixed(1)} s\n`),
  ).pipe(share())
  const shown = options.json
    ? messages
    : merge(
        messages.pipe(filter((m) => m.type !== "metrics")),
        messages.pipe(
          filter((m): m is MetricsMessage => m.type === "metrics"),
          throttleTime(options.every * 1000, asyncScheduler, { leading: true, trailing: true }),
        ),
      )
  return new Promise<number>((resolve) => {
    let status = 1
    const finish = (code: number) => {
      process.off("SIGINT", onSignal)
      process.off("SIGTERM", onSignal)
      subscription.unsubscribe()
      resolve(code)
    }
    const onSignal = (signal: NodeJS.Signals) => finish(signalExitCode(signal))
    process.on("SIGINT", onSignal)
    process.on("SIGTERM", onSignal)
    const subscription = shown.subscribe({
      next: (message) => {
        if (options.json) {
          if (message.type !== "frame") out(JSON.stringify(message))
          if (message.type === "end") status = message.status === "completed" ? 0 : 1
          return
        }
        switch (message.type) {
          case "hello":
            return process.stderr.write(`${helloLine(message)}\n`)
          case "metrics":
            return out(metricsLine(message, fields))
          case "events":
            if (options.events) eventLines(message).forEach(out)
            return
          case "end":
            status = message.status === "completed" ? 0 : 1
            process.stderr.write(
              `Run ${message.status}${message.cyclesCompleted === null ? "" : ` after ${message.cyclesCompleted} cycles`}${message.reason === null ? "" : `: ${message.reason}`}\n`,
            )
            return
          default:
            return
        }
      },
      complete: () => finish(status),
      error: (error: unknown) => {
        process.stderr.write(`hhml: ${errorMessage(error)}\n`)
        finish(1)
      },
    })
  })
}

export interface MonitorCommandHelpers {
  readonly dataDirOption: () => Option
}

/** Adds `hhml monitor` to the program. */
export const registerMonitorCommand = (program: Command, { dataDirOption }: MonitorCommandHelpers): void => {
  program
    .command("monitor")
    .description("follow a run started with --monitor: print its dashboard address, then its metrics and events until it ends; docs/monitoring.md")
    .argument("<run-id | url>", "a run id in <data-dir>/results, or the address printed by --monitor (http://host:port/?token=...)")
    .addOption(dataDirOption())
    .addOption(new Option("--token <token>", "the token, when the URL has none").env("HHML_MONITOR_TOKEN").argParser(tokenArgument))
    .option("--every <seconds>", "print the metrics at most this often (0: every cycle)", secondsArgument, 1)
    .option("--fields <names>", "only these metrics, comma-separated, e.g. vortex_density,vortices")
    .option("--no-events", "leave the events out")
    .option("--json", "print every message as one JSON line (docs/monitoring.md), field frames left out")
    .action(async (target: string, options: MonitorCommandOptions) => {
      process.exitCode = await monitorCommand(target, options)
    })
}
