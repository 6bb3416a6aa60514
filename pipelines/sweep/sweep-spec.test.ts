/**
 * Sweep specs and members: the member count is the grid's product × samples ×
 * seeds, members enumerate every combination once in a fixed order, random
 * draws stay in their ranges and repeat for the same seed, overrides parse
 * back to the values they carry, and each member's config is validated by
 * the pipeline's schema with errors naming the member and the flag.
 */
import { Effect, Either } from "effect"
import fc from "fast-check"
import YAML from "yaml"
import { describe, expect, it } from "vitest"
import { simulate } from "../simulate.js"
import { display, resolveConfigFile } from "../cli/run-command.js"
import { resolveMembers } from "./members.js"
import { type SweepFlags, expandMembers, memberCount, overrideOf, parseGridAxis, parseSampledKey, sweepSpec } from "./sweep-spec.js"

const flags = (partial: Partial<SweepFlags>): SweepFlags => ({ grid: [], sample: [], ...partial })

const specError = (f: SweepFlags): string => {
  try {
    sweepSpec(f, 1)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error("expected a SweepSpecError")
}

describe("sweep flags", () => {
  it("read grid values as YAML flow values", () => {
    expect(parseGridAxis("dynamics.b=0.5, 1,2")).toEqual({ key: "dynamics.b", values: [0.5, 1, 2], origin: "--grid dynamics.b=0.5, 1,2" })
    expect(parseGridAxis("lattice.geometry=mobius,torus").values).toEqual(["mobius", "torus"])
    expect(parseGridAxis('a.b=[1, 2], "x,y", true').values).toEqual([[1, 2], "x,y", true])
  })

  it("read distributions", () => {
    expect(parseSampledKey("dynamics.b=uniform(0.5, 3)").distribution).toEqual({ kind: "uniform", low: 0.5, high: 3 })
    expect(parseSampledKey("dynamics.dt=log-uniform(1e-3,1e-1)").distribution).toEqual({ kind: "log-uniform", low: 0.001, high: 0.1 })
    expect(parseSampledKey("lattice.nu=integer(16,64)").distribution).toEqual({ kind: "integer", low: 16, high: 64 })
    expect(parseSampledKey("lattice.geometry=choice(torus, klein)").distribution).toEqual({ kind: "choice", values: ["torus", "klein"] })
  })

  it("reject malformed flags, naming the flag and what was expected", () => {
    expect(specError(flags({ grid: ["dynamics.b"] }))).toBe('--grid dynamics.b: expected path.to.key=..., got "dynamics.b"')
    expect(specError(flags({ grid: ["dynamics.b="] }))).toBe('--grid dynamics.b=: expected at least one value, got ""')
    expect(specError(flags({ grid: ["dynamics..b=1"] }))).toContain("expected path.to.key=...")
    expect(specError(flags({ sample: ["dynamics.b=gaussian(0,1)"], samples: 2 }))).toContain("expected uniform(...), log-uniform(...), integer(...), choice(...)")
    expect(specError(flags({ sample: ["dynamics.b=uniform(3,1)"], samples: 2 }))).toContain("expected two finite numbers low < high, got [3,1]")
    expect(specError(flags({ sample: ["dynamics.dt=log-uniform(0,1)"], samples: 2 }))).toContain("log-uniform needs 0 < low, got 0")
    expect(specError(flags({ sample: ["lattice.nu=integer(1.5,4)"], samples: 2 }))).toContain("integer needs integer bounds")
    expect(specError(flags({ sample: ["dynamics.b=uniform(0,1)"] }))).toBe("--sample needs --samples N (how many draws)")
    expect(specError(flags({ samples: 3 }))).toContain("--samples needs at least one --sample")
    expect(specError(flags({ grid: ["dynamics.b=1,2"], sample: ["dynamics.b=uniform(0,1)"], samples: 2 }))).toBe(
      "--sample dynamics.b=uniform(0,1): key dynamics.b is already swept by --grid dynamics.b=1,2",
    )
    expect(specError(flags({ grid: ["run.seed=1,2"], seeds: 3 }))).toBe("--seeds 3: run.seed is already swept by --grid run.seed=1,2")
    expect(specError(flags({ seeds: 0 }))).toBe("--seeds: expected an integer >= 1, got 0")
  })
})

const axis = (index: number) => fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 4 }).map((values) => ({ key: `s.k${index}`, values }))
const grids = fc.integer({ min: 0, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => axis(i))))
const gridFlag = (a: { key: string; values: number[] }) => `${a.key}=${a.values.join(",")}`

