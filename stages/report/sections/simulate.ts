/**
 * Sections of a `simulate` run: field and vortex trajectories from
 * `metrics`, peaks with the row at each, vortex events and worldline
 * lifetimes, and the invariant checks its tables allow (charge bookkeeping,
 * event counts across tables, the net charge on closed surfaces, norm and
 * energy of the NLS).
 */
import { Effect } from "effect"
import { sqlIdentifier } from "../../../pipelines/results/duckdb.js"
import type { QueryError } from "../../../pipelines/results/query.js"
import { type BlockError, barFigure, peakBlocks, queryRows, queryTable, summaryTable, trajectoryFigure } from "../blocks.js"
import { type Block, type Section, code, paragraph, section, text } from "../document.js"
import { type RunData, type RunTable, findTable, presentColumns } from "../run-data.js"
import type { Check } from "./checks.js"

/** The metrics columns plotted together, with the figure's name, caption and y axis. */
const metricGroups = [
  { name: "vortex-density", title: "Vortex density: faces with a nonzero charge over all faces.", y: "vortex density", columns: ["vortex_density"] },
  { name: "vortex-counts", title: "Vortex counts: charged faces, by sign, and live worldlines.", y: "count", columns: ["vortices", "n_positive", "n_negative", "worldlines"] },
  { name: "norm", title: "Norm of the field.", y: "norm (field²)", columns: ["norm"] },
  { name: "energy", title: "Energy: the conserved NLS energy (absent for the CGLE) and the kinetic energy.", y: "energy (field²)", columns: ["energy", "kinetic_energy"] },
  { name: "amplitude", title: "Amplitude and phase coherence.", y: "value", columns: ["mean_amplitude", "max_amplitude", "phase_coherence"] },
  { name: "vortex-events-per-cycle", title: "Vortex events per cycle.", y: "events", columns: ["pair_creations", "pair_annihilations", "entries", "exits", "moves"] },
] as const

/** Columns that count or time the run rather than measure the field. */
const bookkeeping = new Set(["cycle", "step", "time", "wall_time"])

/** Columns with at least one non-null value. */
const recordedColumns = (data: RunData, runTable: RunTable, columns: readonly string[]): Effect.Effect<string[], QueryError> =>
  columns.length === 0
    ? Effect.succeed([])
    : Effect.map(
        queryRows(data, `SELECT ${columns.map((c, i) => `count(${sqlIdentifier(c)}) AS c${i}`).join(", ")} FROM ${sqlIdentifier(runTable.table)}`),
        ([counts]) => columns.filter((_, i) => Number(counts?.[`c${i}`] ?? 0) > 0),
      )

const trajectories = (data: RunData, metrics: RunTable): Effect.Effect<Section, BlockError> =>
  Effect.gen(function* () {
    const blocks: Block[] = []
    for (const group of metricGroups) {
      const columns = yield* recordedColumns(data, metrics, presentColumns(metrics, group.columns))
      if (columns.length === 0) continue
      blocks.push(yield* trajectoryFigure(data, { name: `metrics-${group.name}`, caption: [text(group.title)], table: metrics, columns, yTitle: group.y }))
    }
    const measured = metrics.columns.filter((c) => c.numeric && !bookkeeping.has(c.name)).map((c) => c.name)
    blocks.push(yield* summaryTable(data, metrics, measured, [text("Every measured column of "), code("metrics"), text(" over the run.")]))
    const peaks = presentColumns(metrics, ["vortex_density"]).flatMap((column) => [
      { column, kind: "maximum" as const },
      { column, kind: "minimum" as const },
    ])
    blocks.push(...(yield* peakBlocks(data, metrics, peaks)))
    return section("Field and vortex trajectories", blocks)
  })

const lifetimeBins = 40

