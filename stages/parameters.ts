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

/** Annotation key under which a field's accepted values are stated in words (for errors and docs). */
export const ExpectationAnnotationId: unique symbol = Symbol.for("hhml/expectation")

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

/** The values a number field accepts, in words, e.g. `an integer >= 1`. */
export const describeNumber = (spec: NumberSpec): string => {
  const bounds = [
    spec.above === undefined ? null : `> ${spec.above}`,
    spec.min === undefined ? null : `>= ${spec.min}`,
    spec.max === undefined ? null : `<= ${spec.max}`,
  ].filter((bound) => bound !== null)
  return `${spec.integer ? "an integer" : "a finite number"}${bounds.length > 0 ? ` ${bounds.join(" and ")}` : ""}`
}

const numberSchema = (spec: NumberSpec): Schema.Schema<number> => {
  let schema: Schema.Schema<number> = Schema.Number.pipe(Schema.finite())
  if (spec.integer) schema = schema.pipe(Schema.int())
  if (spec.above !== undefined) schema = schema.pipe(Schema.greaterThan(spec.above))
  if (spec.min !== undefined) schema = schema.pipe(Schema.greaterThanOrEqualTo(spec.min))
  if (spec.max !== undefined) schema = schema.pipe(Schema.lessThanOrEqualTo(spec.max))
  const accepted = describeNumber(spec)
  const expected = spec.unit === undefined ? accepted : `${accepted} (${spec.unit})`
  return schema.annotations({
    documentation: spec.description,
    [ExpectationAnnotationId]: accepted,
    // One message for every way the value can be wrong: it states the whole range, not only the first bound broken.
    message: (issue) => ({ message: `Expected ${expected}, actual ${JSON.stringify(issue.actual)}`, override: true }),
    ...(spec.unit === undefined ? {} : { [UnitAnnotationId]: spec.unit }),
  })
}

/** A finite number field with a default, optional bounds and unit. */
export const number = (spec: NumberSpec) => Schema.optionalWith(numberSchema(spec), { default: () => spec.default, exact: true })

/** An integer field with a default and optional bounds. */
export const integer = (spec: Omit<NumberSpec, "integer">) => number({ ...spec, integer: true })

/** One of a fixed set of strings. */
export const choice = <const L extends readonly [string, ...string[]]>(spec: {
  readonly values: L
  readonly default: L[number]
  readonly description: string
}) =>
  Schema.optionalWith(Schema.Literal(...spec.values).annotations({
      documentation: spec.description,
      [ExpectationAnnotationId]: spec.values.map((value) => JSON.stringify(value)).join(" | "),
    }), {
    default: () => spec.default,
    exact: true,
  })

export const boolean = (spec: { readonly default: boolean; readonly description: string }) =>
  Schema.optionalWith(Schema.Boolean.annotations({ documentation: spec.description, [ExpectationAnnotationId]: "true | false" }), {
    default: () => spec.default,
    exact: true,
  })

/**
 * A config section: a struct whose fields all have defaults, so the section
 * itself may be omitted and is then filled with those defaults.
 */
export const section = <Fields extends Schema.Struct.Fields>(fields: Fields, description: string) => {
  const struct = Schema.Struct(fields).annotations({ documentation: description })
  // Fields are context-free (built from the helpers above), so decoding needs no services.
  const defaults = Schema.decodeUnknownSync(struct as unknown as Schema.Schema<Schema.Schema.Type<typeof struct>>)({})
  return Schema.optionalWith(struct, { default: () => defaults, exact: true })
}
