/**
 * A sweep specification and its members: a grid over config keys
 * (`--grid key=v1,v2`), random samples of other keys (`--sample
 * key=uniform(a,b)` with `--samples M`) and seeds (`--seeds N`). The members
 * are the grid's cartesian product × the samples × the seeds, in that order
 * (the last grid key varies fastest, the seed fastest of all). Each member is
 * a list of config assignments, each remembering the flag it came from so a
 * bad value is reported against what the user typed. Samples are drawn from a
 * seeded `Prng`, so a sweep's members are reproducible from its spec.
 */
import { Data } from "effect"
import YAML from "yaml"
import { Prng } from "../../stages/prng.js"

export class SweepSpecError extends Data.TaggedError("SweepSpecError")<{
  readonly message: string
}> {}

export interface GridAxis {
  readonly key: string
  readonly values: readonly unknown[]
  /** The flag as given, e.g. `--grid dynamics.b=1,2`. */
  readonly origin: string
}

export type Distribution =
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "log-uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "integer"; readonly low: number; readonly high: number }
  | { readonly kind: "choice"; readonly values: readonly unknown[] }

export interface SampledKey {
  readonly key: string
  readonly distribution: Distribution
  readonly origin: string
}

export interface SweepSpec {
  readonly grid: readonly GridAxis[]
  readonly sampled: readonly SampledKey[]
  /** Random samples drawn (1 when no key is sampled). */
  readonly samples: number
  /** Seed of the sampling PRNG. */
  readonly sampleSeed: number
  /** Seeds per grid point and sample: run.seed = base seed + 0 .. seeds - 1. */
  readonly seeds: number
}

export interface Assignment {
  readonly key: string
  readonly value: unknown
  readonly origin: string
}

export interface Member {
  /** 0-based index in the sweep. */
  readonly member: number
  readonly assignments: readonly Assignment[]
}

export const seedKey = "run.seed"

const keyPattern = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/

const splitAssignment = (flag: string, text: string): { key: string; rest: string } => {
  const equals = text.indexOf("=")
  const key = equals < 0 ? "" : text.slice(0, equals).trim()
  if (!keyPattern.test(key)) {
    throw new SweepSpecError({ message: `${flag} ${text}: expected path.to.key=..., got ${JSON.stringify(text)}` })
  }
  return { key, rest: text.slice(equals + 1) }
}

/** A comma-separated list of YAML flow values, e.g. `0.5, 1, mobius, [1, 2]`. */
const parseList = (flag: string, text: string, list: string): unknown[] => {
  let values: unknown
  try {
    values = YAML.parse(`[${list}]`)
  } catch (error) {
    throw new SweepSpecError({ message: `${flag} ${text}: expected comma-separated values, got ${JSON.stringify(list)} (${(error as Error).message.split("\n")[0]})` })
  }
  if (!Array.isArray(values) || values.length === 0) {
    throw new SweepSpecError({ message: `${flag} ${text}: expected at least one value, got ${JSON.stringify(list)}` })
  }
  return values
}

/** `--grid key=v1,v2,...`. */
export const parseGridAxis = (text: string): GridAxis => {
  const { key, rest } = splitAssignment("--grid", text)
  return { key, values: parseList("--grid", text, rest), origin: `--grid ${text}` }
}

const finiteNumbers = (flag: string, text: string, values: readonly unknown[]): [number, number] => {
  const [low, high] = values
  if (values.length !== 2 || typeof low !== "number" || typeof high !== "number" || !Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
    throw new SweepSpecError({ message: `${flag} ${text}: expected two finite numbers low < high, got ${JSON.stringify(values)}` })
  }
  return [low, high]
}

const distributions = ["uniform", "log-uniform", "integer", "choice"] as const

/** `--sample key=uniform(a,b)`, `log-uniform(a,b)` (0 < a), `integer(a,b)` (a and b included) or `choice(v1,v2,...)`. */
export const parseSampledKey = (text: string): SampledKey => {
  const { key, rest } = splitAssignment("--sample", text)
  const call = /^\s*([a-z-]+)\((.*)\)\s*$/s.exec(rest)
  const kind = distributions.find((d) => d === call?.[1])
  if (call === null || kind === undefined) {
    throw new SweepSpecError({
      message: `--sample ${text}: expected ${distributions.map((d) => `${d}(...)`).join(", ")}, got ${JSON.stringify(rest)}`,
    })
  }
  const args = parseList("--sample", text, call[2]!)
  const origin = `--sample ${text}`
  if (kind === "choice") return { key, distribution: { kind, values: args }, origin }
  const [low, high] = finiteNumbers("--sample", text, args)
  if (kind === "log-uniform" && low <= 0) throw new SweepSpecError({ message: `--sample ${text}: log-uniform needs 0 < low, got ${low}` })
  if (kind === "integer" && !(Number.isSafeInteger(low) && Number.isSafeInteger(high))) {
    throw new SweepSpecError({ message: `--sample ${text}: integer needs integer bounds, got ${low} and ${high}` })
  }
  return { key, distribution: { kind, low, high }, origin }
}

