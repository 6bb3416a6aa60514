/**
 * Sections for a run of any pipeline the report has no dedicated sections
 * for (and for `train`'s metrics): every table with a cycle column is plotted, its
 * numeric columns grouped by name (rewards and returns, losses, Q-values,
 * control parameters and actions, vortex statistics, then by the first word
 * of the name), summarised, and its peaks (the largest reward or return, the
 * largest vortex density) shown with the whole row at each.
 */
import { Effect } from "effect"
import { type BlockError, peakBlocks, summaryTable, trajectoryFigure } from "../blocks.js"
import { type Block, type Section, code, paragraph, section, text } from "../document.js"
import { type ColumnInfo, type RunData, type RunTable, columnLabel } from "../run-data.js"

/** Columns that time or index the run rather than measure it. */
const bookkeeping = new Set(["step", "time", "wall_time", "episode", "episode_step", "environment", "updates", "total_updates"])

const words = (name: string) => name.toLowerCase().split(/[_\s.-]+/)

const hasWord = (column: ColumnInfo, ...wanted: string[]) => words(column.name).some((w) => wanted.includes(w))

interface Family {
  readonly title: string
  readonly matches: (column: ColumnInfo, all: readonly ColumnInfo[]) => boolean
}

const isAction = (column: ColumnInfo) => words(column.name)[0] === "action"

const families: readonly Family[] = [
  { title: "Rewards and returns", matches: (c) => hasWord(c, "reward", "rewards", "return", "returns") },
  { title: "Losses", matches: (c) => hasWord(c, "loss", "losses") },
  { title: "Q-values", matches: (c) => /^q\d*$/.test(words(c.name)[0] ?? "") },
  {
    // An action column `action_x` and the parameter `x` it sets, where recorded.
    title: "Control parameters and actions",
    matches: (c, all) => isAction(c) || all.some((other) => isAction(other) && other.name === `action_${c.name}`) || /control parameter/i.test(c.description ?? ""),
  },
  { title: "Densities", matches: (c) => hasWord(c, "density") },
  { title: "Vortex counts", matches: (c) => hasWord(c, "vortices", "positive", "negative") },
]

/** Largest number of lines in one plot. */
const seriesPerFigure = 6

export interface ColumnGroup {
  /** The family's title; null for columns grouped by the first word of their names. */
  readonly title: string | null
  readonly columns: readonly string[]
}

/** Numeric measured columns grouped by family, then by first word; groups larger than a plot holds are split. */
export const groupColumns = (columns: readonly ColumnInfo[], cycleColumn: string | null): ColumnGroup[] => {
  const measured = columns.filter((c) => c.numeric && c.name !== cycleColumn && !bookkeeping.has(c.name))
  const groups = new Map<string, { title: string | null; names: string[] }>()
  for (const column of measured) {
    const family = families.find((f) => f.matches(column, measured))?.title ?? null
    const key = family ?? `word:${words(column.name)[0] ?? column.name}`
    const group = groups.get(key) ?? { title: family, names: [] }
    groups.set(key, { ...group, names: [...group.names, column.name] })
  }
  return [...groups.values()].flatMap(({ title, names }) =>
    Array.from({ length: Math.ceil(names.length / seriesPerFigure) }, (_, i) => ({ title, columns: names.slice(i * seriesPerFigure, (i + 1) * seriesPerFigure) })),
  )
}

const figureName = (table: string, group: ColumnGroup) => `${table}-${group.columns[0]!}`.replace(/[^A-Za-z0-9_-]/g, "_")

/** The columns whose largest value is a peak worth its row: the reward or return and the vortex density; else every reward column. */
const headline = ["reward", "return", "episode_return", "mean_reward", "vortex_density"]

const peaksOf = (table: RunTable) => {
  const numeric = table.columns.filter((c) => c.numeric)
  const chosen = numeric.filter((c) => headline.includes(c.name))
  const rewards = chosen.some((c) => c.name !== "vortex_density") ? chosen : [...numeric.filter((c) => families[0]!.matches(c, numeric)), ...chosen]
  return rewards.map((c) => ({ column: c.name, kind: "maximum" as const }))
}

const tableSection = (data: RunData, runTable: RunTable): Effect.Effect<Section, BlockError> =>
  Effect.gen(function* () {
    const groups = groupColumns(runTable.columns, runTable.cycleColumn)
    const blocks: Block[] = []
    for (const group of groups) {
      blocks.push(
        yield* trajectoryFigure(data, {
          name: figureName(runTable.table, group),
          caption: [text(`${group.title ?? "Recorded values"}: `), ...group.columns.flatMap((c, i) => (i === 0 ? [code(c)] : [text(", "), code(c)])), text(".")],
          table: runTable,
          columns: group.columns,
          yTitle: group.title?.toLowerCase() ?? columnLabel(runTable, group.columns[0]!),
        }),
      )
    }
    const measured = groups.flatMap((group) => group.columns)
    if (measured.length > 0) {
      blocks.push(yield* summaryTable(data, runTable, measured, [text("Every measured column of "), code(runTable.table), text(" over the run.")]))
    }
    blocks.push(...(yield* peakBlocks(data, runTable, peaksOf(runTable))))
    if (blocks.length === 0) blocks.push(paragraph(text("The table has no numeric measured column.")))
    return section(`Table ${runTable.table}`, blocks)
  })

export const recordedTableSections = (data: RunData): Effect.Effect<{ sections: Section[]; checks: [] }, BlockError> =>
  Effect.map(
    Effect.forEach(
      data.tables.filter((t) => t.cycleColumn !== null),
      (t) => tableSection(data, t),
    ),
    (sections) => ({ sections, checks: [] }),
  )
