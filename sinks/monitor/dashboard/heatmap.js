/* global document */
/**
 * Draws a field frame on a canvas: |ψ| (viridis, 0 to the frame's maximum)
 * above the phase (hue), both over the lattice chart with u across and v up,
 * and every vortex marked ⊕ or ⊖ at its face centroid on both panels. Cells
 * without nodes stay black.
 */

const viridis = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
]

const amplitudeColour = (t) => {
  const x = Math.min(1, Math.max(0, t)) * (viridis.length - 1)
  const i = Math.min(viridis.length - 2, Math.floor(x))
  const f = x - i
  return viridis[i].map((c, k) => Math.round(c + f * (viridis[i + 1][k] - c)))
}

/** The hue circle at full saturation: h in [0, 1). */
const hueColour = (h) => {
  const k = (n) => (n + h * 6) % 6
  const channel = (n) => Math.round(255 * (1 - Math.max(0, Math.min(k(n), 4 - k(n), 1))))
  return [channel(5), channel(3), channel(1)]
}

const gap = 12
const maxPanelHeight = 320
const minPanelHeight = 60

const paint = (frame, colour) => {
  const image = document.createElement("canvas")
  image.width = frame.width
  image.height = frame.height
  const context = image.getContext("2d")
  const pixels = context.createImageData(frame.width, frame.height)
  for (let row = 0; row < frame.height; row++) {
    for (let column = 0; column < frame.width; column++) {
      const cell = row * frame.width + column
      // Row 0 is the smallest v: the bottom of the picture.
      const pixel = 4 * ((frame.height - 1 - row) * frame.width + column)
      const amplitude = frame.amplitude[cell]
      const [r, g, b] = Number.isNaN(amplitude) ? [0, 0, 0] : colour(cell, amplitude)
      pixels.data[pixel] = r
      pixels.data[pixel + 1] = g
      pixels.data[pixel + 2] = b
      pixels.data[pixel + 3] = 255
    }
  }
  context.putImageData(pixels, 0, 0)
  return image
}

/** A vortex marker that stands out on any colour: a white disc with a black + (positive) or a black disc with a white − (negative). */
const drawMarkers = (context, frame, top, width, height) => {
  const { xy, charge } = frame.markers
  const radius = Math.max(4, Math.min(8, (0.5 * width) / frame.width))
  for (let k = 0; k < charge.length; k++) {
    const x = xy[2 * k] * width
    const y = top + (1 - xy[2 * k + 1]) * height
    const positive = charge[k] > 0
    context.beginPath()
    context.arc(x, y, radius, 0, 2 * Math.PI)
    context.fillStyle = positive ? "#ffffff" : "#000000"
    context.fill()
    context.lineWidth = 1.5
    context.strokeStyle = positive ? "#ff5a5a" : "#4dc3ff"
    context.stroke()
    context.beginPath()
    context.moveTo(x - 0.6 * radius, y)
    context.lineTo(x + 0.6 * radius, y)
    if (positive) {
      context.moveTo(x, y - 0.6 * radius)
      context.lineTo(x, y + 0.6 * radius)
    }
    context.lineWidth = 2
    context.strokeStyle = positive ? "#000000" : "#ffffff"
    context.stroke()
  }
}

/** Draws `frame` on `canvas` (sized to its displayed width) and returns how many markers it drew. */
export const drawFieldFrame = (canvas, frame) => {
  const width = Math.max(200, Math.round(canvas.clientWidth * (globalThis.devicePixelRatio ?? 1)))
  const panel = Math.round(Math.min(maxPanelHeight, Math.max(minPanelHeight, (width * frame.height) / frame.width)))
  canvas.width = width
  canvas.height = 2 * panel + gap
  const context = canvas.getContext("2d")
  context.imageSmoothingEnabled = false
  context.fillStyle = "#000"
  context.fillRect(0, 0, canvas.width, canvas.height)
  const scale = frame.amplitudeMax > 0 ? 1 / frame.amplitudeMax : 0
  context.drawImage(paint(frame, (_cell, amplitude) => amplitudeColour(amplitude * scale)), 0, 0, width, panel)
  context.drawImage(paint(frame, (cell) => hueColour(frame.phase[cell] / 256)), 0, panel + gap, width, panel)
  context.fillStyle = "#171d23"
  context.fillRect(0, panel, width, gap)
  drawMarkers(context, frame, 0, width, panel)
  drawMarkers(context, frame, panel + gap, width, panel)
  return frame.markers.charge.length
}