export interface SweepFlags {
  readonly grid: readonly string[]
  readonly sample: readonly string[]
  readonly samples?: number
  readonly sampleSeed?: number
  readonly seeds?: number
}

const positiveInteger = (flag: string, value: number | undefined, fallback: number): number => {
  const n = value ?? fallback
  if (!Number.isSafeInteger(n) || n < 1) throw new SweepSpecError({ message: `${flag}: expected an integer >= 1, got ${String(value)}` })
  return n
}

/** The spec from the command's flags; throws `SweepSpecError` naming the flag at fault. */
export const sweepSpec = (flags: SweepFlags, baseSeed: number): SweepSpec => {
  const grid = flags.grid.map(parseGridAxis)
  const sampled = flags.sample.map(parseSampledKey)
  if (sampled.length === 0 && flags.samples !== undefined) {
    throw new SweepSpecError({ message: "--samples needs at least one --sample key=distribution(...)" })
  }
  if (sampled.length > 0 && flags.samples === undefined) throw new SweepSpecError({ message: "--sample needs --samples N (how many draws)" })
  const seen = new Map<string, string>()
  for (const { key, origin } of [...grid, ...sampled]) {
    const earlier = seen.get(key)
    if (earlier !== undefined) throw new SweepSpecError({ message: `${origin}: key ${key} is already swept by ${earlier}` })
    seen.set(key, origin)
  }
  const seedOrigin = seen.get(seedKey)
  if (seedOrigin !== undefined && flags.seeds !== undefined) {
    throw new SweepSpecError({ message: `--seeds ${flags.seeds}: ${seedKey} is already swept by ${seedOrigin}` })
  }
  const spec: SweepSpec = {
    grid,
    sampled,
    samples: sampled.length === 0 ? 1 : positiveInteger("--samples", flags.samples, 1),
    sampleSeed: flags.sampleSeed ?? baseSeed,
    seeds: positiveInteger("--seeds", flags.seeds, 1),
  }
  if (!Number.isSafeInteger(spec.sampleSeed)) throw new SweepSpecError({ message: `--sample-seed: expected an integer, got ${String(flags.sampleSeed)}` })
  return spec
}

/** Members of the spec; the base seed is the config's `run.seed`, varied when `--seeds` is given. */
export const memberCount = (spec: SweepSpec): number =>
  spec.grid.reduce((count, axis) => count * axis.values.length, 1) * spec.samples * spec.seeds

const draw = (prng: Prng, distribution: Distribution): unknown => {
  switch (distribution.kind) {
    case "uniform":
      return prng.between(distribution.low, distribution.high)
    case "log-uniform":
      return Math.exp(prng.between(Math.log(distribution.low), Math.log(distribution.high)))
    case "integer":
      return prng.int(distribution.low, distribution.high)
    case "choice":
      return distribution.values[prng.int(0, distribution.values.length - 1)]
  }
}

/** Every grid point: the cartesian product of the axes, last axis fastest. */
const gridPoints = (grid: readonly GridAxis[]): Assignment[][] =>
  grid.reduce<Assignment[][]>(
    (points, axis) => points.flatMap((point) => axis.values.map((value) => [...point, { key: axis.key, value, origin: axis.origin }])),
    [[]],
  )

export const expandMembers = (spec: SweepSpec, baseSeed: number): Member[] => {
  const prng = Prng.seeded(spec.sampleSeed)
  const samples: Assignment[][] =
    spec.sampled.length === 0
      ? [[]]
      : Array.from({ length: spec.samples }, () => spec.sampled.map(({ key, distribution, origin }) => ({ key, value: draw(prng, distribution), origin })))
  const seeds: Assignment[][] =
    spec.seeds === 1 ? [[]] : Array.from({ length: spec.seeds }, (_, k) => [{ key: seedKey, value: baseSeed + k, origin: `--seeds ${spec.seeds}` }])
  const combinations = gridPoints(spec.grid).flatMap((point) => samples.flatMap((sample) => seeds.map((seed) => [...point, ...sample, ...seed])))
  return combinations.map((assignments, member) => ({ member, assignments }))
}

/** An assignment as a `--set` override: the value written as YAML that parses back to itself. */
export const overrideOf = (assignment: Assignment): string =>
  `${assignment.key}=${YAML.stringify(assignment.value, { collectionStyle: "flow", lineWidth: 0 }).trimEnd()}`

/** A short description of a member's assignments, e.g. `dynamics.b=1, run.seed=3`. */
export const describeMember = (member: Member): string =>
  member.assignments.length === 0 ? "the base config" : member.assignments.map(overrideOf).join(", ")
