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
import { type Observable, asyncScheduler, filter, merge, share, throttleTime } from "rxjs"
import { readMonitorAddress } from "../../sinks/monitor/address-file.js"
import { type MonitorMessage, monitorMessages, reconnecting, websocketUrl } from "../../sinks/monitor/client.js"
import type { EndMessage, EventsMessage, HelloMessage, MetricsMessage } from "../../sinks/monitor/protocol.js"
import { type Relay, startRelay } from "../../sinks/monitor/relay.js"
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

const exposureWarning = (host: string): string =>
  loopback.has(host)
    ? ""
    : `  Warning: the monitor listens on ${host}: anyone who can reach this machine with the token can watch, and the token travels unencrypted (prefer an SSH tunnel or a TLS proxy)\n`

/** What `hhml run --monitor` prints when the run starts. */
export const monitorBanner = (url: string, host: string, runId: string): string =>
  `Monitor: ${url}\n  (from another terminal: hhml monitor ${runId})\n${exposureWarning(host)}`

interface MonitorCommandOptions extends Omit<MonitorRunOptions, "monitor" | "monitorFps"> {
  readonly dataDir: string
  readonly token?: string
  /** Whether `token` came from HHML_MONITOR_TOKEN rather than the flag: then a URL's own token, or the run's, comes first. */
  readonly tokenFromEnvironment?: boolean
  /** `--serve` alone is true; with a port, the port. */
  readonly serve?: true | number
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
      const own = URL.canParse(given) ? new URL(given).searchParams.get("token") : null
      const url = websocketUrl(given, options.tokenFromEnvironment === true ? (own ?? options.token) : options.token)
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
  const url = websocketUrl(found.address.websocket, options.tokenFromEnvironment === true ? found.token : (options.token ?? found.token))
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

const endLine = (message: EndMessage): string =>
  `Run ${message.status}${message.cyclesCompleted === null ? "" : ` after ${message.cyclesCompleted} cycles`}${message.reason === null ? "" : `: ${message.reason}`}`

const retryLine = (reason: string, delayMs: number): string => `hhml: ${reason}; reconnecting in ${(delayMs / 1000).toFixed(1)} s`

/**
 * Prints a run's messages (metrics at most every `options.every` seconds)
 * until the run ends; resolves to the exit status. `stop` runs before the
 * command returns, whatever ended it.
 */
const follow = (messages: Observable<MonitorMessage>, options: MonitorCommandOptions, stop: () => Promise<void>): Promise<number> => {
  const fields = options.fields === undefined ? null : options.fields.split(",").map((f) => f.trim()).filter((f) => f !== "")
  const out = (line: string) => process.stdout.write(`${line}\n`)
  const shared = messages.pipe(share())
  const shown = options.json
    ? shared
    : merge(
        shared.pipe(filter((m) => m.type !== "metrics")),
        shared.pipe(
          filter((m): m is MetricsMessage => m.type === "metrics"),
          throttleTime(options.every * 1000, asyncScheduler, { leading: true, trailing: true }),
        ),
      )
  return new Promise<number>((resolve) => {
    let status = 1
    let finished = false
    const finish = (code: number) => {
      if (finished) return
      finished = true
      process.off("SIGINT", onSignal)
      process.off("SIGTERM", onSignal)
      subscription.unsubscribe()
      void stop().then(() => resolve(code))
    }
    const onSignal = (signal: NodeJS.Signals) => finish(signalExitCode(signal))
    process.on("SIGINT", onSignal)
    process.on("SIGTERM", onSignal)
    const subscription = shown.subscribe({
      next: (message) => {
        if (message.type === "end") status = message.status === "completed" ? 0 : 1
        if (options.json) {
          if (message.type !== "frame") out(JSON.stringify(message))
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
          case "upstream":
            return process.stderr.write(message.state === "live" ? "Connected to the run\n" : `${retryLine(message.reason ?? "not connected to the run", message.retryInMs ?? 0)}\n`)
          case "end":
            return process.stderr.write(`${endLine(message)}\n`)
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

/** The relay's settings from the `--serve` and `--monitor-*` flags. */
const relaySettings = (options: MonitorCommandOptions, port: number): MonitorSettings => ({
  host: options.monitorHost,
  port,
  ...(options.monitorToken === undefined ? {} : { token: options.monitorToken }),
  ...(options.monitorOrigin === undefined ? {} : { origins: options.monitorOrigin }),
})

/** Serves the run's dashboard from a relay while following it in the terminal; resolves to the exit status. */
const serve = async (target: Target, options: MonitorCommandOptions, port: number): Promise<number> => {
  let relay: Relay
  try {
    relay = await startRelay(target.url, relaySettings(options, port))
  } catch (error) {
    process.stderr.write(`hhml: ${errorMessage(error)}\n`)
    return 1
  }
  process.stderr.write(`Relaying ${target.dashboard.replace(/\?token=.*$/, "")}\nMonitor: ${relay.url}\n${exposureWarning(relay.host)}`)
  return follow(relay.messages, options, relay.close)
}

/** Follows a monitored run in the terminal, or with `--serve` relays its dashboard too; resolves to the exit status. */
export const monitorCommand = async (given: string, options: MonitorCommandOptions): Promise<number> => {
  const resolved = await resolveTarget(given, options)
  if ("error" in resolved) {
    process.stderr.write(`hhml: ${resolved.error}\n`)
    return resolved.status
  }
  if (options.serve !== undefined) return serve(resolved.target, options, options.serve === true ? 0 : options.serve)
  const { url, dashboard } = resolved.target
  process.stderr.write(`Dashboard: ${dashboard}\n`)
  // One connection, shared by the metrics and the other messages.
  const messages = reconnecting(monitorMessages(url), (error, delay) => process.stderr.write(`${retryLine(errorMessage(error), delay)}\n`))
  return follow(messages, options, () => Promise.resolve())
}

export interface MonitorCommandHelpers {
  readonly dataDirOption: () => Option
}

/** Adds `hhml monitor` to the program. */
export const registerMonitorCommand = (program: Command, { dataDirOption }: MonitorCommandHelpers): void => {
  program
    .command("monitor")
    .description(
      "follow a run started with --monitor: print its dashboard address, then its metrics and events until it ends; with --serve, also serve its dashboard from here (a relay); docs/monitoring.md",
    )
    .argument("<run-id | url>", "a run id in <data-dir>/results, or the address printed by --monitor (http://host:port/?token=...)")
    .addOption(dataDirOption())
    .addOption(
      new Option("--token <token>", "the run's token, when the URL has none (HHML_MONITOR_TOKEN comes after the URL's and the run directory's)").env("HHML_MONITOR_TOKEN").argParser(tokenArgument),
    )
    .option("--every <seconds>", "print the metrics at most this often (0: every cycle)", secondsArgument, 1)
    .option("--fields <names>", "only these metrics, comma-separated, e.g. vortex_density,vortices")
    .option("--no-events", "leave the events out")
    .option("--json", "print every message as one JSON line (docs/monitoring.md), field frames left out")
    .addOption(
      new Option("--serve [port]", "also serve the run's dashboard from here at http://127.0.0.1:<port>/, with a token of its own (no port or 0: any free one)").argParser(portArgument),
    )
    .addOption(monitorOptions.host())
    .addOption(monitorOptions.token())
    .addOption(monitorOptions.origin())
    .action(async (target: string, options: MonitorCommandOptions, command: Command) => {
      process.exitCode = await monitorCommand(target, { ...options, tokenFromEnvironment: command.getOptionValueSource("token") === "env" })
    })
}
