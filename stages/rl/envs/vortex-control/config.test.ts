import { Effect, Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { describeConfig } from "../../../../pipelines/config/describe.js"
import { decodeConfig } from "../../../../pipelines/config/load-config.js"
import { defaultControls, vortexControlSection } from "./config.js"
import { controlNames } from "./controls.js"

const schema = Schema.Struct({ environment: vortexControlSection })

const decode = (tree: unknown) => Effect.runSync(Effect.either(decodeConfig(schema, "train.yaml", tree)))

const failure = (tree: unknown) => {
  const result = decode(tree)
  if (Either.isRight(result)) throw new Error(`expected a config error, decoded ${JSON.stringify(result.right)}`)
  return result.left
}

describe("environment config section", () => {
  it("defaults every key when the section is missing, with the default controls", () => {
    const result = decode({})
    expect(Either.isRight(result)).toBe(true)
    const config = Either.getOrThrow(result).environment
    expect(config.controls).toEqual(defaultControls)
    expect(config.targetMin).toBeLessThanOrEqual(config.targetMax)
    expect(Either.getOrThrow(decode({ environment: {} })).environment).toEqual(config)
  })

  it("documents every key with its default, accepted values, unit and meaning", () => {
    const [section] = describeConfig(schema)
    expect(section!.name).toBe("environment")
    expect(section!.description).toMatch(/vortex-control environment/)
    const keys = Object.fromEntries(section!.keys.map((k) => [k.key, k]))
    expect(keys["environment.controls"]!.default).toEqual(defaultControls)
    expect(keys["environment.controls"]!.expected).toContain(controlNames.map((n) => JSON.stringify(n)).join(" | "))
    expect(keys["environment.targetMin"]!.unit).toBe("vortices / face")
    for (const key of section!.keys) expect(key.description.length).toBeGreaterThan(10)
  })

  it("rejects an empty target range, naming the section and both values", () => {
    const error = failure({ environment: { targetMin: 0.2, targetMax: 0.1 } })
    expect(error.message).toMatch(/train\.yaml: environment: Expected targetMin <= targetMax, actual targetMin = 0\.2 > targetMax = 0\.1/)
  })

  it("rejects unknown and repeated control names and an empty list", () => {
    expect(failure({ environment: { controls: ["driveAmplitude", "warpDrive"] } }).message).toMatch(/environment\.controls.*Expected a list of 1 to 12 distinct control names/)
    expect(failure({ environment: { controls: ["gain", "gain"] } }).message).toMatch(/environment\.controls/)
    expect(failure({ environment: { controls: [] } }).message).toMatch(/environment\.controls/)
  })

  it("rejects out-of-range numbers and unknown keys with the key path", () => {
    expect(failure({ environment: { trackingScale: 0 } }).message).toMatch(/environment\.trackingScale: Expected a finite number > 0 and <= 1 \(vortices \/ face\), actual 0/)
    expect(failure({ environment: { episodeLength: 2.5 } }).message).toMatch(/environment\.episodeLength/)
    expect(failure({ environment: { targetMn: 0.1 } }).message).toMatch(/environment\.targetMn/)
  })
})
