/**
 * The tables a GFT condensate run records, one Parquet dataset each: one row
 * per record (the observables and, per configured spin, ρ_j, E_j and Q_j in
 * columns suffixed with the spin, e.g. `e_j1_2` for j = 1/2) and one row per
 * bounce or recollapse.
 */
import type { Column, TableSchema } from "../../sinks/parquet-dataset.js"
import type { VolumeEvent } from "./events.js"
import { type SpinMode, spinLabel } from "./model.js"
import type { CondensateRecord } from "./stage.js"

export type GftRecord = CondensateRecord & { readonly elapsed: number }

const fixedColumns: ReadonlyArray<Column<GftRecord>> = [
  { name: "cycle", type: "INT64", description: "Record index, from 0", value: (r) => r.cycle },
  { name: "step", type: "INT64", unit: "steps", description: "Integrator steps since chiStart", value: (r) => r.step },
  { name: "chi", type: "DOUBLE", unit: "clock", description: "Relational clock χ", value: (r) => r.chi },
  { name: "wall_time", type: "DOUBLE", unit: "s", description: "Wall-clock seconds since the pipeline started", value: (r) => r.elapsed },
  { name: "volume", type: "DOUBLE", unit: "volume", description: "V = Σ_j V_j ρ_j², V_j = v₀ j^{3/2}", value: (r) => r.observables.volume },
  { name: "volume_rate", type: "DOUBLE", unit: "volume/clock", description: "V' = dV/dχ", value: (r) => r.observables.volumeRate },
  { name: "hubble", type: "DOUBLE", unit: "1/clock", description: "Effective Hubble rate V'/(3V)", value: (r) => r.observables.hubble },
  { name: "acceleration", type: "DOUBLE", unit: "1/clock²", description: "V''/V", value: (r) => r.observables.acceleration },
  { name: "hubble_squared", type: "DOUBLE", unit: "1/clock²", description: "(V'/3V)², the left side of the effective Friedmann equation", value: (r) => r.observables.friedmann.hubbleSquared },
  { name: "friedmann_classical", type: "DOUBLE", unit: "1/clock²", description: "(4/9) Σ_j V_j m_j² ρ_j² / V (4πG/3 when m_j² = 3πG)", value: (r) => r.observables.friedmann.classical },
  { name: "friedmann_energy", type: "DOUBLE", unit: "1/clock²", description: "(4/9) Σ_j V_j E_j / V", value: (r) => r.observables.friedmann.energy },
  { name: "friedmann_quantum", type: "DOUBLE", unit: "1/clock²", description: "-(4/9) Σ_j V_j Q_j²/ρ_j² / V: the bounce term", value: (r) => r.observables.friedmann.quantum },
  { name: "friedmann_interaction", type: "DOUBLE", unit: "1/clock²", description: "-(4/9) Σ_j V_j (2λ_j/n) ρ_j^n / V", value: (r) => r.observables.friedmann.interaction },
  { name: "friedmann_dispersion", type: "DOUBLE", unit: "1/clock²", description: "-(4/9) Σ_j w_j (ρ_j'/ρ_j - V'/2V)², w_j = V_j ρ_j²/V; 0 for one spin", value: (r) => r.observables.friedmann.dispersion },
]

const spinColumns = (spin: SpinMode, i: number): Array<Column<GftRecord>> => {
  const label = spinLabel(spin.j)
  return [
    { name: `rho_${label}`, type: "DOUBLE", unit: "1", description: `ρ_j = |σ_j| for j = ${spin.j}`, value: (r) => r.rho[i]! },
    { name: `e_${label}`, type: "DOUBLE", unit: "1/clock²", description: `E_j (conserved) for j = ${spin.j}`, value: (r) => r.energies[i]! },
    { name: `q_${label}`, type: "DOUBLE", unit: "1/clock", description: `Q_j = ρ_j² θ_j' (conserved) for j = ${spin.j}`, value: (r) => r.charges[i]! },
  ]
}

/** The metrics table of a run with these spins (columns rho_, e_, q_ per spin). */
export const metricsTable = (spins: readonly SpinMode[]): TableSchema<GftRecord> => {
  if (spins.length === 0) throw new RangeError("metricsTable: spins must list at least one spin, got none")
  return { name: "gft_metrics", version: 1, cycleColumn: "cycle", columns: [...fixedColumns, ...spins.flatMap(spinColumns)] }
}

/** One row per volume event. */
export interface EventRow {
  readonly cycle: number
  readonly event: VolumeEvent
}

export const eventsTable: TableSchema<EventRow> = {
  name: "gft_events",
  version: 1,
  cycleColumn: "cycle",
  columns: [
    { name: "cycle", type: "INT64", description: "Record whose steps contain the event", value: (r) => r.cycle },
    { name: "kind", type: "UTF8", description: "bounce (V' from - to +) or recollapse (V' from + to -)", value: (r) => r.event.kind },
    { name: "chi", type: "DOUBLE", unit: "clock", description: "Clock at which V' = 0", value: (r) => r.event.chi },
    { name: "volume", type: "DOUBLE", unit: "volume", description: "V at the event", value: (r) => r.event.volume },
    { name: "acceleration", type: "DOUBLE", unit: "1/clock²", description: "V''/V at the event", value: (r) => r.event.acceleration },
  ],
}
