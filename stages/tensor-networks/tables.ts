/**
 * The table the tensor-networks pipeline records: one row per (network,
 * boundary region). Column names are snake_case for SQL; units and meanings
 * are stored in every Parquet part's metadata.
 */
import type { TableSchema } from "../../sinks/parquet-dataset.js"
import type { RegionMeasurement } from "./measure.js"
import type { NetworkMeasurement } from "./stage.js"

export interface EntropyRow {
  readonly network: NetworkMeasurement
  readonly region: RegionMeasurement
}

/** The rows of one network's measurement, one per region. */
export const entropyRows = (network: NetworkMeasurement): EntropyRow[] => network.regions.map((region) => ({ network, region }))

export const entropiesTable: TableSchema<EntropyRow> = {
  name: "entropies",
  version: 1,
  cycleColumn: "cycle",
  columns: [
    { name: "cycle", type: "INT64", description: "Index of the network drawn (one per cycle), from 0", value: (r) => r.network.cycle },
    { name: "kind", type: "UTF8", description: "Network family: mera, happy or random", value: (r) => r.network.kind },
    { name: "bond_dimension", type: "INT32", description: "Bond dimension χ of every leg", value: (r) => r.network.bondDimension },
    { name: "boundary_legs", type: "INT32", unit: "legs", description: "Legs of the boundary state", value: (r) => r.network.boundaryLegs },
    { name: "state_norm", type: "DOUBLE", unit: "1", description: "⟨ψ|ψ⟩ of the boundary state as contracted (entropies use ψ normalised)", value: (r) => r.network.norm },
    { name: "region_start", type: "INT32", unit: "legs", description: "First boundary leg of the interval A", value: (r) => r.region.start },
    { name: "region_size", type: "INT32", unit: "legs", description: "Boundary legs in A", value: (r) => r.region.size },
    { name: "s_vn", type: "DOUBLE", unit: "nats", description: "von Neumann entropy S(A) = -tr ρ_A ln ρ_A", value: (r) => r.region.vonNeumann },
    { name: "s_renyi2", type: "DOUBLE", unit: "nats", description: "Rényi-2 entropy S_2(A) = -ln tr ρ_A²", value: (r) => r.region.renyi2 },
    { name: "min_cut", type: "INT32", unit: "bonds", description: "Edges in the minimal cut separating A from its complement (max-flow)", value: (r) => r.region.minCut },
    { name: "min_cut_nats", type: "DOUBLE", unit: "nats", description: "Minimal cut · ln χ: the bound S(A) ≤ min cut · ln χ", value: (r) => r.region.minCutNats },
    { name: "greedy_cut", type: "INT32", unit: "bonds", description: "Edges in the greedy cut grown from A", value: (r) => r.region.greedyCut },
    { name: "greedy_coincide", type: "BOOLEAN", description: "The greedy cuts grown from A and from its complement coincide (then RT holds exactly)", value: (r) => r.region.greedyCoincide },
    { name: "rt_saturated", type: "BOOLEAN", description: "|S(A) - min cut · ln χ| ≤ network.rtTolerance", value: (r) => r.region.rtSaturated },
  ],
}
