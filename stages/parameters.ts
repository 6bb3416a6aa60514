/**
 * Config fields with their defaults, units and ranges in one place.
 *
 * Each stage declares its config section with these helpers; the pipeline's
 * config schema is a struct of sections, so a YAML file only needs the keys it
 * changes, and a bad value is reported with the field's expectation.
 */
import { Schema } from "effect"

/** Annotation key under which a field's physical unit is recorded. */
export const UnitAnnotationId: unique symbol = Symbol.for("hhml/unit")

export interface NumberSpec {
  readonly default: number
  readonly description: string
  readonly unit?: string
  /** Inclusive lower bound. */
  readonly min?: number
  /** Inclusive upper bound. */
  readonly max?: number
  /** Exclusive lower bound (e.g. 0 for strictly positive). */
  readonly above?: number
  readonly integer?: boolean
}

const numberSchema = (spec: NumberSpec): Schema.Schema<number> => {
  let schema: Schema.Schema<number> = Schema.Number.pipe(Schema.finite())
  if (spec.integer) schema = schema.pipe(Schema.int())
  if (spec.above !== undefined) schema = schema.pipe(Schema.greaterThan(spec.above))
  if (spec.min !== undefined) schema = schema.pipe(Schema.greaterThanOrEqualTo(spec.min))
  if (spec.max !== undefined) schema = schema.pipe(Schema.lessThanOrEqualTo(spec.max))
  return schema.annotations({
    description: spec.description,
    ...(spec.unit === undefined ? {} : { [UnitAnnotationId]: spec.unit }),
  })
}

/** A finite number field with a default, optional bounds and unit. */
export const number = (spec: NumberSpec) => Schema.optionalWith(numberSchema(spec), { default: () => spec.default })

/** An integer field with a default and optional bounds. */
export const integer = (spec: Omit<NumberSpec, "integer">) => number({ ...spec, integer: true })

/** One of a fixed set of strings. */
export const choice = <const L extends readonly [string, ...string[]]>(spec: {
  readonly values: L
  readonly default: L[number]
  readonly description: string
}) =>
  Schema.optionalWith(Schema.Literal(...spec.values).annotations({ description: spec.description }), {
    default: () => spec.default,
  })

export const boolean = (spec: { readonly default: boolean; readonly description: string }) =>
  Schema.optionalWith(Schema.Boolean.annotations({ description: spec.description }), {
    default: () => spec.default,
  })

/**
 * A config section: a struct whose fields all have defaults, so the section
 * itself may be omitted and is then filled with those defaults.
 */
export const section = <Fields extends Schema.Struct.Fields>(fields: Fields, description: string) => {
  const struct = Schema.Struct(fields).annotations({ description })
  // Fields are context-free (built from the helpers above), so decoding needs no services.
  const defaults = Schema.decodeUnknownSync(struct as unknown as Schema.Schema<Schema.Schema.Type<typeof struct>>)({})
  return Schema.optionalWith(struct, { default: () => defaults })
}
