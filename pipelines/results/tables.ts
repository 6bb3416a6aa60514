/**
 * The tables each pipeline writes: the dataset folder in a run directory and
 * the table schema (names, types, units, meanings), for docs/results.md.
 */
import type { TableSchema } from "../../sinks/parquet-dataset.js"
import { eventsTable, metricsTable, worldlinesTable } from "../../stages/simulation/tables.js"

export interface ResultTable {
  readonly pipeline: string
  /** Folder of the dataset in the run directory. */
  readonly folder: string
  /** What one row is. */
  readonly description: string
  readonly schema: TableSchema<never>
}

export const resultTables: readonly ResultTable[] = [
  { pipeline: "simulate", folder: "metrics", description: "One row per cycle: field diagnostics, vortex counts and event counts.", schema: metricsTable },
  {
    pipeline: "simulate",
    folder: "vortex-events",
    description: "One row per vortex event: pair creations and annihilations, moves to another face, entries and exits through a boundary.",
    schema: eventsTable,
  },
  {
    pipeline: "simulate",
    folder: "worldlines",
    description: "One row per vortex worldline that has ended (annihilated or left through a boundary); worldlines alive at the end of a run are not listed.",
    schema: worldlinesTable,
  },
]