const events = (data: RunData): Effect.Effect<Section, BlockError> =>
  Effect.gen(function* () {
    const blocks: Block[] = []
    const eventTable = findTable(data, "vortex_events")
    if (eventTable === undefined) {
      blocks.push(paragraph(text("No vortex event was recorded: the run has no "), code("vortex-events"), text(" parts.")))
    } else {
      blocks.push(
        yield* queryTable(
          data,
          `SELECT kind, count(*) AS "events", count(DISTINCT cycle) AS "cycles with events", min(cycle) AS "first cycle", max(cycle) AS "last cycle" ` +
            `FROM vortex_events GROUP BY kind ORDER BY kind`,
          { caption: [text("Vortex events by kind.")], codeColumns: ["kind"] },
        ),
      )
    }
    const worldlines = findTable(data, "worldlines")
    if (worldlines === undefined) {
      blocks.push(paragraph(text("No worldline ended during the run: the run has no "), code("worldlines"), text(" parts.")))
    } else {
      blocks.push(
        yield* queryTable(
          data,
          `SELECT origin, "end", count(*) AS "worldlines", min(lifetime) AS "min lifetime", median(lifetime) AS "median lifetime", ` +
            `avg(lifetime) AS "mean lifetime", max(lifetime) AS "max lifetime" FROM worldlines GROUP BY ALL ORDER BY ALL`,
          {
            caption: [text("Ended worldlines by how they began and ended; lifetimes in cycles (a lower bound for origin initial). Worldlines alive at the end of the run are not recorded.")],
            codeColumns: ["origin", "end"],
          },
        ),
      )
      const [range] = yield* queryRows(data, "SELECT min(lifetime) AS lo, max(lifetime) AS hi FROM worldlines")
      const width = Math.max(1, Math.ceil((Number(range?.hi ?? 0) - Number(range?.lo ?? 0) + 1) / lifetimeBins))
      blocks.push(
        yield* barFigure(data, {
          name: "worldline-lifetimes",
          caption: [text("Lifetimes of the ended worldlines: how many fall in each range of cycles.")],
          sql:
            `SELECT floor(lifetime / ${width}) * ${width} AS "from", floor(lifetime / ${width}) * ${width} + ${width} AS "to", count(*) AS "worldlines" ` +
            `FROM worldlines GROUP BY ALL ORDER BY ALL`,
          chart: { x: { start: "from", end: "to", title: "lifetime (cycles)" }, y: { field: "worldlines", title: "worldlines" } },
        }),
      )
    }
    return section("Vortex events and worldlines", blocks)
  })

const closedOrientable = new Set(["torus", "sphere"])

/** The identities the recorded simulate tables can be checked against. */
const checks = (data: RunData, metrics: RunTable): Check[] => {
  const config = data.config as { lattice?: { geometry?: string }; dynamics?: { model?: string } }
  const geometry = config.lattice?.geometry
  const has = (name: string) => metrics.columns.some((c) => c.name === name)
  const list: Check[] = []
  if (has("vortices") && has("n_positive") && has("n_negative")) {
    list.push({
      identity: "vortices = n_positive + n_negative (charges are -1, 0 or 1)",
      quantity: "cycles where it fails",
      sql: "SELECT count(*) FILTER (WHERE vortices <> n_positive + n_negative) FROM metrics",
      exact: true,
    })
  }
  if (geometry !== undefined && closedOrientable.has(geometry) && has("net_charge")) {
    list.push({
      identity: `sum of face charges = 0 on a closed orientable surface (${geometry})`,
      quantity: "cycles where net_charge is not 0",
      sql: "SELECT count(*) FILTER (WHERE net_charge <> 0) FROM metrics",
      exact: true,
    })
  }
  if (geometry === "klein" && has("net_charge")) {
    list.push({
      identity: "sum of face charges is even on the Klein bottle",
      quantity: "cycles where net_charge is odd",
      sql: "SELECT count(*) FILTER (WHERE net_charge % 2 <> 0) FROM metrics",
      exact: true,
    })
  }
  const eventTable = findTable(data, "vortex_events")
  const eventCounts = [
    ["pair_creations", "creation"],
    ["pair_annihilations", "annihilation"],
    ["entries", "entry"],
    ["exits", "exit"],
    ["moves", "move"],
  ] as const
  for (const [column, kind] of eventCounts) {
    if (!has(column)) continue
    const events = eventTable === undefined ? "0" : `(SELECT count(*) FROM vortex_events WHERE kind = '${kind}')`
    list.push({
      identity: `${column} in metrics, summed over cycles = ${kind} rows in vortex_events`,
      quantity: "difference",
      sql: `SELECT coalesce(sum(${column}), 0) - ${events} FROM metrics`,
      exact: true,
    })
  }
  if (config.dynamics?.model === "nls" && has("norm") && has("energy")) {
    list.push(
      {
        identity: "norm conserved (NLS)",
        quantity: "max |norm - norm at the first cycle| / norm at the first cycle",
        sql: "SELECT max(abs(norm - n0) / abs(n0)) FROM metrics, (SELECT arg_min(norm, cycle) AS n0 FROM metrics)",
        exact: false,
      },
      {
        identity: "energy conserved (NLS)",
        quantity: "max |energy - energy at the first cycle| / |energy at the first cycle|",
        sql: "SELECT max(abs(energy - e0) / abs(e0)) FROM metrics, (SELECT arg_min(energy, cycle) AS e0 FROM metrics)",
        exact: false,
      },
    )
  }
  return list
}

export const simulateSections = (data: RunData): Effect.Effect<{ sections: Section[]; checks: Check[] }, BlockError> =>
  Effect.gen(function* () {
    const metrics = findTable(data, "metrics")
    if (metrics === undefined) {
      return { sections: [section("Field and vortex trajectories", [paragraph(text("The run recorded no metrics rows."))])], checks: [] }
    }
    return { sections: [yield* trajectories(data, metrics), yield* events(data)], checks: checks(data, metrics) }
  })
