/**
 * Binary field frames: |ψ| and the phase of ψ downsampled onto a grid over
 * the lattice chart (u across, v up; the strips of a tokamak stacked as bands
 * of rows), with the vortices as markers at their face centroids.
 *
 * Each grid cell holds the nodes nearest to its centre; its amplitude is the
 * mean |ψ| of those nodes and its phase the argument of their sum (the
 * circular mean, weighted by |ψ|). A lattice whose chart is a regular grid no
 * larger than the limits gets one cell per node.
 *
 * Layout (little-endian), version 1:
 *
 *   offset  type  field
 *    0      u8    version (1)
 *    1      u8    kind (1: field frame)
 *    2      u16   header bytes (56)
 *    4      u32   cycle
 *    8      f64   t: when published, ms since the Unix epoch
 *   16      u16   width (cells along u)
 *   18      u16   height (cells along v, all strips)
 *   20      u16   strips
 *   22      u16   reserved (0)
 *   24      f32   amplitude maximum over the cells
 *   28      f32   u min, u max, v min, v max of the node chart (4 × f32)
 *   44      u32   markers in this frame (M)
 *   48      u32   vortex faces in all (more than M when capped)
 *   52      u32   lattice nodes
 *   56      f32   amplitude[width · height], row-major from the bottom row; NaN: no node in the cell
 *           u8    phase[width · height]: round((θ + π) / 2π · 256) mod 256, then zero padding to 4 bytes
 *           f32   marker x, y in [0, 1] (x along u, y up), M pairs
 *           i8    marker charge, M values (clamped to ±127)
 */
import { locateVortices } from "../../stages/simulation/vortices/positions.js"
import type { Lattice } from "../../stages/simulation/lattice/lattice.js"
import type { FieldSnapshot } from "./view.js"

export const fieldFrameVersion = 1
const fieldFrameKind = 1
const headerBytes = 56

export interface GridLimits {
  readonly maxWidth: number
  readonly maxHeight: number
  /** Vortex markers per frame at most. */
  readonly maxMarkers: number
}

/** Where every node of a lattice falls on the chart grid. */
export interface ChartGrid {
  readonly width: number
  readonly height: number
  readonly strips: number
  readonly rowsPerStrip: number
  readonly uMin: number
  readonly uMax: number
  readonly vMin: number
  readonly vMax: number
  /** Cell (row · width + column) of each node. */
  readonly cellOfNode: Int32Array
}

const distinctCount = (values: Float64Array): number => {
  const sorted = Float64Array.from(values).sort()
  const tolerance = 1e-9 * Math.max(1, Math.abs(sorted[0]!), Math.abs(sorted[sorted.length - 1]!))
  let count = 1
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > tolerance) count++
  return count
}

const range = (values: Float64Array): readonly [number, number] => {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const x of values) {
    if (x < min) min = x
    if (x > max) max = x
  }
  return [min, max]
}

/**
 * Position in [0, 1] of x on an axis of `cells` cells whose first and last
 * centres sit at min and max (so nodes on a regular grid fall on cell centres).
 */
const axisPosition = (x: number, min: number, max: number, cells: number): number =>
  max > min ? ((x - min) / (max - min)) * ((cells - 1) / cells) + 0.5 / cells : 0.5

const cellIndex = (position: number, cells: number): number => Math.min(cells - 1, Math.max(0, Math.floor(position * cells)))

const clampUnit = (x: number): number => Math.min(1, Math.max(0, x))

const checkLimits = (limits: GridLimits): void => {
  for (const key of ["maxWidth", "maxHeight"] as const) {
    const value = limits[key]
    if (!Number.isSafeInteger(value) || value < 1 || value > 4096) throw new RangeError(`field frame: ${key} must be an integer from 1 to 4096, got ${value}`)
  }
  if (!Number.isSafeInteger(limits.maxMarkers) || limits.maxMarkers < 0) {
    throw new RangeError(`field frame: maxMarkers must be an integer >= 0, got ${limits.maxMarkers}`)
  }
}

