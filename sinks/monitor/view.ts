/**
 * How the monitor sees a pipeline's records: a view turns a record into
 * metrics (numeric scalars by name), events, and optionally the field to draw
 * on the lattice chart. Pipelines with records of their own shape give a view
 * (the simulation's is `simulationMonitorView`); every other stream is
 * watched through `genericMonitorView`.
 */
import type { ComplexField } from "../../stages/simulation/field.js"
import type { FieldSnapshot } from "../../stages/simulation/frame.js"
import type { Lattice } from "../../stages/simulation/lattice/lattice.js"
import type { MetricColumn, MetricValues, MonitorEvent } from "./protocol.js"

/** A field on a lattice, and optionally the plaquette charges to mark as + and - vortices. */
export type { FieldSnapshot }

export interface MonitorView<A> {
  /** What is known in advance of the metric columns (types, units, groups), used for the names a record sends; others are added as they appear. */
  readonly columns?: readonly MetricColumn[]
  readonly metrics: (record: A) => MetricValues
  readonly events?: (record: A) => readonly MonitorEvent[]
  /** Called only when a field frame is due, so it may be costly. */
  readonly field?: (record: A) => FieldSnapshot | null
}

/** Names never charted as metrics: the record's position in the run. */
const positionKeys = new Set(["cycle"])

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== "object") return false
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null)

/** A plain object of scalars only, like `losses: { actor, critic }` (not a lattice or a field). */
const isScalarGroup = (value: unknown): value is Record<string, unknown> =>
  isPlainObject(value) && Object.values(value).every((v) => v === null || ["number", "string", "boolean"].includes(typeof v))

/**
 * Every numeric field of a record: top-level numbers by name, and the numbers
 * of nested plain objects of scalars one level down as `outer.inner` (e.g.
 * `losses.actor`). Non-finite numbers become null (JSON has no NaN).
 */
export const numericFields = (record: unknown): MetricValues => {
  const values: Record<string, number | null> = {}
  if (!isPlainObject(record)) return values
  for (const [key, value] of Object.entries(record)) {
    if (positionKeys.has(key)) continue
    if (typeof value === "number") values[key] = finiteOrNull(value)
    else if (isScalarGroup(value)) {
      for (const [inner, nested] of Object.entries(value)) if (typeof nested === "number") values[`${key}.${inner}`] = finiteOrNull(nested)
    }
  }
  return values
}

const isFloat64Array = (value: unknown, length: number): value is Float64Array => value instanceof Float64Array && value.length === length

/** The record's `lattice` and `field` (and `vortices.charges`) when it carries a simulation frame's. */
export const frameFieldSnapshot = (record: unknown): FieldSnapshot | null => {
  if (!isPlainObject(record)) return null
  const { lattice, field, vortices } = record as { lattice?: Partial<Lattice>; field?: Partial<ComplexField>; vortices?: { charges?: unknown } }
  if (lattice === undefined || field === undefined || typeof lattice.nodeCount !== "number") return null
  const nodes = lattice.nodeCount
  if (!isFloat64Array(lattice.chart, 2 * nodes) || !isFloat64Array(field.re, nodes) || !isFloat64Array(field.im, nodes)) return null
  const charges = vortices?.charges
  return { lattice: lattice as Lattice, field: field as ComplexField, ...(charges instanceof Int32Array ? { charges } : {}) }
}

/** The view of any record: its numeric fields as metrics, and its field if it carries a simulation frame's. */
export const genericMonitorView: MonitorView<unknown> = {
  metrics: numericFields,
  field: frameFieldSnapshot,
}
