/**
 * How the live monitor sees a simulation record: the metrics table's columns
 * (with their units and descriptions) as metrics, the tracker's creations,
 * annihilations, entries and exits as events (moves are many and already
 * counted by the `moves` metric), and the field with its vortices for the
 * heatmap.
 */
import type { MetricColumn, MetricGroup, MonitorEvent } from "../../sinks/monitor/protocol.js"
import type { MonitorView } from "../../sinks/monitor/view.js"
import { type SimulationRecord, metricsTable } from "./tables.js"
import type { VortexEvent } from "./vortices/tracking.js"

const groupOf = (name: string): MetricGroup => {
  if (name === "step" || name === "time" || name === "wall_time") return "progress"
  if (name === "vortex_density") return "vortex-density"
  if (["vortices", "n_positive", "n_negative", "net_charge", "pair_creations", "pair_annihilations", "moves", "entries", "exits", "worldlines"].includes(name)) {
    return "vortex-count"
  }
  return "field"
}

const charted = metricsTable.columns.filter((column) => column.name !== metricsTable.cycleColumn)

const columns: readonly MetricColumn[] = charted.map((column) => ({
  name: column.name,
  type: column.type === "INT32" || column.type === "INT64" ? column.type : "DOUBLE",
  description: column.description,
  group: groupOf(column.name),
  ...(column.unit === undefined ? {} : { unit: column.unit }),
}))

type Logged = Exclude<VortexEvent, { kind: "move" }>

const logged = (event: VortexEvent): event is Logged => event.kind !== "move"

const eventOf = (event: Logged): MonitorEvent =>
  "ids" in event
    ? { kind: event.kind, ids: `${event.ids[0]},${event.ids[1]}`, faces: `${event.faces[0]},${event.faces[1]}` }
    : { kind: event.kind, id: event.id, face: event.face, edge: event.edge }

const numberOrNull = (value: ReturnType<(typeof charted)[number]["value"]>): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : typeof value === "bigint" ? Number(value) : null

export const simulationMonitorView: MonitorView<SimulationRecord> = {
  columns,
  metrics: (record) => Object.fromEntries(charted.map((column) => [column.name, numberOrNull(column.value(record))])),
  events: (record) => record.tracking.events.filter(logged).map(eventOf),
  field: (record) => ({ lattice: record.lattice, field: record.field, charges: record.vortices.charges }),
}
