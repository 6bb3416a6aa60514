import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Either, Schema } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { choice, integer, number, section } from "../../stages/parameters.js"
import type { ConfigError } from "./config-error.js"
import { loadConfig } from "./load-config.js"

const schema = Schema.Struct({
  run: section({ seed: integer({ default: 7, min: 0, description: "seed" }) }, "run"),
  dynamics: section(
    {
      dt: number({ default: 0.05, above: 0, max: 1, unit: "time", description: "time step" }),
      model: choice({ values: ["cgle", "nls"], default: "cgle", description: "model" }),
    },
    "dynamics",
  ),
})

let dir: string
const file = async (name: string, text: string) => {
  const path = join(dir, name)
  await writeFile(path, text)
  return path
}
const load = (path: string, overrides: string[] = []) =>
  Effect.runPromise(Effect.either(loadConfig(schema, { file: path, overrides })))
const failure = async (path: string, overrides: string[] = []): Promise<ConfigError> => {
  const result = await load(path, overrides)
  if (Either.isRight(result)) throw new Error(`expected a config error, decoded ${JSON.stringify(result.right)}`)
  return result.left
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hhml-config-"))
})

describe("loadConfig", () => {
  it("fills every default for an empty file", async () => {
    const result = await load(await file("empty.yaml", ""))
    expect(result).toEqual(Either.right({ run: { seed: 7 }, dynamics: { dt: 0.05, model: "cgle" } }))
  })

  it("keeps given values and applies --set overrides in order, typed as YAML", async () => {
    const path = await file("given.yaml", "dynamics:\n  dt: 0.1\n")
    const result = await load(path, ["dynamics.dt=0.2", "run.seed=3", "dynamics.model=nls"])
    expect(result).toEqual(Either.right({ run: { seed: 3 }, dynamics: { dt: 0.2, model: "nls" } }))
  })

  it("rejects an unknown key, naming file, key path and the known keys", async () => {
    const path = await file("unknown.yaml", "dynamics:\n  dtt: 0.1\n")
    const error = await failure(path)
    expect(error.issues).toHaveLength(1)
    expect(error.message).toContain(`${path}: dynamics.dtt`)
    expect(error.message).toMatch(/known keys: "dt" \| "model"/)
  })

  it("rejects an unknown section", async () => {
    const error = await failure(await file("section.yaml", "dynamic:\n  dt: 0.1\n"))
    expect(error.issues[0]?.path).toBe("dynamic")
  })

  it("rejects a wrong type, naming the expectation and the value found", async () => {
    const error = await failure(await file("type.yaml", "dynamics:\n  dt: fast\n"))
    expect(error.issues).toEqual([
      { path: "dynamics.dt", message: 'Expected a finite number > 0 and <= 1 (time), actual "fast"' },
    ])
  })

  it("rejects an out-of-range value", async () => {
    const error = await failure(await file("range.yaml", "dynamics:\n  dt: 5\n"))
    expect(error.issues[0]?.path).toBe("dynamics.dt")
    expect(error.issues[0]?.message).toBe("Expected a finite number > 0 and <= 1 (time), actual 5")
  })

  it("reports a choice outside its values as one issue listing them all", async () => {
    const error = await failure(await file("choice.yaml", "dynamics:\n  model: heat\n"))
    expect(error.issues).toEqual([{ path: "dynamics.model", message: 'Expected "cgle" or "nls", actual "heat"' }])
  })

  it("reports every problem at once", async () => {
    const error = await failure(await file("many.yaml", "run:\n  seed: -1\ndynamics:\n  dt: 0\n"))
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["dynamics.dt", "run.seed"])
  })

  it("rejects malformed YAML with the line of the error", async () => {
    const error = await failure(await file("broken.yaml", "dynamics:\n  dt: [0.1\n  model: nls\n"))
    expect(error.issues[0]?.path).toBe("")
    expect(error.message).toMatch(/Expected valid YAML, actual a syntax error at line \d+/)
  })

  it("rejects a document that is not a mapping", async () => {
    const error = await failure(await file("list.yaml", "- 1\n- 2\n"))
    expect(error.message).toContain("Expected a mapping of config sections, actual [1,2]")
  })

  it("rejects a missing file", async () => {
    const error = await failure(join(dir, "absent.yaml"))
    expect(error.message).toBe(`Invalid config: ${join(dir, "absent.yaml")}: Expected a readable YAML file, actual no such file`)
  })

  it("names the --set override that produced a bad value", async () => {
    const error = await failure(await file("ok.yaml", ""), ["dynamics.dt=-2"])
    expect(error.issues[0]).toMatchObject({ path: "dynamics.dt", origin: "--set dynamics.dt=-2" })
    expect(error.message).toContain("(from --set dynamics.dt=-2)")
  })

  it("rejects a malformed --set", async () => {
    const error = await failure(await file("ok2.yaml", ""), ["dynamics.dt"])
    expect(error.message).toContain("Expected an override of the form path.to.key=value")
  })

  it("rejects a --set through a value that is not a section", async () => {
    const error = await failure(await file("ok3.yaml", "dynamics:\n  dt: 0.1\n"), ["dynamics.dt.x=1"])
    expect(error.issues[0]?.path).toBe("dynamics.dt")
  })
})
