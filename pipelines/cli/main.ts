#!/usr/bin/env node
/**
 * The `hhml` command line.
 */
import { Command, CommanderError, Option } from "commander"
import { configReference } from "../config/reference.js"
import { configText, describeConfig } from "../config/describe.js"
import { findPipeline, pipelines } from "../registry.js"
import { hhmlVersion } from "../project.js"
import { doctorCommand } from "./doctor.js"
import { type OutputFormat, outputFormats } from "../results/format.js"
import { resultsReference } from "../results/reference.js"
import { queryCommand, runsCommand } from "./results-commands.js"
import { controlsMarkdown } from "../../stages/rl/envs/vortex-control/reference.js"
import { configsFor, dryRun, runCommand } from "./run-command.js"
import { type MonitorRunOptions, monitorOptions, monitorSettings, registerMonitorCommand } from "./monitor-command.js"
import { registerSweepCommands } from "./sweep-command.js"
import { registerWorkerCommand } from "./worker-command.js"
import { registerWhitepaperCommand } from "./whitepaper-command.js"

const collect = (value: string, previous: string[]) => [...previous, value]

const dataDirOption = () =>
  new Option("--data-dir <dir>", "data folder").default(process.env.HHML_DATA_DIR ?? "data").env("HHML_DATA_DIR")

const formatOption = () =>
  new Option("-f, --format <format>", "output format (default: table on a terminal, csv otherwise)").choices(outputFormats)

const usageError = (message: string): never => {
  throw new CommanderError(2, "hhml.usage", message)
}

const program = new Command()
  .name("hhml")
  .description("HHmL: topological field simulation, reinforcement learning, analysis and reports as typed stream pipelines")
  .version(hhmlVersion, "-V, --version")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride()
  // Lets a subcommand's subcommand (`sweep status`) take options of the same names as its parent.
  .enablePositionalOptions()

program
  .command("run")
  .description("run a pipeline; results go to <data-dir>/results/<run-id>/")
  .argument("<pipeline>", `one of: ${pipelines.map((p) => p.name).join(", ")}`)
  .option("-c, --config <file>", "YAML config: a path or a name in configs/ (default: configs/<pipeline>.yaml)")
  .option("-s, --set <key=value>", "override one config key, e.g. --set dynamics.dt=0.02 (repeatable)", collect, [])
  .addOption(dataDirOption())
  .option("--dry-run", "validate the config and print it resolved; run nothing, write nothing")
  .option("--resume <run-id>", "continue a stopped run from its newest checkpoint (only --set run.cycles=N may change)")
  .addOption(monitorOptions.monitor())
  .addOption(monitorOptions.host())
  .addOption(monitorOptions.token())
  .addOption(monitorOptions.origin())
  .addOption(monitorOptions.fps())
  .action(async (name: string, options: { config?: string; set: string[]; dataDir: string; dryRun?: boolean; resume?: string } & MonitorRunOptions) => {
    const pipeline = findPipeline(name) ?? usageError(`unknown pipeline "${name}"; available: ${pipelines.map((p) => p.name).join(", ")}`)
    process.exitCode = options.dryRun
      ? await dryRun(pipeline, options)
      : await runCommand(pipeline, { ...options, monitoring: monitorSettings(options) }, process.argv.slice(1))
  })

program
  .command("list")
  .description("list pipelines and their shipped configs")
  .option("--keys", "also list every config key with its default, accepted values and meaning")
  .option("--markdown", "print the config reference as Markdown (docs/configuration.md)")
  .option("--results-markdown", "print the results reference (tables, columns, layout, examples) as Markdown (docs/results.md)")
  .option("--controls-markdown", "print the vortex-control registry and the original parameter names as Markdown (docs/control-parameters.md)")
  .action((options: { keys?: boolean; markdown?: boolean; resultsMarkdown?: boolean; controlsMarkdown?: boolean }) => {
    if (options.markdown) {
      process.stdout.write(configReference(pipelines))
      return
    }
    if (options.resultsMarkdown) {
      process.stdout.write(resultsReference())
      return
    }
    if (options.controlsMarkdown) {
      process.stdout.write(controlsMarkdown())
      return
    }
    for (const pipeline of pipelines) {
      process.stdout.write(`${pipeline.name}\n  ${pipeline.description}\n  configs: ${configsFor(pipeline.name).join(", ")}\n`)
      if (options.keys) process.stdout.write(`${configText(describeConfig(pipeline.schema))}\n`)
    }
  })

program
  .command("query")
  .description("run SQL (DuckDB) over the results of every run: one view per table (metrics, vortex_events, worldlines, ...) with a run_id column, and a runs view; see docs/results.md")
  .argument("<sql>", 'the query, e.g. "SELECT run_id, max(vortices) FROM metrics GROUP BY run_id"')
  .addOption(dataDirOption())
  .addOption(formatOption())
  .option("-r, --run <id>", "only this run (repeatable; default: every run)", collect, [])
  .action(async (sql: string, options: { dataDir: string; format?: OutputFormat; run: string[] }) => {
    process.exitCode = await queryCommand(sql, options)
  })

program
  .command("runs")
  .description("list the runs: id, pipeline, status, cycles, start, and the final vortex_density and vortices of runs with metrics")
  .addOption(dataDirOption())
  .addOption(formatOption())
  .option("-r, --run <id>", "only this run (repeatable; default: every run)", collect, [])
  .action(async (options: { dataDir: string; format?: OutputFormat; run: string[] }) => {
    process.exitCode = await runsCommand(options)
  })

registerSweepCommands(program, { collect, dataDirOption, formatOption, usageError })
registerMonitorCommand(program, { dataDirOption })
registerWorkerCommand(program, { dataDirOption })
registerWhitepaperCommand(program, { dataDirOption })

program
  .command("doctor")
  .description("show Node, cores, memory, GPUs, tfjs backends (and the one chosen), the hardware tier with its sizes, and optional system programs")
  .option("--json", "machine-readable output")
  .option("--no-backends", "do not load the tfjs backends (quick, no CUDA initialised: the containers' health check)")
  .action(async (options: { json?: boolean; backends: boolean }) => {
    process.exitCode = await doctorCommand(options)
  })

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (!(error instanceof CommanderError)) throw error
  // Help and version are "errors" to commander's exitOverride, with exit code 0.
  if (error.exitCode !== 0 && error.code === "hhml.usage") process.stderr.write(`hhml: ${error.message}\n`)
  process.exitCode = error.exitCode === 0 ? 0 : 2
}
