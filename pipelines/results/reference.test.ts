import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { projectRoot } from "../project.js"
import { resultsReference } from "./reference.js"
import { resultTables } from "./tables.js"

describe("results reference", () => {
  it("documents every column of every table", () => {
    for (const table of resultTables) {
      expect(table.description, table.schema.name).not.toBe("")
      for (const column of table.schema.columns) expect(column.description, `${table.schema.name}.${column.name}`).not.toBe("")
    }
  })

  it("docs/results.md is the generated reference (regenerate: npx hhml list --results-markdown > docs/results.md)", async () => {
    const committed = await readFile(join(projectRoot, "docs", "results.md"), "utf8")
    expect(committed).toBe(resultsReference())
  })
})
