/**
 * The Docker files (docker/) against the project: every command an image or
 * a compose service runs exists (the `hhml` subcommand and its options in the
 * real CLI's help, the pipeline in the registry, the config in configs/); the
 * scripts run the docker commands they document and refuse bad arguments with
 * exit 2 (docker replaced by a stub that records its arguments); shellcheck,
 * docker-compose and dockerfile-utils find nothing wrong.
 */
import { execFile, spawn } from "node:child_process"
import { accessSync, constants, existsSync, readFileSync, readdirSync } from "node:fs"
import { chmod, copyFile, mkdir, mkdtemp, readFile, stat, symlink, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { validate } from "dockerfile-utils"
import { beforeAll, describe, expect, it } from "vitest"
import YAML from "yaml"
import { findPipeline } from "../registry.js"
import { projectRoot } from "../project.js"
import { findProgram } from "./doctor.js"
import { resolveConfigFile } from "./run-command.js"
import { hhml } from "./testing.js"

const docker = join(projectRoot, "docker")
const dockerfiles = readdirSync(docker).filter((name) => name.startsWith("Dockerfile."))
const composeFile = join(docker, "docker-compose.yml")
const buildScript = join(docker, "scripts", "build.sh")
const runScript = join(docker, "scripts", "run.sh")

// ---------------------------------------------------------------- parsing

/** The instructions of a Dockerfile's final stage, continuation lines joined, comments dropped. */
const finalStage = (text: string): Array<{ instruction: string; args: string }> => {
  const logical = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [instruction = "", ...rest] = line.split(/\s+/)
      return { instruction: instruction.toUpperCase(), args: rest.join(" ") }
    })
  const lastFrom = logical.findLastIndex((i) => i.instruction === "FROM")
  return logical.slice(lastFrom)
}

/** An exec-form argument list; shell form is refused (signals must reach node, not a shell). */
const execForm = (where: string, args: string): string[] => {
  const parsed: unknown = JSON.parse(args)
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string")) throw new Error(`${where}: expected a JSON array of strings, got ${args}`)
  return parsed
}

interface ImageCommands {
  readonly entrypoint: string[] | null
  readonly cmd: string[] | null
  readonly healthcheck: string[] | null
}

const imageCommands = (file: string): ImageCommands => {
  const stage = finalStage(readFileSync(join(docker, file), "utf8"))
  const last = (name: string) => stage.findLast((i) => i.instruction === name)?.args ?? null
  const entrypoint = last("ENTRYPOINT")
  const cmd = last("CMD")
  const healthcheck = last("HEALTHCHECK")
  const healthCmd = healthcheck === null ? null : (/\bCMD\s+(\[.*\])$/.exec(healthcheck)?.[1] ?? "not exec form")
  return {
    entrypoint: entrypoint === null ? null : execForm(`${file} ENTRYPOINT`, entrypoint),
    cmd: cmd === null ? null : execForm(`${file} CMD`, cmd),
    healthcheck: healthCmd === null ? null : execForm(`${file} HEALTHCHECK`, healthCmd),
  }
}

interface ComposeService {
  readonly image?: string
  readonly build?: { readonly context: string; readonly dockerfile: string }
  readonly entrypoint?: string[]
  readonly command?: string[]
  readonly healthcheck?: { readonly test: string[] }
  readonly profiles?: string[]
}

const compose = YAML.parse(readFileSync(composeFile, "utf8")) as { services: Record<string, ComposeService> }

/** Services of a third-party image (the sweep's Redis): they run no hhml and are checked on their own. */
const thirdParty = new Set(["hhml-redis"])
const hhmlServices = Object.entries(compose.services).filter(([name]) => !thirdParty.has(name))

