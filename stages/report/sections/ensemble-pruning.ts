/**
 * Sections of an `ensemble-pruning` run: pruning, coherence, entropies and
 * residue statistics per cycle; the reference comparison with its recorded
 * caveat; the branch coherences and rotation-curve proxy at the last cycle;
 * and the checks its tables allow (bookkeeping of survivors, the entropy
 * bounds, the dark fraction in [0, 1]).
 */
import { Effect } from "effect"
import { type BlockError, barFigure, lineFigure, peakBlocks, queryRows, queryTable, summaryTable, trajectoryFigure } from "../blocks.js"
import { type Block, type Section, code, paragraph, section, text } from "../document.js"
import { type RunData, type RunTable, findTable, presentColumns } from "../run-data.js"
import type { Check } from "./checks.js"

const groups = [
  { name: "dark-fraction", caption: "Dark (pruned) mass fraction and the coherence threshold applied.", y: "fraction, threshold", columns: ["dark_fraction", "threshold"] },
  { name: "survivors", caption: "Surviving and pruned branches.", y: "branches", columns: ["survivors", "pruned"] },
  { name: "coherence", caption: "Coherence of the branches with the ensemble mean.", y: "coherence", columns: ["mean_coherence", "min_coherence", "max_coherence"] },
  { name: "entropies", caption: "Entropies of the branch masses and of the coherence histogram.", y: "entropy (nats)", columns: ["mass_entropy", "coherence_entropy"] },
  { name: "residue", caption: "Residue statistics of the surviving branches' vortices.", y: "value", columns: ["box_dimension", "hopkins"] },
  { name: "survivor-vortices", caption: "Mean vortex count of the surviving branches.", y: "faces", columns: ["survivor_vortices"] },
]

const coherenceBins = 20

const perCycle = (data: RunData, metrics: RunTable): Effect.Effect<Section, BlockError> =>
  Effect.gen(function* () {
    const blocks: Block[] = []
    for (const group of groups) {
      const columns = presentColumns(metrics, group.columns)
      if (columns.length === 0) continue
      blocks.push(yield* trajectoryFigure(data, { name: `ensemble-${group.name}`, caption: [text(group.caption)], table: metrics, columns, yTitle: group.y }))
    }
    const measured = metrics.columns.filter((c) => c.numeric && !["cycle", "step", "time", "wall_time"].includes(c.name)).map((c) => c.name)
    blocks.push(yield* summaryTable(data, metrics, measured, [text("Every measured column of "), code(metrics.table), text(" over the run.")]))
    blocks.push(
      yield* queryTable(
        data,
        `SELECT pruning, reference_fraction AS "reference fraction", count(*) AS "cycles", min(reference_gap) AS "min gap", max(reference_gap) AS "max gap", ` +
          `reference_note AS "caveat (as recorded)" FROM ${metrics.table} GROUP BY ALL ORDER BY ALL`,
        { caption: [text("Comparison of the dark fraction with the reference fraction (gap = dark_fraction - reference_fraction), with the caveat the run recorded.")], codeColumns: ["pruning"] },
      ),
    )
    const peaks = [
      ...presentColumns(metrics, ["dark_fraction"]).map((column) => ({ column, kind: "maximum" as const })),
      ...presentColumns(metrics, ["mean_coherence"]).map((column) => ({ column, kind: "minimum" as const })),
    ]
    blocks.push(...(yield* peakBlocks(data, metrics, peaks)))
    return section("Pruning over the run", blocks)
  })

