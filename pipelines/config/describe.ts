/**
 * A config schema as documentation: every key with its default, accepted
 * values, unit and description, read from the annotations the field helpers
 * of stages/parameters.ts attach. `hhml list --keys` prints it and
 * docs/configuration.md is generated from it, so the docs cannot drift from
 * the schemas.
 */
import { Option, Schema, SchemaAST } from "effect"
import { ExpectationAnnotationId, UnitAnnotationId } from "../../stages/parameters.js"

export interface ConfigKey {
  /** Dotted path, e.g. `dynamics.dt`. */
  readonly key: string
  readonly default: unknown
  readonly expected: string
  readonly unit: string | null
  readonly description: string
}

export interface ConfigSectionDoc {
  readonly name: string
  readonly description: string
  readonly keys: readonly ConfigKey[]
}

/** The encoded (input) side of a struct with defaults, where the field annotations live; a section with a cross-field rule is a refinement of one. */
const fieldsOf = (ast: SchemaAST.AST): readonly SchemaAST.PropertySignature[] | null => {
  if (SchemaAST.isRefinement(ast)) return fieldsOf(ast.from)
  const side = SchemaAST.isTransformation(ast) ? ast.from : ast
  return SchemaAST.isTypeLiteral(side) ? side.propertySignatures : null
}

const annotation = (ast: SchemaAST.AST, id: symbol): string | null =>
  Option.getOrNull(SchemaAST.getAnnotation<string>(ast, id))

const documentation = (ast: SchemaAST.AST): string =>
  Option.getOrElse(SchemaAST.getDocumentationAnnotation(ast), () =>
    SchemaAST.isTransformation(ast) ? documentation(ast.to) : "",
  )

const lookup = (tree: unknown, path: readonly string[]): unknown =>
  path.reduce((node: unknown, key) => (node as Record<string, unknown> | undefined)?.[key], tree)

export const describeConfig = <A, I>(schema: Schema.Schema<A, I>): ConfigSectionDoc[] => {
  const defaults = Schema.decodeUnknownSync(schema)({})
  return (fieldsOf(schema.ast) ?? []).map((section) => {
    const name = String(section.name)
    const keys = (fieldsOf(section.type) ?? []).map((field): ConfigKey => {
      const key = String(field.name)
      return {
        key: `${name}.${key}`,
        default: lookup(defaults, [name, key]),
        expected: annotation(field.type, ExpectationAnnotationId) ?? "",
        unit: annotation(field.type, UnitAnnotationId),
        description: documentation(field.type),
      }
    })
    return { name, description: documentation(section.type), keys }
  })
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ")

/** A Markdown reference: one table per section. */
export const configMarkdown = (pipeline: string, sections: readonly ConfigSectionDoc[]): string =>
  [
    `## ${pipeline}`,
    "",
    ...sections.flatMap((section) => [
      `### \`${section.name}\`: ${section.description}`,
      "",
      "| key | default | accepted values | unit | meaning |",
      "|---|---|---|---|---|",
      ...section.keys.map(
        (k) => `| \`${k.key}\` | \`${JSON.stringify(k.default)}\` | ${cell(k.expected)} | ${k.unit ?? ""} | ${cell(k.description)} |`,
      ),
      "",
    ]),
  ].join("\n")

/** Plain text for the terminal. */
export const configText = (sections: readonly ConfigSectionDoc[]): string =>
  sections
    .flatMap((section) => [
      `  ${section.name}: ${section.description}`,
      ...section.keys.map((k) => `    ${k.key} = ${JSON.stringify(k.default)}  (${k.expected})  ${k.description}`),
    ])
    .join("\n")
