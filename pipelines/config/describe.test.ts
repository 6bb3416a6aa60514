import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { choice, integer, number, section } from "../../stages/parameters.js"
import { projectRoot } from "../project.js"
import { pipelines } from "../registry.js"
import { describeConfig } from "./describe.js"
import { configReference } from "./reference.js"

describe("describeConfig", () => {
  it("lists every key with its default, accepted values, unit and description", () => {
    const schema = Schema.Struct({
      dynamics: section(
        {
          dt: number({ default: 0.05, above: 0, max: 1, unit: "time", description: "time step" }),
          steps: integer({ default: 3, min: 1, description: "steps" }),
          model: choice({ values: ["cgle", "nls"], default: "nls", description: "model" }),
        },
        "the dynamics",
      ),
    })
    expect(describeConfig(schema)).toEqual([
      {
        name: "dynamics",
        description: "the dynamics",
        keys: [
          { key: "dynamics.dt", default: 0.05, expected: "a finite number > 0 and <= 1", unit: "time", description: "time step" },
          { key: "dynamics.steps", default: 3, expected: "an integer >= 1", unit: null, description: "steps" },
          { key: "dynamics.model", default: "nls", expected: '"cgle" | "nls"', unit: null, description: "model" },
        ],
      },
    ])
  })

  it("documents every key of every pipeline", () => {
    for (const pipeline of pipelines) {
      for (const section of describeConfig(pipeline.schema)) {
        expect(section.description, `${pipeline.name}: section ${section.name}`).not.toBe("")
        for (const key of section.keys) {
          expect(key.description, `${pipeline.name}: ${key.key}`).not.toBe("")
          expect(key.expected, `${pipeline.name}: ${key.key}`).not.toBe("")
        }
      }
    }
  })

  it("docs/configuration.md is the generated reference (regenerate: npx hhml list --markdown > docs/configuration.md)", async () => {
    const committed = await readFile(join(projectRoot, "docs", "configuration.md"), "utf8")
    expect(committed).toBe(configReference(pipelines))
  })
})
