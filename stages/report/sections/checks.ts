/**
 * Invariant checks over a run's recorded tables: each states an identity the
 * theory guarantees and the quantity measured on the data, one SQL query for
 * all of them. An exact check counts the rows where the identity fails (it
 * holds when that count is 0); a measured check reports a drift or excess
 * with no pass/fail line drawn.
 */
import { Effect } from "effect"
import { sqlString } from "../../../pipelines/results/duckdb.js"
import type { QueryError } from "../../../pipelines/results/query.js"
import { type Section, paragraph, section, text } from "../document.js"
import { queryTable } from "../blocks.js"
import type { RunData } from "../run-data.js"

export interface Check {
  /** The identity, as the theory states it. */
  readonly identity: string
  /** What the value measures. */
  readonly quantity: string
  /** A scalar SQL query over the run's views. */
  readonly sql: string
  /** The value counts rows where the identity fails: "holds" at 0, "fails" otherwise. */
  readonly exact: boolean
}

const checkRow = (check: Check) =>
  `SELECT ${sqlString(check.identity)} AS "identity", ${sqlString(check.quantity)} AS "quantity", ${check.exact} AS exact, CAST((${check.sql}) AS DOUBLE) AS "value"`

const checksSql = (checks: readonly Check[]) =>
  `SELECT "identity", "quantity", "value", CASE WHEN NOT exact THEN 'measured' WHEN "value" = 0 THEN 'holds' ELSE 'fails' END AS "result" ` +
  `FROM (${checks.map(checkRow).join(" UNION ALL ")})`

/** The checks section: one table of every check, or a statement that the run's tables allow none. */
export const checksSection = (data: RunData, checks: readonly Check[]): Effect.Effect<Section, QueryError> =>
  checks.length === 0
    ? Effect.succeed(
        section("Invariant checks", [paragraph(text("None: the report knows no identity that this run's recorded tables can be checked against."))]),
      )
    : Effect.map(
        queryTable(data, checksSql(checks), {
          caption: [
            text("Identities from the theory (docs/theory/) evaluated on the recorded rows. An exact check counts the rows where the identity fails; a measured one reports the deviation."),
          ],
        }),
        (checksTable) => section("Invariant checks", [checksTable]),
      )
