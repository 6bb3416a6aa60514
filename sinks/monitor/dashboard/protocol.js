/**
 * The browser's side of the monitor protocol (docs/monitoring.md): decoding
 * binary field frames (layout in sinks/monitor/field-frame.ts) and sorting
 * metrics into chart groups.
 */

export const fieldFrameVersion = 1

const headerBytes = 56

/** Decodes a field frame; throws on a version or length it does not know. */
export const decodeFieldFrame = (buffer) => {
  const view = new DataView(buffer)
  const version = view.getUint8(0)
  if (version !== fieldFrameVersion) throw new Error(`field frame version ${version} is not ${fieldFrameVersion}`)
  const header = view.getUint16(2, true)
  const width = view.getUint16(16, true)
  const height = view.getUint16(18, true)
  const markers = view.getUint32(44, true)
  const cells = width * height
  const phaseOffset = header + 4 * cells
  const markerOffset = phaseOffset + Math.ceil(cells / 4) * 4
  if (buffer.byteLength !== markerOffset + 9 * markers || header < headerBytes) throw new Error(`field frame of ${buffer.byteLength} bytes does not match its header`)
  return {
    cycle: view.getUint32(4, true),
    t: view.getFloat64(8, true),
    width,
    height,
    strips: view.getUint16(20, true),
    amplitudeMax: view.getFloat32(24, true),
    nodeCount: view.getUint32(52, true),
    amplitude: new Float32Array(buffer, header, cells),
    phase: new Uint8Array(buffer, phaseOffset, cells),
    markers: {
      xy: new Float32Array(buffer, markerOffset, 2 * markers),
      charge: new Int8Array(buffer, markerOffset + 8 * markers, markers),
      total: view.getUint32(48, true),
    },
  }
}

/** Chart groups in display order, with their titles. */
export const chartGroups = [
  ["reward", "Reward"],
  ["return", "Episode return"],
  ["loss", "Losses"],
  ["q", "Q values"],
  ["vortex-density", "Vortex density"],
  ["vortex-count", "Vortex counts"],
  ["control", "Control parameters"],
  ["field", "Field"],
  ["other", "Other"],
]

const patterns = [
  ["progress", /^(step|steps|time|wall_time|elapsed|global_step|episode|episodes)$/i],
  ["return", /(^|[._])returns?$/i],
  ["reward", /(^|[._])rewards?([._]|$)/i],
  ["loss", /loss/i],
  ["q", /(^|[._])q(\d*|_value|_values|_mean)([._]|$)/i],
  ["vortex-density", /density/i],
  ["vortex-count", /vortex|vortices|n_positive|n_negative|net_charge|^pair_|annihilation|creation|worldline|^moves$|^entries$|^exits$/i],
  ["control", /^(control|controls|param|params|parameter|parameters|action|actions)[._]/i],
  ["field", /norm|amplitude|coherence|energy/i],
]

/** The group a metric is charted in: the one its column names, else the first pattern its name matches. */
export const groupOf = (column) => column.group ?? patterns.find(([, pattern]) => pattern.test(column.name))?.[0] ?? "other"