/** The grid for a lattice: one cell per node on regular charts within the limits, else about two nodes per cell. */
export const chartGrid = (lattice: Lattice, limits: Pick<GridLimits, "maxWidth" | "maxHeight">): ChartGrid => {
  const n = lattice.nodeCount
  const u = new Float64Array(n)
  const v = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    u[i] = lattice.chart[2 * i]!
    v[i] = lattice.chart[2 * i + 1]!
  }
  const [uMin, uMax] = range(u)
  const [vMin, vMax] = range(v)
  let strips = 1
  for (const s of lattice.strip) strips = Math.max(strips, s + 1)
  const stripRows = Math.max(1, Math.floor(limits.maxHeight / strips))
  const perStrip = n / strips
  const du = distinctCount(u)
  const dv = distinctCount(v)
  let width: number
  let rowsPerStrip: number
  if (du * dv <= 2 * perStrip) {
    width = Math.min(limits.maxWidth, du)
    rowsPerStrip = Math.min(stripRows, dv)
  } else {
    // Scattered nodes (the Fibonacci sphere): cells shaped like the chart, about two nodes each.
    const aspect = vMax > vMin ? (uMax - uMin) / (vMax - vMin) : perStrip
    width = Math.min(limits.maxWidth, Math.max(1, Math.round(Math.sqrt((perStrip / 2) * aspect))))
    rowsPerStrip = Math.min(stripRows, Math.max(1, Math.round(perStrip / 2 / width)))
  }
  const cellOfNode = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const column = cellIndex(axisPosition(u[i]!, uMin, uMax, width), width)
    const row = lattice.strip[i]! * rowsPerStrip + cellIndex(axisPosition(v[i]!, vMin, vMax, rowsPerStrip), rowsPerStrip)
    cellOfNode[i] = row * width + column
  }
  return { width, height: strips * rowsPerStrip, strips, rowsPerStrip, uMin, uMax, vMin, vMax, cellOfNode }
}

const gridCache = new WeakMap<Lattice, { readonly key: string; readonly grid: ChartGrid }>()

/** chartGrid, computed once per lattice and limits. */
export const cachedChartGrid = (lattice: Lattice, limits: Pick<GridLimits, "maxWidth" | "maxHeight">): ChartGrid => {
  const key = `${limits.maxWidth}x${limits.maxHeight}`
  const cached = gridCache.get(lattice)
  if (cached !== undefined && cached.key === key) return cached.grid
  const grid = chartGrid(lattice, limits)
  gridCache.set(lattice, { key, grid })
  return grid
}

export const quantizePhase = (theta: number): number => ((Math.round(((theta + Math.PI) / (2 * Math.PI)) * 256) % 256) + 256) % 256

export const dequantizePhase = (q: number): number => (q * 2 * Math.PI) / 256 - Math.PI

interface Markers {
  readonly x: Float32Array
  readonly y: Float32Array
  readonly charge: Int8Array
  readonly total: number
}

const noMarkers: Markers = { x: new Float32Array(0), y: new Float32Array(0), charge: new Int8Array(0), total: 0 }

const vortexMarkers = (lattice: Lattice, charges: Int32Array, grid: ChartGrid, maxMarkers: number): Markers => {
  const vortices = locateVortices(lattice, charges)
  const total = vortices.face.length
  const count = Math.min(total, maxMarkers)
  const x = new Float32Array(count)
  const y = new Float32Array(count)
  const charge = new Int8Array(count)
  const { offsets, nodes } = lattice.faces
  for (let k = 0; k < count; k++) {
    const strip = lattice.strip[nodes[offsets[vortices.face[k]!]!]!]!
    x[k] = clampUnit(axisPosition(vortices.chart[2 * k]!, grid.uMin, grid.uMax, grid.width))
    y[k] = clampUnit((strip + axisPosition(vortices.chart[2 * k + 1]!, grid.vMin, grid.vMax, grid.rowsPerStrip)) / grid.strips)
    charge[k] = Math.max(-127, Math.min(127, vortices.charge[k]!))
  }
  return { x, y, charge, total }
}

const padded = (bytes: number): number => Math.ceil(bytes / 4) * 4

