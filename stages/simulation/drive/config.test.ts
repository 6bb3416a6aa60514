import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { driveSection } from "./config.js"

const schema = Schema.Struct({ drive: driveSection })
const decode = Schema.decodeUnknownEither(schema)

describe("driveSection", () => {
  it("fills every field with its default when the section is omitted", () => {
    expect(decode({})).toEqual(
      Either.right({
        drive: {
          sources: "sphere",
          sourceCount: 32,
          shellRadius: 1.5,
          boundaryOffset: 0.1,
          wavenumber: 4,
          decay: 1,
          rMin: 0.05,
          epsilon: 0.1,
          omega: 1,
          amplitude: 1,
          amplitudeVariance: 0,
          phaseWinding: 0,
          phaseOffset: 0,
        },
      }),
    )
  })

  it("keeps given values", () => {
    const result = decode({ drive: { sources: "boundary", sourceCount: 8, phaseWinding: 2 } })
    expect(Either.isRight(result) && result.right.drive).toMatchObject({ sources: "boundary", sourceCount: 8, phaseWinding: 2, omega: 1 })
  })

  it.each([
    [{ shellRadius: 1 }, /Expected a finite number > 1 and <= 100 \(× bounding radius\), actual 1/],
    [{ sourceCount: 2.5 }, /Expected an integer >= 1 and <= 4096 \(sources\), actual 2.5/],
    [{ rMin: 0 }, /Expected a finite number > 0 and <= 100 \(length\), actual 0/],
    [{ sources: "cube" }, /"sphere" \| "boundary"/],
  ])("rejects %o with the field's expectation", (drive, message) => {
    const result = decode({ drive })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) expect(String(result.left)).toMatch(message)
  })
})
