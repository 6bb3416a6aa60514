/* global document, location, history, sessionStorage, requestAnimationFrame, URLSearchParams */
/**
 * The live dashboard: connects to the tap that served this page (the token
 * comes from the page's URL, then from the tab's session storage once the
 * address bar is cleaned), and shows the run, the connection state, metrics
 * charts, the field heatmap and the events log.
 */
import { ChartBoard } from "./charts.js"
import { liveMessages } from "./connection.js"
import { EventsLog } from "./events-log.js"
import { drawFieldFrame } from "./heatmap.js"

const tokenKey = "hhml-monitor-token"

const element = (id) => document.getElementById(id)

const statusElement = element("status")
const runElement = element("run")
const progressElement = element("progress")
const canvas = element("heatmap")
const caption = element("field-caption")
const board = new ChartBoard(element("charts"))
const log = new EventsLog(element("events"))

const readToken = () => {
  const parameters = new URLSearchParams(location.search)
  const given = parameters.get("token")
  if (given !== null) {
    sessionStorage.setItem(tokenKey, given)
    // Keep the secret out of the address bar, bookmarks and screenshots.
    history.replaceState(null, "", location.pathname)
    return given
  }
  return sessionStorage.getItem(tokenKey)
}

const setStatus = (state, text) => {
  statusElement.dataset.state = state
  statusElement.textContent = text
}

const run = { plannedCycles: null, cycle: null, clients: null, droppedFrames: 0, samples: [] }

const showProgress = () => {
  const parts = []
  if (run.cycle !== null) parts.push(`cycle ${run.cycle + 1}${run.plannedCycles === null ? "" : ` / ${run.plannedCycles}`}`)
  const first = run.samples[0]
  const last = run.samples[run.samples.length - 1]
  if (first !== undefined && last.time > first.time) parts.push(`${((1000 * (last.cycle - first.cycle)) / (last.time - first.time)).toFixed(1)} cycles/s`)
  if (run.clients !== null) parts.push(`${run.clients} viewer${run.clients === 1 ? "" : "s"}`)
  if (run.droppedFrames > 0) parts.push(`${run.droppedFrames} frames skipped`)
  progressElement.textContent = parts.join(" · ")
  document.body.dataset.cycle = String(run.cycle ?? "")
}

/** Notes a cycle and when the tap published it, for the rate over the last 5 s. */
const noteCycle = (cycle, time) => {
  run.cycle = cycle
  run.samples.push({ time, cycle })
  while (run.samples.length > 2 && time - run.samples[0].time > 5000) run.samples.shift()
}

let pendingFrame = null
let framesDrawn = 0

const drawPending = () => {
  const frame = pendingFrame
  pendingFrame = null
  if (frame === null) return
  // The panel stays hidden for pipelines without a field.
  element("field-panel").hidden = false
  const markers = drawFieldFrame(canvas, frame)
  framesDrawn++
  canvas.dataset.frames = String(framesDrawn)
  canvas.dataset.markers = String(markers)
  const positive = frame.markers.charge.filter((q) => q > 0).length
  const capped = frame.markers.total > markers ? ` (${markers} of ${frame.markers.total} marked)` : ""
  caption.textContent =
    `cycle ${frame.cycle}: ${frame.width} × ${frame.height} cells from ${frame.nodeCount} nodes` +
    `${frame.strips > 1 ? ` (${frame.strips} strips, stacked)` : ""}, max |ψ| ${frame.amplitudeMax.toPrecision(3)}, ` +
    `${frame.markers.total} vortices (+${positive} −${markers - positive})${capped}`
}

/** A relay (hhml monitor --serve) that has lost its run: it shows what it has and retries. */
const showUpstream = (upstream) => {
  const retry = upstream.retryInMs === null ? "" : `; retrying in ${(upstream.retryInMs / 1000).toFixed(1)} s`
  setStatus("reconnecting", "run lost: the relay retries")
  log.note(`the relay has lost the run${upstream.reason ? ` (${upstream.reason})` : ""}${retry}`)
}

const handlers = {
  hello: (message) => {
    const manifest = message.run
    runElement.textContent =
      manifest === null
        ? "a stream (no run manifest)"
        : `${manifest.runId} · ${manifest.pipeline} · seed ${manifest.seed} · ${manifest.compute?.kernel ?? "?"}/${manifest.compute?.backend ?? "?"}`
    run.plannedCycles = message.plannedCycles
    board.setColumns(message.metrics)
    if (message.cycle !== null) run.cycle = message.cycle
    showProgress()
    if (message.upstream?.state === "waiting") showUpstream(message.upstream)
  },
  schema: (message) => board.setColumns(message.metrics),
  history: (message) => board.setHistory(message),
  metrics: (message) => {
    board.add(message.cycle, message.values)
    noteCycle(message.cycle, message.t)
    showProgress()
  },
  events: (message) => log.addEvents(message),
  heartbeat: (message) => {
    run.clients = message.clients
    run.droppedFrames = message.droppedFrames
    showProgress()
  },
  frame: (message) => {
    if (pendingFrame === null) requestAnimationFrame(drawPending)
    pendingFrame = message.frame
  },
  upstream: (message) => {
    if (message.state === "live") {
      setStatus("live", "live")
      log.note("the relay is connected to the run again")
    } else showUpstream(message)
  },
  end: (message) => {
    log.note(`run ${message.status}${message.cyclesCompleted === null ? "" : ` after ${message.cyclesCompleted} cycles`}${message.reason ? `: ${message.reason}` : ""}`)
    setStatus("ended", `run ${message.status}`)
  },
}

const start = () => {
  const token = readToken()
  if (token === null) {
    setStatus("failed", "no token")
    log.note("no token: open the address printed when the run started (it ends with ?token=...)")
    return
  }
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws?token=${encodeURIComponent(token)}`
  const { messages, status } = liveMessages(url)
  status.subscribe((s) => {
    if (s.state === "live") {
      setStatus("live", "live")
      log.note("connected")
    } else if (s.state === "connecting") setStatus("connecting", "connecting")
    else if (s.state === "reconnecting") {
      setStatus("reconnecting", `reconnecting in ${Math.round(s.delay / 1000)} s`)
      log.note(`${s.reason}; retrying in ${(s.delay / 1000).toFixed(1)} s (attempt ${s.attempt})`)
    } else if (s.state === "failed") {
      setStatus("failed", "disconnected")
      log.note(`disconnected: ${s.reason}`)
    }
  })
  messages.subscribe({
    next: (message) => handlers[message.type]?.(message),
    complete: () => {
      if (statusElement.dataset.state !== "ended") setStatus("ended", "run ended")
    },
    error: () => {},
  })
}

start()
