/**
 * Loading a pipeline config: read the YAML file, apply `--set` overrides,
 * decode with the pipeline's schema (defaults filled in, unknown keys
 * rejected). Every failure is a `ConfigError` naming file, key, expectation and
 * value; nothing is written anywhere.
 */
import { readFile } from "node:fs/promises"
import { Effect, Either, ParseResult, Schema } from "effect"
import YAML from "yaml"
import { ConfigError, type ConfigIssue } from "./config-error.js"

export interface ConfigSource {
  /** Path of the YAML file, as the user gave it (used in messages). */
  readonly file: string
  /** `path.to.key=value` overrides, applied in order after the file. */
  readonly overrides?: readonly string[]
}

type Tree = Record<string, unknown>

const isTree = (value: unknown): value is Tree =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const fail = (file: string, issue: ConfigIssue) => Effect.fail(new ConfigError({ file, issues: [issue] }))

const readText = (file: string) =>
  Effect.tryPromise({
    try: () => readFile(file, "utf8"),
    catch: (error) => {
      const code = (error as NodeJS.ErrnoException).code
      const found = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory" : String(error)
      return new ConfigError({ file, issues: [{ path: "", message: `Expected a readable YAML file, actual ${found}` }] })
    },
  })

/** Parses YAML text into a mapping; an empty document is an empty mapping. */
export const parseYaml = (file: string, text: string): Effect.Effect<Tree, ConfigError> => {
  const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  const [first] = document.errors
  if (first !== undefined) {
    const at = first.linePos?.[0]
    const position = at === undefined ? "" : ` at line ${at.line}, column ${at.col}`
    const reason = first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")
    return fail(file, { path: "", message: `Expected valid YAML, actual a syntax error${position}: ${reason}` })
  }
  const value: unknown = document.toJS() ?? {}
  return isTree(value)
    ? Effect.succeed(value)
    : fail(file, { path: "", message: `Expected a mapping of config sections, actual ${JSON.stringify(value)}` })
}

/** Applies one `path.to.key=value` override; the value is read as a YAML scalar or flow value. */
export const applyOverride = (file: string, tree: Tree, override: string): Effect.Effect<Tree, ConfigError> => {
  const origin = `--set ${override}`
  const equals = override.indexOf("=")
  const path = equals < 0 ? "" : override.slice(0, equals).trim()
  const keys = path.split(".")
  if (equals < 0 || keys.some((key) => key === "")) {
    return fail(file, { path, origin, message: `Expected an override of the form path.to.key=value, actual ${JSON.stringify(override)}` })
  }
  let value: unknown
  try {
    value = YAML.parse(override.slice(equals + 1))
  } catch (error) {
    return fail(file, { path, origin, message: `Expected a YAML value, actual ${(error as Error).message.split("\n")[0]}` })
  }
  const result: Tree = structuredClone(tree)
  let node = result
  for (const [depth, key] of keys.slice(0, -1).entries()) {
    const child = node[key] ?? {}
    if (!isTree(child)) {
      const prefix = keys.slice(0, depth + 1).join(".")
      return fail(file, { path: prefix, origin, message: `Expected a section to set ${path} in, actual ${JSON.stringify(child)}` })
    }
    node[key] = child
    node = child
  }
  node[keys[keys.length - 1]!] = value
  return Effect.succeed(result)
}

/**
 * Effect's formatter reports a union (e.g. a choice of literals) as one issue
 * per member; merge those into one "Expected a or b" line per key.
 */
const toIssues = (error: ParseResult.ParseError): ConfigIssue[] => {
  const byPath = new Map<string, { expected: string[]; actual: string; message: string }>()
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    const path = issue.path.join(".")
    const message =
      issue._tag === "Unexpected"
        ? `Expected no such key (${issue.message.replace(/^is unexpected, expected: /, "known keys: ")})`
        : issue.message.replace("Struct (Encoded side)", "a mapping of keys")
    const match = /^Expected (.*), actual (.*)$/s.exec(message)
    const entry = byPath.get(path)
    if (entry !== undefined && match !== null && match[2] === entry.actual) entry.expected.push(match[1]!)
    else if (entry === undefined) byPath.set(path, { expected: match ? [match[1]!] : [], actual: match?.[2] ?? "", message })
  }
  return [...byPath.entries()].map(([path, entry]) => ({
    path,
    message: entry.expected.length > 1 ? `Expected ${entry.expected.join(" or ")}, actual ${entry.actual}` : entry.message,
  }))
}

/** Marks issues whose key was set from the command line. */
const withOrigins = (issues: ConfigIssue[], overrides: readonly string[]): ConfigIssue[] =>
  issues.map((issue) => {
    const origin = overrides.findLast((o) => {
      const key = o.slice(0, o.indexOf("=")).trim()
      return issue.path === key || issue.path.startsWith(`${key}.`)
    })
    return origin === undefined ? issue : { ...issue, origin: `--set ${origin}` }
  })

/** Decodes an already-parsed tree (defaults filled, unknown keys rejected). */
export const decodeConfig = <A, I>(
  schema: Schema.Schema<A, I>,
  file: string,
  tree: unknown,
  overrides: readonly string[] = [],
): Effect.Effect<A, ConfigError> =>
  Either.match(Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })(tree), {
    onLeft: (error) => Effect.fail(new ConfigError({ file, issues: withOrigins(toIssues(error), overrides) })),
    onRight: Effect.succeed,
  })

export const loadConfig = <A, I>(schema: Schema.Schema<A, I>, source: ConfigSource): Effect.Effect<A, ConfigError> => {
  const overrides = source.overrides ?? []
  return readText(source.file).pipe(
    Effect.flatMap((text) => parseYaml(source.file, text)),
    Effect.flatMap((tree) =>
      Effect.reduce(overrides, tree, (current, override) => applyOverride(source.file, current, override)),
    ),
    Effect.flatMap((tree) => decodeConfig(schema, source.file, tree, overrides)),
  )
}