/** Compose interpolation as with no variables set: `${NAME:-default}` is the default, `${NAME}` empty. */
const interpolate = (value: string): string => value.replace(/\$\{[A-Z_]+(?::?-([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? "")

const dockerfileOf = (service: ComposeService): string => service.build!.dockerfile.replace(/^docker\//, "")

/** What a service's container runs: compose's entrypoint and command over the image's. */
const serviceCommands = (name: string, service: ComposeService): Array<{ where: string; argv: string[] }> => {
  const image = imageCommands(dockerfileOf(service))
  const entrypoint = service.entrypoint ?? image.entrypoint ?? []
  // A compose entrypoint drops the image's CMD.
  const command = service.command ?? (service.entrypoint === undefined ? (image.cmd ?? []) : [])
  const health = service.healthcheck?.test ?? (image.healthcheck === null ? null : ["CMD", ...image.healthcheck])
  if (health !== null && health[0] !== "CMD") throw new Error(`${name} healthcheck: expected ["CMD", ...] (exec form), got ${JSON.stringify(health)}`)
  return [
    { where: `${name} command`, argv: [...entrypoint, ...command].map(interpolate) },
    ...(health === null ? [] : [{ where: `${name} healthcheck`, argv: health.slice(1).map(interpolate) }]),
  ]
}

/** Every command the images and services run. */
const everyCommand = (): Array<{ where: string; argv: string[] }> => [
  ...dockerfiles.flatMap((file) => {
    const { entrypoint, cmd, healthcheck } = imageCommands(file)
    return [
      { where: `${file} ENTRYPOINT + CMD`, argv: [...(entrypoint ?? []), ...(cmd ?? [])] },
      ...(healthcheck === null ? [] : [{ where: `${file} HEALTHCHECK`, argv: healthcheck }]),
    ]
  }),
  ...hhmlServices.flatMap(([name, service]) => serviceCommands(name, service)),
]

/** The hhml arguments of a command: `hhml ...` or `npm run [--silent] hhml -- ...`; null for another program. */
const hhmlArguments = (argv: readonly string[]): string[] | null => {
  if (argv[0] === "hhml") return argv.slice(1)
  const npm = /^npm run (?:--silent )?hhml -- /.exec(argv.join(" "))
  return npm === null ? null : argv.slice(argv.indexOf("--") + 1)
}

/** Programs of the base images that commands may run besides hhml: node for a health probe, bash in the dev shell. */
const basePrograms = new Set(["node", "bash"])

// ---------------------------------------------------------------- the real CLI

const hhmlHelp = async (args: readonly string[]): Promise<string> => {
  const result = await hhml(...args, "--help")
  if (result.code !== 0) throw new Error(`hhml ${args.join(" ")} --help exited ${result.code}`)
  return result.stdout
}

const section = (help: string, title: string): string => help.split(`\n${title}:\n`)[1]?.split(/\n\n/)[0] ?? ""

const subcommandsIn = (help: string): string[] =>
  section(help, "Commands")
    .split("\n")
    .map((line) => /^ {2}([a-z][a-z-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)

const longOptionsIn = (help: string): Set<string> => new Set(section(help, "Options").match(/--[a-z][a-z0-9-]*/g) ?? [])

describe("the commands the Docker images and compose services run", () => {
  const commands = everyCommand()
  const invocations = commands.flatMap(({ where, argv }) => {
    const args = hhmlArguments(argv)
    return args === null ? [] : [{ where, args }]
  })
  let subcommands: string[] = []
  const optionsOf = new Map<string, Set<string>>()

  beforeAll(async () => {
    const used = [...new Set(invocations.map(({ args }) => args[0]!))]
    const [top, ...each] = await Promise.all([hhmlHelp([]), ...used.map((name) => hhmlHelp([name]).catch(() => ""))])
    subcommands = subcommandsIn(top!)
    used.forEach((name, i) => optionsOf.set(name, longOptionsIn(each[i]!)))
  })

  it("are found: three Dockerfiles, six services, every one with a command", () => {
    expect(dockerfiles.sort()).toEqual(["Dockerfile.cpu", "Dockerfile.cuda", "Dockerfile.dev"])
    expect(Object.keys(compose.services).sort()).toEqual(["hhml-dev", "hhml-monitor", "hhml-redis", "hhml-training", "hhml-whitepaper", "hhml-worker"])
    for (const { where, argv } of commands) expect(argv.length, where).toBeGreaterThan(0)
    expect(invocations.map(({ where }) => where)).toEqual(expect.arrayContaining(["hhml-training command", "hhml-monitor command", "hhml-worker command"]))
  })

  it("publish the dashboard from the relay only, on the host's loopback, following the training run over the compose network", () => {
    const services = compose.services as Record<string, ComposeService & { ports?: string[]; healthcheck?: { test: string[] } }>
    const monitor = invocations.find(({ where }) => where === "hhml-monitor command")!.args
    expect(monitor.slice(0, 2)).toEqual(["monitor", "http://hhml-training:8080/"])
    expect(monitor[monitor.indexOf("--serve") + 1]).toBe("8080")
    expect(monitor[monitor.indexOf("--monitor-host") + 1]).toBe("0.0.0.0")
    const training = invocations.find(({ where }) => where === "hhml-training command")!.args
    expect(training[training.indexOf("--monitor") + 1]).toBe("8080")
    expect(training[training.indexOf("--monitor-host") + 1]).toBe("0.0.0.0")
    expect(services["hhml-monitor"]!.ports!.map(interpolate)).toEqual(["127.0.0.1:8080:8080"])
    expect(services["hhml-training"]!.ports).toBeUndefined()
    for (const name of ["hhml-training", "hhml-monitor"]) expect(services[name]!.healthcheck!.test.join(" "), name).toContain("fetch('http://127.0.0.1:'")
  })

  it("run the sweep's Redis with a password from a secret, the workers on the same queue and secret, both under the sweep profile", () => {
    const services = compose.services as Record<string, ComposeService & { secrets?: string[]; environment?: string[]; command: string[] }>
    const redis = services["hhml-redis"]!
    expect(redis.image).toMatch(/^redis:7(\.|-|$)/)
    expect(redis.command.join(" ")).toContain('--requirepass "$$(cat /run/secrets/hhml_queue_password)"')
    const worker = services["hhml-worker"]!
    for (const service of [redis, worker]) {
      expect(service.profiles).toEqual(["sweep"])
      expect(service.secrets).toEqual(["hhml_queue_password"])
    }
    expect(worker.environment!.map(interpolate)).toEqual(["HHML_QUEUE=redis://hhml-redis:6379", "HHML_QUEUE_PASSWORD_FILE=/run/secrets/hhml_queue_password"])
    expect((compose as unknown as { secrets: Record<string, { file: string }> }).secrets.hhml_queue_password!.file).toBe("./secrets/queue-password")
  })

  it("run hhml or a program of the base image, nothing else", () => {
    for (const { where, argv } of commands) {
      if (hhmlArguments(argv) === null) expect(basePrograms, `${where}: ${argv.join(" ")}`).toContain(argv[0])
    }
  })

  it("name hhml subcommands and options that exist", () => {
    for (const { where, args } of invocations) {
      const [subcommand, ...rest] = args
      expect(subcommands, `${where}: hhml ${args.join(" ")}`).toContain(subcommand)
      const known = optionsOf.get(subcommand!)!
      for (const option of rest.filter((arg) => arg.startsWith("--"))) {
        if (option !== "--help") expect(known, `${where}: hhml ${subcommand} has no option ${option}`).toContain(option)
      }
    }
  })

  it("name pipelines of the registry and configs of configs/", () => {
    const runs = invocations.filter(({ args }) => args[0] === "run")
    expect(runs.length).toBeGreaterThan(0)
    for (const { where, args } of runs) {
      const pipeline = args[1]!
      expect(findPipeline(pipeline), `${where}: pipeline ${pipeline}`).toBeDefined()
      const config = args[args.indexOf("--config") + 1]
      if (args.includes("--config")) expect(existsSync(resolveConfigFile(pipeline, config)), `${where}: config ${config}`).toBe(true)
    }
  })

  it("build the images the services name, from Dockerfiles that exist", () => {
    for (const [name, service] of hhmlServices) {
      const flavour = /^Dockerfile\.(.+)$/.exec(dockerfileOf(service))?.[1]
      expect(dockerfiles, name).toContain(dockerfileOf(service))
      expect(service.build?.context, name).toBe("..")
      expect(service.image, `${name}: the tag build.sh gives its Dockerfile`).toBe(`hhml:${flavour}-latest`)
    }
  })

  it("run as a non-root user with a health check, and keep results in the data volume", () => {
    for (const file of dockerfiles) {
      const stage = finalStage(readFileSync(join(docker, file), "utf8"))
      const user = stage.findLast((i) => i.instruction === "USER")?.args
      expect(user, file).toBe("hhml")
      expect(stage.some((i) => i.instruction === "HEALTHCHECK"), file).toBe(true)
      expect(stage.find((i) => i.instruction === "ENV" && i.args.includes("HHML_DATA_DIR=/app/data")), file).toBeDefined()
    }
    for (const name of ["hhml-training", "hhml-monitor", "hhml-whitepaper", "hhml-worker"]) {
      expect((compose.services[name] as { volumes: string[] }).volumes, name).toContain("../data:/app/data")
    }
  })

  it("leave the docker scripts the docs name in place and executable", () => {
    const texts = [
      ...dockerfiles.map((file) => readFileSync(join(docker, file), "utf8")),
      readFileSync(composeFile, "utf8"),
      ...readdirSync(join(projectRoot, "docs", "deployment")).map((file) => readFileSync(join(projectRoot, "docs", "deployment", file), "utf8")),
    ]
    const named = new Set(texts.flatMap((text) => text.match(/docker\/scripts\/[a-z-]+\.sh/g) ?? []))
    expect([...named].sort()).toEqual(["docker/scripts/build.sh", "docker/scripts/run.sh"])
    for (const script of named) expect(() => accessSync(join(projectRoot, script), constants.X_OK), script).not.toThrow()
  })
})

// ---------------------------------------------------------------- the scripts

interface ScriptResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  /** Each docker call: its arguments, and HHML_MONITOR_TOKEN as docker saw it. */
  readonly calls: Array<{ args: string[]; token: string }>
}

let stubDir: string

beforeAll(async () => {
  stubDir = await mkdtemp(join(tmpdir(), "hhml-docker-stub-"))
  // One record per call: the token line, then one argument per line, then a blank line.
  const stub = '#!/bin/sh\n{ printf "token=%s\\n" "${HHML_MONITOR_TOKEN:-}"; for a in "$@"; do printf "%s\\n" "$a"; done; printf "\\n"; } >> "$DOCKER_CALLS"\n'
  await writeFile(join(stubDir, "docker"), stub)
  await chmod(join(stubDir, "docker"), 0o755)
  // A docker without the compose plugin, and Compose v1 beside it recording its calls as `docker-compose ...`.
  await mkdir(join(stubDir, "v1"))
  await writeFile(join(stubDir, "v1", "docker"), '#!/bin/sh\n[ "$1" = compose ] && exit 1\nexit 0\n')
  await writeFile(join(stubDir, "v1", "docker-compose"), stub.replace('for a in "$@"', 'for a in docker-compose "$@"'))
  await chmod(join(stubDir, "v1", "docker"), 0o755)
  await chmod(join(stubDir, "v1", "docker-compose"), 0o755)
  // Neither: that docker, and only the programs run.sh needs besides it.
  await mkdir(join(stubDir, "none"))
  await copyFile(join(stubDir, "v1", "docker"), join(stubDir, "none", "docker"))
  for (const program of ["bash", "dirname", "basename"]) await symlink(findProgram(program)!, join(stubDir, "none", program))
})

const runBash = async (script: string, args: readonly string[], env: Record<string, string> = {}, path = `${stubDir}:/usr/bin:/bin`): Promise<ScriptResult> => {
  const calls = join(stubDir, `calls-${Math.random().toString(36).slice(2)}`)
  await writeFile(calls, "")
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn("bash", [script, ...args], {
      cwd: tmpdir(),
      env: { PATH: path, DOCKER_CALLS: calls, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let out = ""
    let err = ""
    child.stdout.on("data", (data: Buffer) => (out += data.toString()))
    child.stderr.on("data", (data: Buffer) => (err += data.toString()))
    child.on("error", reject)
    child.on("close", (exit) => resolve({ code: exit, stdout: out, stderr: err }))
  })
  const records = (await readFile(calls, "utf8")).split("\n\n").filter((record) => record !== "")
  return {
    code,
    stdout,
    stderr,
    calls: records
      .map((record) => {
        const [token = "", ...args] = record.split("\n")
        return { token: token.replace(/^token=/, ""), args: args.filter((a) => a !== "") }
      })
      // run.sh asks which Compose there is before each compose command.
      .filter((call) => call.args.join(" ") !== "compose version"),
  }
}

const composeCall = (...args: string[]) => ["compose", "--file", composeFile, ...args]

describe("docker/scripts/build.sh", () => {
  it("refuses bad arguments with exit 2 and its usage, calling no docker", async () => {
    for (const args of [[], ["gpu"], ["cpu", "dev"], ["--help"]]) {
      const result = await runBash(buildScript, args)
      expect(result.code, args.join(" ")).toBe(2)
      expect(result.stderr).toContain("usage: build.sh cpu|cuda|dev|all")
      expect(result.calls).toEqual([])
    }
    const root = await runBash(buildScript, ["cpu"], { HHML_UID: "0" })
    expect(root.code).toBe(2)
    expect(root.stderr).toContain('HHML_UID must be a positive integer (not root), got "0"')
    expect(root.calls).toEqual([])
  })

  it("builds each image from its Dockerfile with the tag the compose file uses", async () => {
    const all = await runBash(buildScript, ["all"], { HHML_UID: "1234" })
    expect(all.code).toBe(0)
    expect(all.calls.map((c) => c.args)).toEqual(
      ["cpu", "cuda", "dev"].map((flavour) => [
        "build",
        "--file",
        join(docker, `Dockerfile.${flavour}`),
        "--tag",
        `hhml:${flavour}-latest`,
        "--build-arg",
        "HHML_UID=1234",
        projectRoot,
      ]),
    )
    const cuda = await runBash(buildScript, ["cuda"])
    expect(cuda.calls.map((c) => c.args)).toEqual([["build", "--file", join(docker, "Dockerfile.cuda"), "--tag", "hhml:cuda-latest", "--build-arg", "HHML_UID=1000", projectRoot]])
  })
})

describe("docker/scripts/run.sh", () => {
  it("refuses bad arguments with exit 2 and its usage, calling no docker", async () => {
    for (const args of [[], ["deploy"], ["whitepaper"], ["whitepaper", ""], ["whitepaper", "a", "b"], ["production", "now"], ["stop", "all"], ["logs", "a", "b"], ["sweep", "0"], ["sweep", "two"], ["sweep", "2", "3"]]) {
      const result = await runBash(runScript, args)
      expect(result.code, JSON.stringify(args)).toBe(2)
      expect(result.stderr).toContain("usage: run.sh production | development | whitepaper <run-id> | sweep [workers] | stop | logs [service]")
      expect(result.calls).toEqual([])
    }
  })

  it("production starts training and monitor with a fresh dashboard token, or the one given", async () => {
    const fresh = await runBash(runScript, ["production"])
    expect(fresh.code).toBe(0)
    expect(fresh.calls.map((c) => c.args)).toEqual([composeCall("up", "--detach", "hhml-training", "hhml-monitor")])
    const token = fresh.calls[0]!.token
    expect(token).toMatch(/^[0-9a-f]{48}$/)
    expect(fresh.stdout).toContain(`Dashboard: http://127.0.0.1:8080/?token=${token}`)
    const again = await runBash(runScript, ["production"])
    expect(again.calls[0]!.token).not.toBe(token)
    const given = await runBash(runScript, ["production"], { HHML_MONITOR_TOKEN: "a-token-of-my-own-choosing", HHML_MONITOR_PORT: "9000" })
    expect(given.calls[0]!.token).toBe("a-token-of-my-own-choosing")
    expect(given.stdout).toContain("Dashboard: http://127.0.0.1:9000/?token=a-token-of-my-own-choosing")
  })

  it("uses docker-compose where docker has no compose plugin, and says what it needs where neither is there", async () => {
    const v1 = await runBash(runScript, ["stop"], {}, `${join(stubDir, "v1")}:/usr/bin:/bin`)
    expect(v1.code).toBe(0)
    expect(v1.calls.map((c) => c.args)).toEqual([["docker-compose", "--file", composeFile, "--profile", "tools", "--profile", "dev", "--profile", "sweep", "down"]])
    const none = await runBash(runScript, ["stop"], {}, join(stubDir, "none"))
    expect(none.code).toBe(1)
    expect(none.stderr).toContain("run.sh: needs Docker Compose: the docker compose plugin (docker-compose-plugin) or docker-compose")
  })

  it("runs the on-demand services under their profiles, stops and follows logs", async () => {
    const expected: Array<[string[], string[]]> = [
      [["whitepaper", "simulate-20250101T000000Z-abc"], composeCall("--profile", "tools", "run", "--rm", "hhml-whitepaper", "simulate-20250101T000000Z-abc")],
      [["development"], composeCall("--profile", "dev", "run", "--rm", "hhml-dev")],
      [["stop"], composeCall("--profile", "tools", "--profile", "dev", "--profile", "sweep", "down")],
      [["logs"], composeCall("logs", "--follow")],
      [["logs", "hhml-monitor"], composeCall("logs", "--follow", "hhml-monitor")],
    ]
    for (const [args, call] of expected) {
      const result = await runBash(runScript, args)
      expect(result.code, args.join(" ")).toBe(0)
      expect(result.calls.map((c) => c.args)).toEqual([call])
    }
  })

  it("sweep makes the queue's password once, privately, and starts Redis and the workers", async () => {
    const copy = await mkdtemp(join(tmpdir(), "hhml-docker-"))
    await mkdir(join(copy, "scripts"))
    await writeFile(join(copy, "scripts", "run.sh"), readFileSync(runScript, "utf8"))
    const script = join(copy, "scripts", "run.sh")
    const first = await runBash(script, ["sweep"])
    expect(first.code).toBe(0)
    const passwordFile = join(copy, "secrets", "queue-password")
    const password = readFileSync(passwordFile, "utf8")
    expect(password).toMatch(/^[0-9a-f]{64}$/)
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600)
    const ownCompose = ["compose", "--file", join(copy, "docker-compose.yml")]
    expect(first.calls.map((c) => c.args)).toEqual([[...ownCompose, "--profile", "sweep", "up", "--detach", "--scale", "hhml-worker=2", "hhml-redis", "hhml-worker"]])
    const again = await runBash(script, ["sweep", "5"])
    expect(readFileSync(passwordFile, "utf8")).toBe(password)
    expect(again.calls.map((c) => c.args)).toEqual([[...ownCompose, "--profile", "sweep", "up", "--detach", "--scale", "hhml-worker=5", "hhml-redis", "hhml-worker"]])
  })

  it("names services of the compose file, under the profiles they have", () => {
    const script = readFileSync(runScript, "utf8")
    for (const [service, profile] of [["hhml-whitepaper", "tools"], ["hhml-dev", "dev"]] as const) {
      expect(script).toContain(`--profile ${profile} run --rm ${service}`)
      expect(compose.services[service]!.profiles).toEqual([profile])
    }
    expect(script).toContain("--profile sweep up --detach --scale")
    for (const service of ["hhml-training", "hhml-monitor"]) expect(compose.services[service]!.profiles).toBeUndefined()
  })
})

// ---------------------------------------------------------------- linters

const run = promisify(execFile)
const shellcheck = findProgram("shellcheck")
const dockerCompose = findProgram("docker-compose")
if (shellcheck === null) console.log("shellcheck test skipped: shellcheck is not on PATH (apt-get install shellcheck; .ci/run installs it)")
if (dockerCompose === null) console.log("compose validation skipped: docker-compose is not on PATH (apt-get install docker-compose; .ci/run installs it)")

describe("linters", () => {
  it.skipIf(shellcheck === null)("shellcheck finds nothing in the scripts", async () => {
    const result = await run(shellcheck!, ["--severity=style", buildScript, runScript]).then(
      () => ({ code: 0, output: "" }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    )
    expect(result).toEqual({ code: 0, output: "" })
  })

  it.skipIf(dockerCompose === null)("docker-compose accepts the compose file, and refuses a broken one", async () => {
    await expect(run(dockerCompose!, ["--file", composeFile, "config", "--quiet"], { cwd: docker })).resolves.toBeDefined()
    const broken = join(await mkdtemp(join(tmpdir(), "hhml-compose-")), "docker-compose.yml")
    await writeFile(broken, readFileSync(composeFile, "utf8").replace("    init: true\n", "    init: yes-please\n"))
    await expect(run(dockerCompose!, ["--file", broken, "config", "--quiet"])).rejects.toMatchObject({ stderr: expect.stringContaining("init") })
  })

  it("dockerfile-utils finds no problem in the Dockerfiles, and finds a planted one", () => {
    for (const file of dockerfiles) {
      const problems = validate(readFileSync(join(docker, file), "utf8")).map((d) => `${file}:${d.range.start.line + 1}: ${d.message}`)
      expect(problems).toEqual([])
    }
    const planted = validate(readFileSync(join(docker, "Dockerfile.cpu"), "utf8").replace("HEALTHCHECK --interval=60s", "HEALTHCHECK --interval=60"))
    expect(planted.map((d) => d.message).join("\n")).toMatch(/duration/i)
  })
})
