/**
 * Hardware tiers (configs/hardware.yaml): classes of machines by CPU cores,
 * RAM and GPU memory, each with the problem sizes that suit it for three
 * modes (benchmark, training, production), written as `--set` overrides of a
 * pipeline's shipped config. Loading validates every override against its
 * pipeline's schema and checks that the sizes' memory estimates fit the tier's
 * minimum machine, so the file cannot promise a size the tier cannot hold.
 */
import { join } from "node:path"
import { Effect, Schema } from "effect"
import type { Hardware } from "../../stages/compute/hardware.js"
import { GiB } from "../memory-estimate.js"
import type { AnyPipeline } from "../pipeline.js"
import { type TensorPlace, checkpointShortfalls, memoryDemand, memoryShortfalls } from "../run/memory-check.js"
import { ConfigError, type ConfigIssue } from "./config-error.js"
import { loadConfig } from "./load-config.js"

export const hardwareModes = ["benchmark", "training", "production"] as const
export type HardwareMode = (typeof hardwareModes)[number]

const nonNegative = (description: string) =>
  Schema.Number.pipe(Schema.finite(), Schema.greaterThanOrEqualTo(0)).annotations({
    description,
    message: (issue) => ({ message: `Expected a finite number >= 0, actual ${JSON.stringify(issue.actual)}`, override: true }),
  })

const overrideValue = Schema.Union(Schema.Number, Schema.String, Schema.Boolean)
/** `lattice.nu: 512`: config key → value, as `--set lattice.nu=512`. */
const overrides = Schema.Record({ key: Schema.String, value: overrideValue })
/** pipeline name → its overrides. */
const pipelineSizes = Schema.Record({ key: Schema.String, value: overrides })

const tierSchema = Schema.Struct({
  name: Schema.String.pipe(
    Schema.pattern(/^[a-z0-9][a-z0-9-]*$/, { message: (issue) => `Expected a name of a-z, 0-9 and -, actual ${JSON.stringify(issue.actual)}` }),
  ),
  description: Schema.String,
  minimum: Schema.Struct({
    cores: Schema.Number.pipe(Schema.int(), Schema.greaterThanOrEqualTo(1)).annotations({
      message: (issue) => ({ message: `Expected an integer >= 1, actual ${JSON.stringify(issue.actual)}`, override: true }),
    }),
    ramGiB: nonNegative("RAM the machine reports, GiB"),
    gpuMemoryGiB: nonNegative("memory of the first GPU, GiB; 0: no GPU needed"),
  }),
  sizes: Schema.Struct({ benchmark: pipelineSizes, training: pipelineSizes, production: pipelineSizes }),
})

export const hardwareTiersSchema = Schema.Struct({ tiers: Schema.Array(tierSchema) })

export type HardwareTier = Schema.Schema.Type<typeof tierSchema>
export type HardwareTiers = Schema.Schema.Type<typeof hardwareTiersSchema>

/** The `--set` arguments of one override map, in file order. */
export const setArguments = (sizes: Readonly<Record<string, string | number | boolean>>): string[] =>
  Object.entries(sizes).map(([key, value]) => `${key}=${String(value)}`)

/** The GPU memory a tier counts: the first GPU's, where a GPU backend can use it. */
export const usableGpuBytes = (hardware: Hardware, gpuBackend: boolean): number => (gpuBackend ? (hardware.gpus[0]?.totalBytes ?? 0) : 0)

const meets = (tier: HardwareTier, hardware: Hardware, gpuBytes: number): boolean =>
  hardware.cores >= tier.minimum.cores && hardware.ramBytes >= tier.minimum.ramGiB * GiB && gpuBytes >= tier.minimum.gpuMemoryGiB * GiB

/** The largest tier whose minimum the machine meets, or null below the smallest. */
export const selectTier = (tiers: HardwareTiers, hardware: Hardware, gpuBackend: boolean): HardwareTier | null =>
  tiers.tiers.findLast((tier) => meets(tier, hardware, usableGpuBytes(hardware, gpuBackend))) ?? null

/** Each tier must ask at least what the one before it asks, so "the largest tier met" is well defined. */
const orderIssues = (tiers: HardwareTiers): ConfigIssue[] =>
  tiers.tiers.flatMap((tier, i) => {
    const previous = tiers.tiers[i - 1]
    if (previous === undefined) return []
    const smaller = (["cores", "ramGiB", "gpuMemoryGiB"] as const).filter((key) => tier.minimum[key] < previous.minimum[key])
    return smaller.map((key) => ({
      path: `tiers.${i}.minimum.${key}`,
      message: `Expected at least the previous tier's (${previous.name}) ${previous.minimum[key]}, actual ${tier.minimum[key]}`,
    }))
  })

