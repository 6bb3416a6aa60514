/**
 * Places the drive's sources for a lattice as the config asks, with the
 * azimuths the phase winding uses.
 */
import type { Lattice } from "../lattice/lattice.js"
import { boundarySources } from "./boundary-sources.js"
import type { DriveConfig } from "./config.js"
import { azimuths, boundingRadius, centroid, checkPoints, type Vector3 } from "./point-cloud.js"
import { sphereSources } from "./sphere-sources.js"

export interface PlacedSources {
  /** xyz per source. */
  readonly positions: Float64Array
  /** Azimuth of each source about the z axis through the lattice centroid. */
  readonly azimuths: Float64Array
  /** The lattice centroid. */
  readonly center: Vector3
}

export type PlacementConfig = Pick<DriveConfig, "sources" | "sourceCount" | "shellRadius" | "boundaryOffset">

export const placeSources = (lattice: Pick<Lattice, "positions" | "boundaries" | "faces">, config: PlacementConfig): PlacedSources => {
  checkPoints("placeSources", "lattice.positions", lattice.positions)
  const center = centroid(lattice.positions)
  const positions =
    config.sources === "sphere"
      ? sphereSources(lattice.positions, config.sourceCount, config.shellRadius).sources
      : boundarySources(lattice, config.sourceCount, config.boundaryOffset * boundingRadius(lattice.positions, center))
  return { positions, azimuths: azimuths(positions, center), center }
}