/** Encodes a field frame (see the layout above). */
export const encodeFieldFrame = (cycle: number, t: number, snapshot: FieldSnapshot, limits: GridLimits): Uint8Array => {
  checkLimits(limits)
  if (!Number.isSafeInteger(cycle) || cycle < 0 || cycle > 0xffffffff) throw new RangeError(`field frame: cycle must be an integer from 0 to 2^32 - 1, got ${cycle}`)
  const { lattice, field } = snapshot
  if (field.re.length !== lattice.nodeCount || field.im.length !== lattice.nodeCount) {
    throw new RangeError(`field frame: the field has ${field.re.length} values for ${lattice.nodeCount} nodes`)
  }
  const grid = cachedChartGrid(lattice, limits)
  const cells = grid.width * grid.height
  const sumAmplitude = new Float64Array(cells)
  const sumRe = new Float64Array(cells)
  const sumIm = new Float64Array(cells)
  const count = new Int32Array(cells)
  for (let i = 0; i < lattice.nodeCount; i++) {
    const c = grid.cellOfNode[i]!
    const re = field.re[i]!
    const im = field.im[i]!
    sumAmplitude[c]! += Math.sqrt(re * re + im * im)
    sumRe[c]! += re
    sumIm[c]! += im
    count[c]!++
  }
  const markers = snapshot.charges === undefined ? noMarkers : vortexMarkers(lattice, snapshot.charges, grid, limits.maxMarkers)
  const m = markers.x.length
  const amplitudeOffset = headerBytes
  const phaseOffset = amplitudeOffset + 4 * cells
  const markerOffset = phaseOffset + padded(cells)
  const chargeOffset = markerOffset + 8 * m
  const bytes = new Uint8Array(chargeOffset + m)
  const view = new DataView(bytes.buffer)
  const amplitude = new Float32Array(bytes.buffer, amplitudeOffset, cells)
  const phase = new Uint8Array(bytes.buffer, phaseOffset, cells)
  let amplitudeMax = 0
  for (let c = 0; c < cells; c++) {
    if (count[c] === 0) {
      amplitude[c] = Number.NaN
      continue
    }
    amplitude[c] = sumAmplitude[c]! / count[c]!
    amplitudeMax = Math.max(amplitudeMax, amplitude[c]!)
    phase[c] = quantizePhase(Math.atan2(sumIm[c]!, sumRe[c]!))
  }
  const markerXY = new Float32Array(bytes.buffer, markerOffset, 2 * m)
  for (let k = 0; k < m; k++) {
    markerXY[2 * k] = markers.x[k]!
    markerXY[2 * k + 1] = markers.y[k]!
  }
  new Int8Array(bytes.buffer, chargeOffset, m).set(markers.charge)
  view.setUint8(0, fieldFrameVersion)
  view.setUint8(1, fieldFrameKind)
  view.setUint16(2, headerBytes, true)
  view.setUint32(4, cycle, true)
  view.setFloat64(8, t, true)
  view.setUint16(16, grid.width, true)
  view.setUint16(18, grid.height, true)
  view.setUint16(20, grid.strips, true)
  view.setFloat32(24, amplitudeMax, true)
  view.setFloat32(28, grid.uMin, true)
  view.setFloat32(32, grid.uMax, true)
  view.setFloat32(36, grid.vMin, true)
  view.setFloat32(40, grid.vMax, true)
  view.setUint32(44, m, true)
  view.setUint32(48, markers.total, true)
  view.setUint32(52, lattice.nodeCount, true)
  return bytes
}

export interface FieldFrame {
  readonly version: number
  readonly cycle: number
  readonly t: number
  readonly width: number
  readonly height: number
  readonly strips: number
  readonly amplitudeMax: number
  readonly chart: { readonly uMin: number; readonly uMax: number; readonly vMin: number; readonly vMax: number }
  readonly nodeCount: number
  readonly amplitude: Float32Array
  /** Quantized phases; `dequantizePhase` gives radians. */
  readonly phase: Uint8Array
  readonly markers: { readonly x: Float32Array; readonly y: Float32Array; readonly charge: Int8Array; readonly total: number }
}

/** Decodes a field frame, checking its version, kind and lengths. */
export const decodeFieldFrame = (bytes: Uint8Array): FieldFrame => {
  if (bytes.byteLength < headerBytes) throw new RangeError(`field frame: ${bytes.byteLength} bytes is shorter than the ${headerBytes}-byte header`)
  // Copied so that the typed-array views below are aligned whatever the source buffer's offset.
  const own = Uint8Array.from(bytes)
  const view = new DataView(own.buffer)
  const version = view.getUint8(0)
  if (version !== fieldFrameVersion) throw new RangeError(`field frame: version ${version} is not ${fieldFrameVersion}`)
  if (view.getUint8(1) !== fieldFrameKind) throw new RangeError(`field frame: kind ${view.getUint8(1)} is not ${fieldFrameKind}`)
  const header = view.getUint16(2, true)
  const width = view.getUint16(16, true)
  const height = view.getUint16(18, true)
  const m = view.getUint32(44, true)
  const cells = width * height
  const phaseOffset = header + 4 * cells
  const markerOffset = phaseOffset + padded(cells)
  const expected = markerOffset + 9 * m
  if (own.byteLength !== expected) throw new RangeError(`field frame: ${own.byteLength} bytes, expected ${expected} for ${width} × ${height} cells and ${m} markers`)
  const xy = new Float32Array(own.buffer, markerOffset, 2 * m)
  return {
    version,
    cycle: view.getUint32(4, true),
    t: view.getFloat64(8, true),
    width,
    height,
    strips: view.getUint16(20, true),
    amplitudeMax: view.getFloat32(24, true),
    chart: { uMin: view.getFloat32(28, true), uMax: view.getFloat32(32, true), vMin: view.getFloat32(36, true), vMax: view.getFloat32(40, true) },
    nodeCount: view.getUint32(52, true),
    amplitude: new Float32Array(own.buffer, header, cells),
    phase: new Uint8Array(own.buffer, phaseOffset, cells),
    markers: {
      x: Float32Array.from({ length: m }, (_, k) => xy[2 * k]!),
      y: Float32Array.from({ length: m }, (_, k) => xy[2 * k + 1]!),
      charge: new Int8Array(own.buffer, markerOffset + 8 * m, m),
      total: view.getUint32(48, true),
    },
  }
}
