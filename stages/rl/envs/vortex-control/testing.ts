/**
 * Helpers for the vortex-control tests: an environment built through the
 * stages from a partial config, on a small lattice unless told otherwise.
 */
import { Chunk, Effect, Schema, Stream, pipe } from "effect"
import type { KernelName } from "../../../compute/backend.js"
import type { WorkerPool } from "../../../compute/parallel.js"
import { Prng } from "../../../prng.js"
import { driveSection, dynamicsSection, holographicDrive, lattice, latticeSection } from "../../../simulation/index.js"
import { vortexControlSection } from "./config.js"
import type { VortexControlEnvironment } from "./environment.js"
import { vortexEnvironment } from "./stage.js"

export const testConfigSchema = Schema.Struct({
  lattice: latticeSection,
  drive: driveSection,
  dynamics: dynamicsSection,
  environment: vortexControlSection,
})

export type TestConfig = Schema.Schema.Type<typeof testConfigSchema>

type Sections = { readonly [K in keyof TestConfig]?: Readonly<Record<string, unknown>> }

/** A small, quick task: a 24 × 8 Möbius band, short episodes; `overrides` replace keys section by section. */
export const testConfig = (overrides: Sections = {}): TestConfig =>
  Schema.decodeUnknownSync(testConfigSchema)({
    lattice: { geometry: "mobius", nu: 24, nv: 8, ...overrides.lattice },
    drive: { ...overrides.drive },
    dynamics: { b: 2, c: -1, ...overrides.dynamics },
    environment: { warmupSteps: 10, stepsPerAction: 5, episodeLength: 6, ...overrides.environment },
  })

/** The environment the stages build for `config` (drive sources drawn from seed 1). */
export const buildEnvironment = (config: TestConfig, kernel: KernelName = "js", pool?: WorkerPool): Promise<VortexControlEnvironment> =>
  Effect.runPromise(
    Stream.runCollect(
      pipe(
        lattice(config.lattice),
        holographicDrive(config.drive, { prng: Prng.seeded(1), kernel }),
        vortexEnvironment(config, { kernel, ...(pool === undefined ? {} : { pool }) }),
      ),
    ),
  ).then((environments) => Chunk.unsafeHead(environments) as VortexControlEnvironment)

export const testEnvironment = (overrides: Sections = {}, kernel: KernelName = "js", pool?: WorkerPool): Promise<VortexControlEnvironment> =>
  buildEnvironment(testConfig(overrides), kernel, pool)
