/**
 * The tables a simulation records, one Parquet dataset each: per-cycle
 * metrics, vortex events, and ended worldlines. Column names are snake_case
 * for SQL; units and meanings are stored in every file's metadata and listed
 * in docs/results.md.
 */
import type { ArrowTable } from "../../sinks/arrow-ipc.js"
import type { Column, TableSchema } from "../../sinks/parquet-dataset.js"
import type { FieldDiagnostics } from "./diagnostics.js"
import type { Frame, WithTracking, WithVortices } from "./frame.js"
import type { EndedWorldline, VortexEvent } from "./vortices/tracking.js"

export type SimulationRecord = Frame & WithVortices & WithTracking & { readonly diagnostics: FieldDiagnostics; readonly elapsed: number }

const count = (record: SimulationRecord, kind: VortexEvent["kind"]) =>
  record.tracking.events.reduce((n, event) => (event.kind === kind ? n + 1 : n), 0)

const columns: ReadonlyArray<Column<SimulationRecord>> = [
  { name: "cycle", type: "INT64", description: "Frame index, from 0", value: (r) => r.cycle },
  { name: "step", type: "INT64", unit: "steps", description: "Integrator steps since the start", value: (r) => r.step },
  { name: "time", type: "DOUBLE", unit: "time", description: "Simulation time", value: (r) => r.time },
  { name: "wall_time", type: "DOUBLE", unit: "s", description: "Wall-clock seconds since the pipeline started", value: (r) => r.elapsed },
  { name: "norm", type: "DOUBLE", unit: "field²", description: "Σ|ψ|²", value: (r) => r.diagnostics.norm },
  { name: "mean_amplitude", type: "DOUBLE", unit: "field", description: "Mean |ψ|", value: (r) => r.diagnostics.meanAmplitude },
  { name: "max_amplitude", type: "DOUBLE", unit: "field", description: "Largest |ψ|", value: (r) => r.diagnostics.maxAmplitude },
  { name: "phase_coherence", type: "DOUBLE", unit: "1", description: "|Σψ| / Σ|ψ|, 1 for a uniform phase", value: (r) => r.diagnostics.phaseCoherence },
  { name: "kinetic_energy", type: "DOUBLE", unit: "field²", description: "-⟨ψ, Lψ⟩ = ½Σ w_ij |e^{iA_ij}ψ_j - ψ_i|²", value: (r) => r.diagnostics.kineticEnergy },
  { name: "energy", type: "DOUBLE", unit: "field²", optional: true, description: "Conserved NLS energy H (null for the CGLE)", value: (r) => r.diagnostics.energy },
  { name: "vortex_density", type: "DOUBLE", unit: "1", description: "Faces with a nonzero charge / faces", value: (r) => r.vortices.statistics.density },
  { name: "vortices", type: "INT32", unit: "faces", description: "Faces with a nonzero charge", value: (r) => r.vortices.statistics.vortices },
  { name: "n_positive", type: "INT32", unit: "faces", description: "Faces with charge +1", value: (r) => r.vortices.statistics.positive },
  { name: "n_negative", type: "INT32", unit: "faces", description: "Faces with charge -1", value: (r) => r.vortices.statistics.negative },
  { name: "net_charge", type: "INT32", unit: "1", description: "Σ q_f (relative to each face's orientation)", value: (r) => r.vortices.statistics.netCharge },
  { name: "pair_creations", type: "INT32", unit: "events", description: "Vortex pairs created since the previous cycle", value: (r) => count(r, "creation") },
  { name: "pair_annihilations", type: "INT32", unit: "events", description: "Vortex pairs annihilated since the previous cycle", value: (r) => count(r, "annihilation") },
  { name: "moves", type: "INT32", unit: "events", description: "Vortices that moved to another face", value: (r) => r.tracking.moved },
  { name: "entries", type: "INT32", unit: "events", description: "Vortices that entered through the boundary", value: (r) => count(r, "entry") },
  { name: "exits", type: "INT32", unit: "events", description: "Vortices that left through the boundary", value: (r) => count(r, "exit") },
  { name: "worldlines", type: "INT32", unit: "worldlines", description: "Worldlines alive at this cycle", value: (r) => r.tracking.state.vortices.length },
]

export const metricsTable: TableSchema<SimulationRecord> = { name: "metrics", version: 1, columns, cycleColumn: "cycle" }

/** One row per vortex event. */
export interface EventRow {
  readonly cycle: number
  readonly event: VortexEvent
}

const eventId = (e: VortexEvent) => ("ids" in e ? e.ids[0] : e.id)
const eventFace = (e: VortexEvent) => ("faces" in e ? e.faces[0] : "from" in e ? e.from : e.face)

export const eventsTable: TableSchema<EventRow> = {
  name: "vortex_events",
  version: 1,
  cycleColumn: "cycle",
  columns: [
    { name: "cycle", type: "INT64", description: "Cycle at which the event is first seen", value: (r) => r.cycle },
    { name: "kind", type: "UTF8", description: "creation, annihilation, move, entry or exit", value: (r) => r.event.kind },
    { name: "id", type: "INT64", description: "Worldline id (the first of a pair)", value: (r) => eventId(r.event) },
    { name: "partner_id", type: "INT64", optional: true, description: "The other worldline of a created or annihilated pair", value: (r) => ("ids" in r.event ? r.event.ids[1] : null) },
    { name: "face", type: "INT32", description: "Face of the vortex (the first of a pair; the origin of a move)", value: (r) => eventFace(r.event) },
    { name: "other_face", type: "INT32", optional: true, description: "The partner's face, or the destination of a move", value: (r) => ("faces" in r.event ? r.event.faces[1] : "to" in r.event ? r.event.to : null) },
    { name: "edge", type: "INT32", optional: true, description: "Boundary edge crossed by an entry or exit", value: (r) => ("edge" in r.event ? r.event.edge : null) },
  ],
}

export const worldlinesTable: TableSchema<EndedWorldline> = {
  name: "worldlines",
  version: 1,
  // A worldline is recorded at the cycle it ends.
  cycleColumn: "died",
  columns: [
    { name: "id", type: "INT64", description: "Worldline id", value: (w) => w.id },
    { name: "born", type: "INT64", description: "Cycle it was first seen", value: (w) => w.born },
    { name: "died", type: "INT64", description: "First cycle at which it no longer exists", value: (w) => w.died },
    { name: "lifetime", type: "INT64", unit: "cycles", description: "died - born (a lower bound for origin 'initial')", value: (w) => w.lifetime },
    { name: "origin", type: "UTF8", description: "initial, creation or entry", value: (w) => w.origin },
    { name: "end", type: "UTF8", description: "annihilation or exit", value: (w) => w.end },
  ],
}

/** Field snapshots (Arrow IPC): one batch per recorded frame, one row per node. */
export const fieldSnapshotsTable: ArrowTable<Frame> = {
  name: "field_snapshots",
  version: 1,
  description: "ψ on every node: columns cycle (int64), node (int32), re, im (float64)",
  cycle: (frame) => frame.cycle,
  columns: (frame) => ({
    cycle: new BigInt64Array(frame.field.re.length).fill(BigInt(frame.cycle)),
    node: Int32Array.from({ length: frame.field.re.length }, (_, i) => i),
    re: frame.field.re,
    im: frame.field.im,
  }),
}
