/**
 * Sections of a `tensor-networks` run: entanglement of boundary intervals
 * against their size and minimal cuts, per network family; and the checks
 * the entropies table allows (S_2 ≤ S ≤ min cut · ln χ, S(A) = S(Ā)).
 */
import { Effect } from "effect"
import { type BlockError, lineFigure, queryTable } from "../blocks.js"
import { type Section, paragraph, section, text } from "../document.js"
import { type RunData, findTable } from "../run-data.js"
import type { Check } from "./checks.js"

const entropies = (data: RunData): Effect.Effect<Section, BlockError> =>
  Effect.gen(function* () {
    const networks = yield* queryTable(
      data,
      `SELECT kind, bond_dimension AS "bond dimension", boundary_legs AS "boundary legs", count(DISTINCT cycle) AS "networks", count(*) AS "regions", ` +
        `avg(s_vn) AS "mean S (nats)", avg(s_renyi2) AS "mean S2 (nats)", count(*) FILTER (WHERE rt_saturated) AS "RT saturated", ` +
        `count(*) FILTER (WHERE greedy_coincide) AS "greedy cuts coincide" FROM entropies GROUP BY ALL ORDER BY ALL`,
      { caption: [text("Networks and regions measured, by family, with mean entropies and the regions whose entropy equals the minimal cut (Ryu-Takayanagi).")], codeColumns: ["kind"] },
    )
    const bySize = yield* queryTable(
      data,
      `SELECT kind, region_size AS "region size", count(*) AS "regions", avg(s_vn) AS "mean S (nats)", min(s_vn) AS "min S", max(s_vn) AS "max S", ` +
        `avg(s_renyi2) AS "mean S2 (nats)", avg(min_cut_nats) AS "mean min cut (nats)" FROM entropies GROUP BY ALL ORDER BY ALL`,
      { caption: [text("Entropies by region size.")], codeColumns: ["kind"] },
    )
    const curve = (column: string, label: string, name: string) =>
      lineFigure(data, {
        name,
        caption: [text(`Mean ${label} of the boundary intervals of each size, per network family.`)],
        sql: `SELECT kind || ' χ=' || bond_dimension AS network, region_size, avg(${column}) AS "${column}" FROM entropies GROUP BY ALL ORDER BY ALL`,
        chart: { x: { field: "region_size", title: "region size (legs)" }, y: { title: `${label} (nats)` }, series: { group: "network", field: column }, points: true },
      })
    return section("Entanglement and minimal cuts", [
      networks,
      bySize,
      yield* curve("s_vn", "von Neumann entropy S(A)", "entropy-by-size"),
      yield* curve("min_cut_nats", "minimal cut · ln χ", "min-cut-by-size"),
    ])
  })

const checks: readonly Check[] = [
  {
    identity: "S(A) ≤ min cut · ln χ",
    quantity: "largest s_vn - min_cut_nats over all rows (≤ 0 up to rounding when the bound holds)",
    sql: "SELECT max(s_vn - min_cut_nats) FROM entropies",
    exact: false,
  },
  {
    identity: "S_2(A) ≤ S(A)",
    quantity: "largest s_renyi2 - s_vn over all rows (≤ 0 up to rounding when the bound holds)",
    sql: "SELECT max(s_renyi2 - s_vn) FROM entropies",
    exact: false,
  },
  {
    identity: "S(A) = S(Ā) for an interval and its complement",
    quantity: "largest |S(A) - S(Ā)| over the pairs recorded (null: no complementary pair recorded)",
    sql:
      "SELECT max(abs(a.s_vn - b.s_vn)) FROM entropies a JOIN entropies b ON a.cycle = b.cycle " +
      "AND b.region_start = (a.region_start + a.region_size) % a.boundary_legs AND b.region_size = a.boundary_legs - a.region_size",
    exact: false,
  },
]

export const tensorNetworkSections = (data: RunData): Effect.Effect<{ sections: Section[]; checks: readonly Check[] }, BlockError> =>
  findTable(data, "entropies") === undefined
    ? Effect.succeed({ sections: [section("Entanglement and minimal cuts", [paragraph(text("The run recorded no entropies rows."))])], checks: [] })
    : Effect.map(entropies(data), (found) => ({ sections: [found], checks }))