const lastCycle = (data: RunData): Effect.Effect<Section | null, BlockError> =>
  Effect.gen(function* () {
    const blocks: Block[] = []
    if (findTable(data, "ensemble_branches") !== undefined) {
      blocks.push(
        yield* barFigure(data, {
          name: "branch-coherence",
          caption: [text("Coherence of every branch at the last cycle: branches per equal coherence bin, pruned and surviving together.")],
          sql:
            `SELECT least(floor(coherence * ${coherenceBins}), ${coherenceBins - 1}) / ${coherenceBins} AS "from", ` +
            `(least(floor(coherence * ${coherenceBins}), ${coherenceBins - 1}) + 1) / ${coherenceBins} AS "to", count(*) AS "branches" ` +
            `FROM ensemble_branches WHERE cycle = (SELECT max(cycle) FROM ensemble_branches) GROUP BY ALL ORDER BY ALL`,
          chart: { x: { start: "from", end: "to", title: "coherence" }, y: { field: "branches", title: "branches" } },
        }),
      )
    }
    if (findTable(data, "rotation_curve") !== undefined) {
      const [filled] = yield* queryRows(data, "SELECT count(mean_current) AS n FROM rotation_curve WHERE cycle = (SELECT max(cycle) FROM rotation_curve)")
      if (Number(filled?.n ?? 0) > 0) {
        blocks.push(
          yield* lineFigure(data, {
            name: "rotation-curve",
            caption: [text("Rotation-curve proxy at the last cycle: mean phase-gradient current |J| against the distance from the lattice centroid (bin centres).")],
            sql:
              `SELECT (radius_min + radius_max) / 2 AS radius, mean_current FROM rotation_curve ` +
              `WHERE cycle = (SELECT max(cycle) FROM rotation_curve) AND mean_current IS NOT NULL ORDER BY bin`,
            chart: { x: { field: "radius", title: "distance (length)" }, y: { title: "mean |J| (field² / length)" }, series: [{ field: "mean_current", label: "mean_current" }], points: true },
          }),
        )
      }
    }
    return blocks.length === 0 ? null : section("Branches at the last cycle", blocks)
  })

const checks = (data: RunData, metrics: RunTable): Check[] => {
  const table = metrics.table
  const bins = (data.config as { ensemble?: { coherenceBins?: number } }).ensemble?.coherenceBins
  const list: Check[] = [
    { identity: "survivors + pruned = branches", quantity: "cycles where it fails", sql: `SELECT count(*) FILTER (WHERE survivors + pruned <> branches) FROM ${table}`, exact: true },
    {
      identity: "0 ≤ dark_fraction ≤ 1",
      quantity: "cycles outside [0, 1]",
      sql: `SELECT count(*) FILTER (WHERE dark_fraction < 0 OR dark_fraction > 1) FROM ${table}`,
      exact: true,
    },
    {
      identity: "mass entropy ≤ ln(branches)",
      quantity: "largest mass_entropy - ln(branches) (≤ 0 up to rounding when the bound holds)",
      sql: `SELECT max(mass_entropy - ln(branches)) FROM ${table}`,
      exact: false,
    },
  ]
  if (typeof bins === "number") {
    list.push({
      identity: "coherence entropy ≤ ln(ensemble.coherenceBins)",
      quantity: "largest coherence_entropy - ln(ensemble.coherenceBins) (≤ 0 up to rounding when the bound holds)",
      sql: `SELECT max(coherence_entropy - ln(${bins})) FROM ${table}`,
      exact: false,
    })
  }
  if (findTable(data, "ensemble_branches") !== undefined) {
    list.push({
      identity: "survivors = branches not pruned in ensemble_branches",
      quantity: "cycles where they differ",
      sql:
        `SELECT count(*) FROM ${table} m JOIN (SELECT cycle, count(*) FILTER (WHERE NOT pruned) AS kept FROM ensemble_branches GROUP BY cycle) b ` +
        `ON b.cycle = m.cycle WHERE b.kept <> m.survivors`,
      exact: true,
    })
  }
  return list
}

export const ensemblePruningSections = (data: RunData): Effect.Effect<{ sections: Section[]; checks: Check[] }, BlockError> =>
  Effect.gen(function* () {
    const metrics = findTable(data, "ensemble_metrics")
    if (metrics === undefined) return { sections: [section("Pruning over the run", [paragraph(text("The run recorded no metrics rows."))])], checks: [] }
    const last = yield* lastCycle(data)
    return { sections: [yield* perCycle(data, metrics), ...(last === null ? [] : [last])], checks: checks(data, metrics) }
  })
