/**
 * docs/configuration.md: the reference of every pipeline's config keys,
 * generated from the schemas (`hhml list --markdown`); a test keeps the
 * committed file equal to this output.
 */
import type { AnyPipeline } from "../pipeline.js"
import { configMarkdown, describeConfig } from "./describe.js"

export const configReference = (pipelines: readonly AnyPipeline[]): string =>
  [
    "# Configuration reference",
    "",
    "Generated from the config schemas by `npx hhml list --markdown > docs/configuration.md`; do not edit by hand.",
    "Every key is optional in a YAML file; a missing key takes its default. Override any key on the command",
    "line with `--set section.key=value` (the value is read as YAML).",
    "",
    ...pipelines.map((pipeline) => configMarkdown(pipeline.name, describeConfig(pipeline.schema))),
  ].join("\n")
