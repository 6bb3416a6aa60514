/**
 * `npm run bench [-- [--quick] [--repeats N] [name...]]`: runs the named
 * benchmarks (all by default), prints a table per benchmark to stdout and
 * writes bench/results/<name>-<timestamp>.json. Usage: bench/README.md.
 */
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { probeBackends } from "../stages/compute/backend.js"
import { charges } from "./charges.js"
import { fieldStep } from "./field-step.js"
import { type Benchmark, defaultSettings, describeMachine, formatTable, machine, type MeasureSettings, quickSettings, writeReport } from "./harness.js"
import { monitor } from "./monitor.js"
import { rl } from "./rl.js"
import { queue } from "./queue.js"
import { simulate } from "./simulate.js"
import { science } from "./science.js"
import { sinks } from "./sinks.js"
import { synthesis, synthesisThreshold } from "./synthesis.js"

const benchmarks: readonly Benchmark[] = [fieldStep, charges, synthesis, synthesisThreshold, simulate, sinks, science, rl, queue, monitor]

const resultsDir = fileURLToPath(new URL("./results/", import.meta.url))

const usage = `Usage: npm run bench -- [options] [name...]

Runs the named benchmarks, or all of them, printing a table for each and
writing bench/results/<name>-<timestamp>.json.

Options:
  --quick        tiny sizes and few repeats (a smoke test of the harness)
  --repeats N    timed repeats per case (default ${defaultSettings.repeats}, ${quickSettings.repeats} with --quick)
  --list         list the benchmarks and exit
  -h, --help     show this help

Benchmarks:
${benchmarks.map((b) => `  ${b.name.padEnd(20)} ${b.description}`).join("\n")}
`

class UsageError extends Error {}

interface Invocation {
  readonly selected: readonly Benchmark[]
  readonly quick: boolean
  readonly settings: MeasureSettings
}

const parse = (args: readonly string[]): Invocation | "help" | "list" => {
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        quick: { type: "boolean", default: false },
        repeats: { type: "string" },
        list: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) return "help"
  if (values.list) return "list"
  const base = values.quick ? quickSettings : defaultSettings
  const repeats = values.repeats === undefined ? base.repeats : Number(values.repeats)
  if (!Number.isSafeInteger(repeats) || repeats < 1) throw new UsageError(`--repeats must be an integer >= 1, got ${JSON.stringify(values.repeats)}`)
  const unknown = positionals.filter((name) => !benchmarks.some((b) => b.name === name))
  if (unknown.length > 0) {
    throw new UsageError(`unknown benchmark ${unknown.map((n) => JSON.stringify(n)).join(", ")}; expected one of ${benchmarks.map((b) => b.name).join(", ")}`)
  }
  const selected = positionals.length === 0 ? benchmarks : benchmarks.filter((b) => positionals.includes(b.name))
  return { selected, quick: values.quick, settings: { ...base, repeats } }
}

const main = async (args: readonly string[]): Promise<number> => {
  let invocation
  try {
    invocation = parse(args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n\n${usage}`)
    return 2
  }
  if (invocation === "help" || invocation === "list") {
    process.stdout.write(invocation === "help" ? usage : `${benchmarks.map((b) => b.name).join("\n")}\n`)
    return 0
  }
  const { selected, quick, settings } = invocation
  const host = machine()
  const backends = await probeBackends()
  const available = backends.filter((probe) => probe.available).map((probe) => probe.name)
  const startedAt = new Date()
  process.stdout.write(
    `Machine: ${describeMachine(host)}\ntfjs backends: ${available.join(", ") || "none"}\n` +
      `Timing: median of ${settings.repeats} batches of about ${settings.targetMs} ms after ${settings.warmup} warm-up batch${settings.warmup === 1 ? "" : "es"}${quick ? " (quick sizes)" : ""}\n`,
  )
  const context = { quick, settings, backends: available, log: (line: string) => process.stderr.write(`  ${line}\n`) }
  for (const benchmark of selected) {
    const began = performance.now()
    process.stderr.write(`${benchmark.name}: ${benchmark.description}\n`)
    const results = await benchmark.run(context)
    const path = writeReport(resultsDir, { benchmark, results, startedAt, quick, settings, machine: host, backends })
    const seconds = ((performance.now() - began) / 1000).toFixed(1)
    process.stdout.write(`\n## ${benchmark.name} (${seconds} s)\n\n${formatTable(results)}\n\nWrote ${path}\n`)
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
