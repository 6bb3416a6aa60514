import { describe, expect, it } from "vitest"
import { defaultFormat, formatResult } from "./format.js"
import type { QueryResult } from "./query.js"

const result: QueryResult = {
  columns: [
    { name: "run_id", type: "VARCHAR", numeric: false },
    { name: "n", type: "BIGINT", numeric: true },
    { name: "note", type: "VARCHAR", numeric: false },
  ],
  rows: [
    ["a", 7, 'say "hi", then\nleave'],
    ["bb", 1234, null],
  ],
}

describe("formatResult", () => {
  it("writes CSV with a header, quoting fields with commas, quotes or line breaks; null is empty", () => {
    expect(formatResult(result, "csv")).toBe('run_id,n,note\na,7,"say ""hi"", then\nleave"\nbb,1234,\n')
  })

  it("writes JSON as one array of objects, a row per line", () => {
    const text = formatResult(result, "json")
    expect(text).toBe('[\n{"run_id":"a","n":7,"note":"say \\"hi\\", then\\nleave"},\n{"run_id":"bb","n":1234,"note":null}\n]\n')
    expect(JSON.parse(text)).toEqual([
      { run_id: "a", n: 7, note: 'say "hi", then\nleave' },
      { run_id: "bb", n: 1234, note: null },
    ])
    expect(formatResult({ ...result, rows: [] }, "json")).toBe("[]\n")
  })

  it("aligns a table: numbers right, text left, NULL shown, line breaks escaped, rows counted", () => {
    expect(formatResult(result, "table")).toBe(
      [
        "run_id     n  note",
        "------  ----  ---------------------",
        'a          7  say "hi", then\\nleave',
        "bb      1234  NULL",
        "(2 rows)",
        "",
      ].join("\n"),
    )
  })

  it("prints nothing for a statement without columns, and defaults to a table only on a terminal", () => {
    expect(formatResult({ columns: [], rows: [] }, "table")).toBe("")
    expect(defaultFormat(true)).toBe("table")
    expect(defaultFormat(false)).toBe("csv")
    expect(defaultFormat(undefined)).toBe("csv")
  })
})