const nameIssues = (tiers: HardwareTiers): ConfigIssue[] =>
  tiers.tiers.flatMap((tier, i) =>
    tiers.tiers.findIndex((other) => other.name === tier.name) < i
      ? [{ path: `tiers.${i}.name`, message: `Expected a name no other tier has, actual ${JSON.stringify(tier.name)} again` }]
      : [],
  )

/** Where a pipeline's tensors would be on a tier's machine: on its GPU if it has one (backend auto picks it). */
const placeOn = (tier: HardwareTier): TensorPlace => (tier.minimum.gpuMemoryGiB > 0 ? "gpu" : "host")

export interface TierContext {
  readonly file: string
  readonly configsDir: string
  readonly pipelines: readonly AnyPipeline[]
}

/** Resolves one size against its pipeline's shipped config and checks that its estimate fits the tier. */
const sizeIssues = (context: TierContext, tier: HardwareTier, path: string, name: string, sizes: Record<string, string | number | boolean>) =>
  Effect.gen(function* () {
    const pipeline = context.pipelines.find((p) => p.name === name)
    if (pipeline === undefined) {
      return [{ path, message: `Expected a pipeline (${context.pipelines.map((p) => p.name).join(", ")}), actual ${JSON.stringify(name)}` }]
    }
    const resolved = yield* Effect.either(loadConfig(pipeline.schema, { file: join(context.configsDir, `${name}.yaml`), overrides: setArguments(sizes) }))
    if (resolved._tag === "Left") return resolved.left.issues.map((issue) => ({ path: `${path}.${issue.path}`, message: issue.message }))
    const estimated = Effect.try(() => pipeline.estimateMemory?.(resolved.right))
    const estimate = yield* Effect.either(estimated)
    if (estimate._tag === "Left") return [{ path, message: `Expected sizes the pipeline can build, actual ${String(estimate.left.error)}` }]
    if (estimate.right === undefined) return []
    const shortfalls = [
      ...memoryShortfalls(memoryDemand(estimate.right, placeOn(tier)), { hostBytes: tier.minimum.ramGiB * GiB, gpuBytes: tier.minimum.gpuMemoryGiB * GiB }),
      ...checkpointShortfalls(estimate.right),
    ]
    return shortfalls.length === 0
      ? []
      : [{ path, message: `Expected sizes that fit the tier's minimum machine, actual an estimated ${shortfalls.join("; ")}` }]
  })

/** Validates a decoded tiers file: names, order, every size against its pipeline and the tier's memory. */
export const validateTiers = (context: TierContext, tiers: HardwareTiers): Effect.Effect<HardwareTiers, ConfigError> =>
  Effect.gen(function* () {
    const sizes = tiers.tiers.flatMap((tier, i) =>
      hardwareModes.flatMap((mode) =>
        Object.entries(tier.sizes[mode]).map(([name, set]) => sizeIssues(context, tier, `tiers.${i}.sizes.${mode}.${name}`, name, { ...set })),
      ),
    )
    const issues = [...nameIssues(tiers), ...orderIssues(tiers), ...(yield* Effect.all(sizes)).flat()]
    if (tiers.tiers.length === 0) issues.push({ path: "tiers", message: "Expected at least one tier, actual none" })
    return issues.length === 0 ? tiers : yield* Effect.fail(new ConfigError({ file: context.file, issues }))
  })

/** Reads, decodes and validates a hardware tiers file. */
export const loadHardwareTiers = (context: TierContext): Effect.Effect<HardwareTiers, ConfigError> =>
  loadConfig(hardwareTiersSchema, { file: context.file }).pipe(Effect.flatMap((tiers) => validateTiers(context, tiers)))

/** One line per mode and pipeline: the command that runs it at the tier's size. */
export const tierCommands = (tier: HardwareTier): Array<{ mode: HardwareMode; pipeline: string; command: string }> =>
  hardwareModes.flatMap((mode) =>
    Object.entries(tier.sizes[mode]).map(([pipeline, sizes]) => ({
      mode,
      pipeline,
      command: ["hhml run", pipeline, ...setArguments(sizes).map((set) => `--set ${set}`)].join(" "),
    })),
  )

/** "8 cores, 28 GiB RAM, 14 GiB GPU" */
export const describeMinimum = (tier: HardwareTier): string =>
  [
    `${tier.minimum.cores} core${tier.minimum.cores === 1 ? "" : "s"}`,
    `${tier.minimum.ramGiB} GiB RAM`,
    tier.minimum.gpuMemoryGiB > 0 ? `${tier.minimum.gpuMemoryGiB} GiB GPU` : "no GPU",
  ].join(", ")
