import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { projectRoot } from "../../../../pipelines/project.js"
import { controls } from "./controls.js"
import { originalParameters } from "./original-parameters.js"
import { controlsMarkdown } from "./reference.js"

describe("control parameters reference", () => {
  it("docs/control-parameters.md is the generated reference (regenerate: npx hhml list --controls-markdown > docs/control-parameters.md)", async () => {
    const committed = await readFile(join(projectRoot, "docs", "control-parameters.md"), "utf8")
    expect(committed).toBe(controlsMarkdown())
  })

  it("has a row per control and per original parameter", () => {
    const lines = controlsMarkdown().split("\n")
    for (const c of controls) expect(lines.filter((line) => line.startsWith(`| \`${c.name}\` |`))).toHaveLength(1)
    for (const p of originalParameters) expect(lines.filter((line) => line.startsWith(`| ${p.index} | \`${p.name}\` |`))).toHaveLength(1)
  })
})