describe("members", () => {
  it("are every combination of grid values, samples and seeds, once each, the last grid key and the seed varying fastest", () => {
    fc.assert(
      fc.property(grids, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 100 }), (grid, seeds, baseSeed) => {
        const spec = sweepSpec(flags({ grid: grid.map(gridFlag), seeds }), baseSeed)
        const members = expandMembers(spec, baseSeed)
        const expected = grid.reduce((n, a) => n * a.values.length, 1) * seeds
        expect(members).toHaveLength(expected)
        expect(memberCount(spec)).toBe(expected)
        expect(members.map((m) => m.member)).toEqual(members.map((_, i) => i))
        members.forEach((member, i) => {
          // Mixed-radix digits of the member number, seed fastest, then the last axis.
          let rest = i
          const seedDigit = rest % seeds
          rest = Math.floor(rest / seeds)
          const digits: number[] = []
          for (const a of [...grid].reverse()) {
            digits.unshift(rest % a.values.length)
            rest = Math.floor(rest / a.values.length)
          }
          const values = Object.fromEntries(member.assignments.map((a) => [a.key, a.value]))
          grid.forEach((a, k) => expect(values[a.key]).toBe(a.values[digits[k]!]))
          if (seeds > 1) expect(values["run.seed"]).toBe(baseSeed + seedDigit)
          else expect(values).not.toHaveProperty("run.seed")
        })
        const keys = new Set(members.map((m) => JSON.stringify(m.assignments.map((a) => a.value))))
        expect(keys.size).toBe(members.length)
      }),
    )
  })

  it("draw samples inside their ranges, the same for the same seed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-3, max: 50, noNaN: true }),
        (samples, sampleSeed, low, width) => {
          const high = low + width
          const f = flags({
            sample: [`a.u=uniform(${low},${high})`, `a.l=log-uniform(${width},${width * 10})`, "a.i=integer(-3,3)", "a.c=choice(x, 2, [1])"],
            samples,
            sampleSeed,
          })
          const members = expandMembers(sweepSpec(f, 0), 0)
          expect(members).toHaveLength(samples)
          for (const member of members) {
            const v = Object.fromEntries(member.assignments.map((a) => [a.key, a.value])) as Record<string, number>
            expect(v["a.u"]).toBeGreaterThanOrEqual(low)
            expect(v["a.u"]).toBeLessThan(high)
            expect(v["a.l"]).toBeGreaterThanOrEqual(width * (1 - 1e-12))
            expect(v["a.l"]).toBeLessThanOrEqual(width * 10 * (1 + 1e-12))
            expect(Number.isInteger(v["a.i"]) && v["a.i"]! >= -3 && v["a.i"]! <= 3).toBe(true)
            expect([["x"], [2], [[1]]]).toContainEqual([v["a.c"]])
          }
          expect(expandMembers(sweepSpec(f, 0), 0)).toEqual(members)
        },
      ),
    )
  })

  it("draw the whole range of a choice and of integers over many samples", () => {
    const members = expandMembers(sweepSpec(flags({ sample: ["a.i=integer(1,4)", "a.c=choice(p, q)"], samples: 200, sampleSeed: 5 }), 0), 0)
    expect(new Set(members.map((m) => m.assignments[0]!.value))).toEqual(new Set([1, 2, 3, 4]))
    expect(new Set(members.map((m) => m.assignments[1]!.value))).toEqual(new Set(["p", "q"]))
  })

  it("write overrides that parse back to the value they carry", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const override = overrideOf({ key: "a.b", value, origin: "" })
        expect(override.startsWith("a.b=")).toBe(true)
        expect(YAML.parse(override.slice(4))).toEqual(value)
      }),
    )
  })
})

describe("resolving members", () => {
  const file = display(resolveConfigFile("simulate", undefined))
  const resolve = (f: SweepFlags, set: string[] = []) =>
    Effect.runPromise(Effect.either(resolveMembers(simulate, { file, overrides: set }, expandMembers(sweepSpec(f, 1), 1))))

  it("decodes each member's config with its values on top of the base config and --set", async () => {
    const resolved = await resolve(flags({ grid: ["dynamics.b=0.5,1.5", "lattice.geometry=torus,klein"], seeds: 2 }), ["run.cycles=7"])
    const members = Either.getOrThrow(resolved)
    expect(members).toHaveLength(8)
    const configs = members.map((m) => m.config as { dynamics: { b: number }; lattice: { geometry: string }; run: { seed: number; cycles: number } })
    expect(configs.map((c) => [c.dynamics.b, c.lattice.geometry, c.run.seed])).toEqual([
      [0.5, "torus", 1],
      [0.5, "torus", 2],
      [0.5, "klein", 1],
      [0.5, "klein", 2],
      [1.5, "torus", 1],
      [1.5, "torus", 2],
      [1.5, "klein", 1],
      [1.5, "klein", 2],
    ])
    expect(configs.every((c) => c.run.cycles === 7)).toBe(true)
  })

  it("names the member, the key, the expectation, the value and the flag of a bad value", async () => {
    const resolved = await resolve(flags({ grid: ["dynamics.dt=0.01,2"] }))
    expect(Either.isLeft(resolved) && resolved.left.message).toBe(
      "Invalid config: configs/simulate.yaml: member 1 (dynamics.dt=2): dynamics.dt: Expected a finite number > 0 and <= 1 (time), actual 2 (from --grid dynamics.dt=0.01,2)",
    )
  })

  it("reports a problem every member shares once, naming the members", async () => {
    const resolved = await resolve(flags({ grid: ["dynamics.nosuch=1,2,3"] }))
    expect(Either.isLeft(resolved) && resolved.left.issues.map((i) => [i.path, i.origin])).toEqual([["members 0, 1, 2: dynamics.nosuch", "--grid dynamics.nosuch=1,2,3"]])
  })
})
