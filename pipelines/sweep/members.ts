/**
 * Resolving a sweep's members: each member's config is the base config file
 * with the command's `--set` overrides, then the member's own assignments,
 * decoded by the pipeline's schema exactly as `hhml run` would. Every member
 * is checked before anything is queued; a bad key or value is reported with
 * the member and the flag it came from.
 */
import { Effect, Either } from "effect"
import { ConfigError, type ConfigIssue } from "../config/config-error.js"
import { loadConfig } from "../config/load-config.js"
import type { AnyPipeline } from "../pipeline.js"
import { type Member, describeMember, overrideOf } from "./sweep-spec.js"

export interface ResolvedMember extends Member {
  /** The fully resolved config, as the pipeline's schema decoded it. */
  readonly config: unknown
}

/** Most issues listed, and most members named per issue. */
const shownIssues = 12
const shownMembers = 8

/**
 * One issue per distinct problem, naming the members that have it (a bad key
 * swept over many values is one problem per value, an unknown key one in
 * all), with the origin of a swept value replaced by the flag the user typed.
 */
const sweepIssues = (failures: ReadonlyArray<{ readonly member: Member; readonly error: ConfigError }>): ConfigIssue[] => {
  const grouped = new Map<string, { issue: ConfigIssue; members: Member[] }>()
  for (const { member, error } of failures) {
    for (const issue of error.issues) {
      const assignment = member.assignments.find((a) => issue.origin === `--set ${overrideOf(a)}`)
      const origin = assignment === undefined ? issue.origin : assignment.origin
      const key = JSON.stringify([issue.path, issue.message, origin])
      const entry = grouped.get(key) ?? { issue: { path: issue.path, message: issue.message, ...(origin === undefined ? {} : { origin }) }, members: [] }
      entry.members.push(member)
      grouped.set(key, entry)
    }
  }
  return [...grouped.values()].map(({ issue, members }) => {
    const [first] = members
    const listed = members.slice(0, shownMembers).map((m) => m.member).join(", ")
    const more = members.length > shownMembers ? ` and ${members.length - shownMembers} more` : ""
    const who = members.length === 1 && first !== undefined ? `member ${first.member} (${describeMember(first)})` : `members ${listed}${more}`
    return { ...issue, path: issue.path === "" ? who : `${who}: ${issue.path}` }
  })
}

export const resolveMembers = (
  pipeline: AnyPipeline,
  source: { readonly file: string; readonly overrides: readonly string[] },
  members: readonly Member[],
): Effect.Effect<ResolvedMember[], ConfigError> =>
  Effect.gen(function* () {
    const decoded = yield* Effect.forEach(members, (member) =>
      Effect.either(loadConfig(pipeline.schema, { file: source.file, overrides: [...source.overrides, ...member.assignments.map(overrideOf)] })).pipe(
        Effect.map((result) => ({ member, result })),
      ),
    )
    const issues = sweepIssues(decoded.flatMap(({ member, result }) => (Either.isLeft(result) ? [{ member, error: result.left }] : [])))
    if (issues.length > 0) {
      const more = issues.length - shownIssues
      const shown = more > 0 ? [...issues.slice(0, shownIssues), { path: "", message: `... and ${more} more` }] : issues
      return yield* Effect.fail(new ConfigError({ file: source.file, issues: shown }))
    }
    return decoded.map(({ member, result }) => ({ ...member, config: Either.getOrThrow(result) }))
  })
