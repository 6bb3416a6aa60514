/**
 * Sections of a `train` run: the learning curve (the return of every finished
 * episode against the cycle it ended at, with a rolling mean, and the mean
 * return per block of consecutive episodes), then its metrics table plotted
 * as for any pipeline; and the checks its rows allow (docs/training.md): each
 * step's reward is the sum of its recorded components, and each episode's
 * return is the sum of its steps' rewards.
 */
import { Effect } from "effect"
import { type BlockError, lineFigure, queryRows, queryTable } from "../blocks.js"
import { type Section, code, paragraph, section, text } from "../document.js"
import { type RunData, type RunTable, findTable, presentColumns } from "../run-data.js"
import type { Check } from "./checks.js"
import { recordedTableSections } from "./recorded-tables.js"

const metricsTable = "training_metrics"

/** Episodes in the rolling mean of the learning curve. */
const rollingEpisodes = 10
/** Blocks of consecutive episodes in the summary table, at most. */
const blocks = 10

const finished = `SELECT * FROM ${metricsTable} WHERE episode_return IS NOT NULL`

/** Per cycle at which episodes ended: their mean return, and the mean of the latest `rollingEpisodes` episodes. */
const curveSql =
  `WITH ended AS (SELECT cycle, environment, episode_return, ` +
  `avg(episode_return) OVER (ORDER BY cycle, environment ROWS BETWEEN ${rollingEpisodes - 1} PRECEDING AND CURRENT ROW) AS rolling_mean, ` +
  `row_number() OVER (PARTITION BY cycle ORDER BY environment DESC) AS from_last FROM (${finished})) ` +
  `SELECT cycle, avg(episode_return) AS episode_return, max(CASE WHEN from_last = 1 THEN rolling_mean END) AS rolling_mean FROM ended GROUP BY cycle ORDER BY cycle`

const blocksSql = (episodes: number, endedEarly: boolean) => {
  const size = Math.ceil(episodes / blocks)
  return (
    `WITH ended AS (SELECT *, row_number() OVER (ORDER BY cycle, environment) - 1 AS k FROM (${finished})) ` +
    `SELECT min(k) + 1 AS first_episode, max(k) + 1 AS last_episode, min(cycle) AS first_cycle, max(cycle) AS last_cycle, ` +
    `avg(episode_return) AS mean_return, min(episode_return) AS worst_return, max(episode_return) AS best_return` +
    (endedEarly ? `, count(end_reason) AS ended_early` : "") +
    ` FROM ended GROUP BY k // ${size} ORDER BY first_episode`
  )
}

const learningSection = (data: RunData, metrics: RunTable): Effect.Effect<Section, BlockError> =>
  Effect.gen(function* () {
    const [counted] = yield* queryRows(data, `SELECT count(*) AS episodes FROM (${finished})`)
    const episodes = Number(counted?.episodes ?? 0)
    if (episodes === 0) return section("Learning", [paragraph(text("No episode finished during the run: there is no return to show."))])
    const endedEarly = presentColumns(metrics, ["end_reason"]).length === 1
    return section("Learning", [
      yield* lineFigure(data, {
        name: "learning-curve",
        caption: [
          text("Return of the episodes that ended at each cycle ("),
          code("episode_return"),
          text(", their mean where several environments ended together) and the mean over the ten latest episodes ("),
          code("rolling_mean"),
          text(")."),
        ],
        sql: curveSql,
        chart: {
          x: { field: "cycle", title: "cycle", integer: true },
          y: { title: "episode return" },
          series: [
            { field: "episode_return", label: "episode_return" },
            { field: "rolling_mean", label: "rolling_mean" },
          ],
        },
      }),
      yield* queryTable(data, blocksSql(episodes, endedEarly), {
        caption: [
          text("The finished episodes in order, in up to ten blocks of consecutive episodes: the mean, worst and best return of each"),
          ...(endedEarly ? [text(", and how many ended early (with an "), code("end_reason"), text(")")] : []),
          text("."),
        ],
      }),
    ])
  })

const checks = (metrics: RunTable): Check[] => {
  const components = metrics.columns.filter((c) => c.name.startsWith("reward_")).map((c) => `"${c.name}"`)
  const sum =
    components.length > 0 && presentColumns(metrics, ["reward"]).length === 1
      ? [
          {
            identity: "reward = sum of its components",
            quantity: "max |reward - sum of reward_* columns|",
            sql: `SELECT max(abs(reward - (${components.join(" + ")}))) FROM ${metricsTable}`,
            exact: false,
          },
        ]
      : []
  const episodeReturn =
    presentColumns(metrics, ["reward", "episode_return", "episode", "environment"]).length === 4
      ? [
          {
            identity: "episode_return = sum of the episode's rewards",
            quantity: "max |episode_return - sum of reward| over finished episodes",
            sql:
              `SELECT max(abs(e.episode_return - s.total)) FROM (${finished}) e ` +
              `JOIN (SELECT environment, episode, sum(reward) AS total FROM ${metricsTable} GROUP BY environment, episode) s USING (environment, episode)`,
            exact: false,
          },
        ]
      : []
  return [...sum, ...episodeReturn]
}

export const trainSections = (data: RunData): Effect.Effect<{ sections: Section[]; checks: Check[] }, BlockError> =>
  Effect.gen(function* () {
    const recorded = yield* recordedTableSections(data)
    const metrics = findTable(data, metricsTable)
    if (metrics === undefined) return recorded
    const learning = presentColumns(metrics, ["episode_return", "environment"]).length === 2 ? [yield* learningSection(data, metrics)] : []
    return { sections: [...learning, ...recorded.sections], checks: checks(metrics) }
  })
