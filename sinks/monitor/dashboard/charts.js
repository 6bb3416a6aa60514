/* global document, window, performance, requestAnimationFrame, setTimeout */
/**
 * Live line charts of the metrics, one uPlot chart per group (reward, losses,
 * Q values, vortex density, vortex counts, control parameters, field, other),
 * against the cycle. Whatever columns arrive are charted: a column's group
 * comes from the schema or from its name. The field and other groups mix
 * quantities of different sizes, so they get one chart per unit. Redrawn at
 * most every 200 ms.
 */
import uPlot from "/vendor/uPlot.esm.js"
import { chartGroups, groupOf } from "./protocol.js"

const maxPoints = 5000
const redrawMs = 200
const splitByUnit = new Set(["control", "field", "other"])
const palette = ["#58a6ff", "#f78166", "#3fb950", "#d2a8ff", "#e3b341", "#39c5cf", "#ff7b72", "#a5d6ff", "#7ee787", "#ffa657", "#bc8cff", "#79c0ff"]

/** The chart a column goes to: its group, and its unit where the group is split by unit. */
const chartKey = (group, unit) => (splitByUnit.has(group) && unit ? `${group} (${unit})` : group)

const titleOf = (key) => {
  const [group, unit] = key.split(" (")
  const title = chartGroups.find(([g]) => g === group)?.[1] ?? group
  return unit === undefined ? title : `${title} (${unit}`
}

export class ChartBoard {
  constructor(container) {
    this.container = container
    this.columns = new Map()
    /** Columns shown as text, never charted (their schema said "progress"). */
    this.uncharted = new Set()
    this.cycles = []
    this.values = new Map()
    this.charts = new Map()
    this.dirty = false
    this.lastDraw = 0
    window.addEventListener("resize", () => this.resize())
  }

  /** Adds columns not yet known; charts whose groups gained a column are rebuilt. */
  setColumns(columns) {
    const changed = new Set()
    for (const column of columns) {
      if (this.columns.has(column.name) || this.uncharted.has(column.name)) continue
      const group = groupOf(column)
      if (group === "progress") {
        this.uncharted.add(column.name)
        continue
      }
      const key = chartKey(group, column.unit)
      this.columns.set(column.name, { ...column, key })
      this.values.set(column.name, this.cycles.map(() => null))
      changed.add(key)
    }
    for (const key of changed) this.rebuild(key)
  }

  /**
   * Takes the history a server sends on connecting: it replaces what is shown
   * from its first cycle on (a resumed run recomputes the cycles after its
   * checkpoint) and keeps what came before.
   */
  setHistory(history) {
    const from = history.cycles[0]
    if (from === undefined) return
    const kept = this.cycles.findIndex((cycle) => cycle >= from)
    const keep = kept === -1 ? this.cycles.length : kept
    this.cycles = [...this.cycles.slice(0, keep), ...history.cycles]
    for (const [name, series] of this.values) {
      this.values.set(name, [...series.slice(0, keep), ...(history.values[name] ?? history.cycles.map(() => null))])
    }
    this.trim()
    this.schedule()
  }

  add(cycle, values) {
    const last = this.cycles[this.cycles.length - 1]
    // A reconnection may replay cycles already shown (the history overlaps): keep the cycle axis increasing.
    if (last !== undefined && cycle <= last) return
    const unknown = Object.keys(values).filter((name) => !this.columns.has(name) && !this.uncharted.has(name) && groupOf({ name }) !== "progress")
    if (unknown.length > 0) this.setColumns(unknown.map((name) => ({ name, type: "DOUBLE" })))
    this.cycles.push(cycle)
    for (const [name, series] of this.values) series.push(values[name] ?? null)
    this.trim()
    this.schedule()
  }

  get pointCount() {
    return this.cycles.length
  }

  trim() {
    const excess = this.cycles.length - maxPoints
    if (excess <= 0) return
    this.cycles.splice(0, excess)
    for (const series of this.values.values()) series.splice(0, excess)
  }

  schedule() {
    if (this.dirty) return
    this.dirty = true
    const wait = Math.max(0, redrawMs - (performance.now() - this.lastDraw))
    setTimeout(() => requestAnimationFrame(() => this.draw()), wait)
  }

  draw() {
    this.dirty = false
    this.lastDraw = performance.now()
    for (const chart of this.charts.values()) {
      chart.plot.setData([this.cycles, ...chart.names.map((name) => this.values.get(name))])
      chart.element.dataset.points = String(this.cycles.length)
    }
  }

  width(element) {
    return Math.max(280, element.clientWidth - 16)
  }

  rebuild(key) {
    const names = [...this.columns.values()].filter((c) => c.key === key).map((c) => c.name)
    const existing = this.charts.get(key)
    if (existing !== undefined) existing.plot.destroy()
    const element = existing?.element ?? this.createElement(key)
    const plot = new uPlot(
      {
        title: titleOf(key),
        width: this.width(element),
        height: 220,
        scales: { x: { time: false } },
        axes: [
          { label: "cycle", stroke: "#8b98a5", grid: { stroke: "#2a333c" }, ticks: { stroke: "#2a333c" } },
          { stroke: "#8b98a5", grid: { stroke: "#2a333c" }, ticks: { stroke: "#2a333c" }, size: 60 },
        ],
        series: [
          { label: "cycle" },
          ...names.map((name, k) => {
            const column = this.columns.get(name)
            return { label: column.unit ? `${name} (${column.unit})` : name, stroke: palette[k % palette.length], width: 1.5, spanGaps: true }
          }),
        ],
      },
      [this.cycles, ...names.map((name) => this.values.get(name))],
      element,
    )
    this.charts.set(key, { plot, names, element })
    element.dataset.points = String(this.cycles.length)
  }

  createElement(key) {
    const group = key.split(" (")[0]
    const element = document.createElement("div")
    element.className = "chart"
    element.dataset.group = group
    element.dataset.chart = key
    element.dataset.points = "0"
    const order = chartGroups.findIndex(([g]) => g === group)
    const after = [...this.container.children].find((child) => chartGroups.findIndex(([g]) => g === child.dataset.group) > order)
    this.container.insertBefore(element, after ?? null)
    return element
  }

  resize() {
    for (const chart of this.charts.values()) chart.plot.setSize({ width: this.width(chart.element), height: 220 })
  }
}
