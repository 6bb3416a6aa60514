/**
 * The one error type for bad configuration: which file, which key path, what
 * was expected and what was found. The CLI prints it as a paragraph and exits 2.
 */
import { Data } from "effect"

export interface ConfigIssue {
  /** Dotted key path, e.g. `dynamics.dt`; empty for the document itself. */
  readonly path: string
  /** What was expected and what was found, e.g. `Expected a positive number, actual -1`. */
  readonly message: string
  /** Where the offending value came from when not the file itself, e.g. `--set dynamics.dt=-1`. */
  readonly origin?: string
}

export class ConfigError extends Data.TaggedError("ConfigError")<{
  readonly file: string
  readonly issues: readonly ConfigIssue[]
}> {
  override get message(): string {
    return formatConfigError(this)
  }
}

const describeIssue = (file: string, issue: ConfigIssue): string => {
  const where = issue.path === "" ? file : `${file}: ${issue.path}`
  return `${where}: ${issue.message}${issue.origin === undefined ? "" : ` (from ${issue.origin})`}`
}

export const formatConfigError = (error: Pick<ConfigError, "file" | "issues">): string => {
  const lines = error.issues.map((issue) => describeIssue(error.file, issue))
  return lines.length === 1 ? `Invalid config: ${lines[0]}` : `Invalid config (${lines.length} problems):\n  ${lines.join("\n  ")}`
}
