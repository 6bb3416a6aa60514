import { existsSync } from "node:fs"
import { mkdtemp, readFile, readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Fiber } from "effect"
import YAML from "yaml"
import { describe, expect, it } from "vitest"
import { type Manifest, canonicalJson, configHash } from "./manifest.js"
import { type RunOptions, openRunDirectory } from "./run-directory.js"

const options = (resultsDir: string): RunOptions => ({
  resultsDir,
  pipeline: "demo",
  config: { run: { seed: 4, cycles: 3 }, b: { x: 1 } },
  seed: 4,
  compute: { kernel: "js", backend: "cpu" },
  command: ["hhml", "run", "demo"],
})

const readManifest = async (path: string): Promise<Manifest> =>
  JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as Manifest

describe("openRunDirectory", () => {
  it("writes the resolved config and a complete manifest, then records completion", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hhml-runs-"))
    const opts = options(dir)
    let path = ""
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const run = yield* openRunDirectory(opts)
          path = run.path
          const running = yield* Effect.promise(() => readManifest(run.path))
          expect(running.status).toBe("running")
          expect(running.endedAt).toBeNull()
          run.completeCycle(0)
          run.completeCycle(1)
          run.completeCycle(2)
        }),
      ),
    )
    const manifest = await readManifest(path)
    expect(manifest).toMatchObject({
      pipeline: "demo",
      seed: 4,
      status: "completed",
      cyclesCompleted: 3,
      compute: { kernel: "js", backend: "cpu" },
      command: ["hhml", "run", "demo"],
      configHash: configHash(opts.config),
    })
    expect(manifest.runId).toMatch(/^demo-\d{8}-\d{6}-[0-9a-f]{6}$/)
    expect(manifest.versions.node).toBe(process.version)
    expect(manifest.versions.packages.effect).toMatch(/^\d+\.\d+\.\d+/)
    expect(manifest.host.cores).toBeGreaterThan(0)
    expect(Date.parse(manifest.endedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(manifest.startedAt))
    expect(YAML.parse(await readFile(join(path, "config.yaml"), "utf8"))).toEqual(opts.config)
    // No temporary files left behind by the atomic writes.
    expect((await readdir(path)).sort()).toEqual(["config.yaml", "manifest.json"])
  })

  it("records a failure with its reason, and an interruption", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hhml-runs-"))
    let failedPath = ""
    const failed = Effect.scoped(
      Effect.gen(function* () {
        const run = yield* openRunDirectory(options(dir))
        failedPath = run.path
        return yield* Effect.fail(new Error("kernel diverged"))
      }),
    )
    await Effect.runPromiseExit(failed)
    expect(await readManifest(failedPath)).toMatchObject({ status: "failed", reason: "kernel diverged" })

    let interruptedPath = ""
    const endless = Effect.scoped(
      Effect.gen(function* () {
        const run = yield* openRunDirectory(options(dir))
        interruptedPath = run.path
        return yield* Effect.never
      }),
    )
    const fiber = Effect.runFork(endless)
    while (interruptedPath === "" || !existsSync(join(interruptedPath, "manifest.json"))) await new Promise((r) => setTimeout(r, 5))
    await Effect.runPromise(Fiber.interrupt(fiber))
    expect(await readManifest(interruptedPath)).toMatchObject({ status: "interrupted" })
    expect(interruptedPath).not.toBe(failedPath)
  })

  it("hashes configs independently of key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe('{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}')
    expect(configHash({ x: 1, y: 2 })).toBe(configHash({ y: 2, x: 1 }))
    expect(configHash({ x: 1 })).not.toBe(configHash({ x: 2 }))
  })
})
