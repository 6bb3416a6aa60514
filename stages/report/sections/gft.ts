/**
 * Sections of a `gft` run: volume, Hubble rate, Friedmann terms and the
 * per-spin amplitudes against the relational clock χ; peaks of the volume;
 * bounces and recollapses; and the checks its tables allow (conserved E_j
 * and Q_j per spin, the Friedmann terms summing to (V'/3V)²).
 */
import { Effect } from "effect"
import { type BlockError, peakBlocks, queryTable, summaryTable, trajectoryFigure } from "../blocks.js"
import { type Block, type Section, code, paragraph, section, text } from "../document.js"
import { type RunData, type RunTable, findTable, presentColumns } from "../run-data.js"
import type { Check } from "./checks.js"

const friedmannTerms = ["friedmann_classical", "friedmann_energy", "friedmann_quantum", "friedmann_interaction", "friedmann_dispersion"]

/** Per-spin columns `<prefix>_j…`, in table order. */
const spinColumns = (metrics: RunTable, prefix: string) => metrics.columns.filter((c) => c.name.startsWith(`${prefix}_j`)).map((c) => c.name)

const trajectories = (data: RunData, metrics: RunTable): Effect.Effect<Section, BlockError> =>
  Effect.gen(function* () {
    const x = presentColumns(metrics, ["chi"])[0] ?? "cycle"
    const groups = [
      { name: "volume", caption: "Volume V against the relational clock.", y: "volume", columns: presentColumns(metrics, ["volume"]) },
      { name: "hubble", caption: "Effective Hubble rate.", y: "Hubble rate (1/clock)", columns: presentColumns(metrics, ["hubble"]) },
      {
        name: "friedmann",
        caption: "The effective Friedmann equation: hubble_squared and the terms it is the sum of.",
        y: "1/clock²",
        columns: presentColumns(metrics, ["hubble_squared", ...friedmannTerms]),
      },
      { name: "rho", caption: "Amplitude ρ_j of each spin's condensate.", y: "ρ_j", columns: spinColumns(metrics, "rho") },
    ]
    const blocks: Block[] = []
    for (const group of groups) {
      if (group.columns.length === 0) continue
      blocks.push(yield* trajectoryFigure(data, { name: `gft-${group.name}`, caption: [text(group.caption)], table: metrics, columns: group.columns, x, yTitle: group.y }))
    }
    const measured = metrics.columns.filter((c) => c.numeric && !["cycle", "step", "wall_time"].includes(c.name)).map((c) => c.name)
    blocks.push(yield* summaryTable(data, metrics, measured, [text("Every measured column of "), code(metrics.table), text(" over the run.")]))
    const peaks = [
      ...presentColumns(metrics, ["volume"]).flatMap((column) => [
        { column, kind: "minimum" as const },
        { column, kind: "maximum" as const },
      ]),
      ...presentColumns(metrics, ["hubble"]).map((column) => ({ column, kind: "maximum" as const })),
    ]
    blocks.push(...(yield* peakBlocks(data, metrics, peaks)))
    return section("Condensate trajectories", blocks)
  })

const events = (data: RunData): Effect.Effect<Section, BlockError> =>
  Effect.gen(function* () {
    const table = findTable(data, "gft_events")
    if (table === undefined) {
      return section("Bounces and recollapses", [paragraph(text("No bounce or recollapse occurred: the run has no "), code("gft-events"), text(" parts."))])
    }
    return section("Bounces and recollapses", [
      yield* queryTable(data, `SELECT kind, cycle, chi, volume, acceleration FROM gft_events ORDER BY chi`, {
        caption: [text("Every bounce (V' from negative to positive) and recollapse (V' from positive to negative), with the clock, volume and V''/V at the event.")],
        codeColumns: ["kind"],
      }),
    ])
  })

const checks = (metrics: RunTable): Check[] => {
  const source = `"${metrics.table}"`
  const conserved = [...spinColumns(metrics, "e"), ...spinColumns(metrics, "q")].map((column) => ({
    identity: `${column} conserved`,
    quantity: "max - min over the run",
    sql: `SELECT max("${column}") - min("${column}") FROM ${source}`,
    exact: false,
  }))
  const terms = presentColumns(metrics, friedmannTerms)
  const friedmann =
    terms.length === friedmannTerms.length && presentColumns(metrics, ["hubble_squared"]).length === 1
      ? [
          {
            identity: "hubble_squared = sum of the Friedmann terms",
            quantity: "max |hubble_squared - sum of terms| / max |hubble_squared|",
            sql: `SELECT max(abs(hubble_squared - (${terms.join(" + ")}))) / max(abs(hubble_squared)) FROM ${source}`,
            exact: false,
          },
        ]
      : []
  return [...conserved, ...friedmann]
}

export const gftSections = (data: RunData): Effect.Effect<{ sections: Section[]; checks: Check[] }, BlockError> =>
  Effect.gen(function* () {
    const metrics = findTable(data, "gft_metrics")
    if (metrics === undefined) return { sections: [section("Condensate trajectories", [paragraph(text("The run recorded no metrics rows."))])], checks: [] }
    return { sections: [yield* trajectories(data, metrics), yield* events(data)], checks: checks(metrics) }
  })
