/**
 * Plots for the whitepaper: a Vega-Lite spec over the rows a query returned,
 * compiled to Vega and rendered headless to SVG (a `View` with renderer
 * "none"), then rasterised to PNG by resvg for LaTeX. Text in the PNG uses
 * DejaVu Sans (Debian's fonts-dejavu-core) where installed, else the
 * system's fonts.
 */
import { existsSync } from "node:fs"
import type { Json } from "@duckdb/node-api"
import { Resvg } from "@resvg/resvg-js"
import * as vega from "vega"
import { type TopLevelSpec, compile } from "vega-lite"

export type Rows = ReadonlyArray<Readonly<Record<string, Json>>>

export interface RenderedFigure {
  readonly svg: string
  readonly png: Uint8Array
}

export interface Series {
  /** Column of the rows. */
  readonly field: string
  /** Legend label. */
  readonly label: string
}

export interface LineChart {
  readonly rows: Rows
  /** `integer`: x takes whole values (cycles), so ticks fall on them. */
  readonly x: { readonly field: string; readonly title: string; readonly integer?: boolean }
  readonly y: { readonly title: string }
  /** One line per column (wide rows); or `group` for one line per value of a column (long rows). */
  readonly series: readonly Series[] | { readonly group: string; readonly field: string }
  /** Points as well as lines (few rows, or values at discrete x). */
  readonly points?: boolean
}

export interface BarChart {
  readonly rows: Rows
  /** Bars from `start` to `end` on x (a histogram's bins), or at the categories of `start` when `end` is absent. */
  readonly x: { readonly start: string; readonly end?: string; readonly title: string }
  readonly y: { readonly field: string; readonly title: string }
}

const fontFamily = "DejaVu Sans"
const fontFiles = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"].filter((file) => existsSync(file))

const width = 560
const height = 220

const config = {
  font: `${fontFamily}, sans-serif`,
  view: { stroke: "#bbbbbb" },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" as const },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260, orient: "bottom" as const, columns: 3 },
  line: { strokeWidth: 1.5 },
}

/** A field name as Vega-Lite reads it: dots and brackets would otherwise be nested access. */
const fieldRef = (name: string) => name.replace(/[.[\]\\]/g, (c) => `\\${c}`)

const lineSpec = (chart: LineChart): TopLevelSpec => {
  const grouped = "group" in chart.series
  const foldFields = grouped ? [] : (chart.series as readonly Series[]).map((s) => s.field)
  const labels = grouped ? null : new Map((chart.series as readonly Series[]).map((s) => [s.field, s.label]))
  const group = grouped ? (chart.series as { group: string; field: string }) : null
  return {
    width,
    height,
    config,
    // A copy: Vega annotates the objects it is given.
    data: { values: structuredClone(chart.rows) as Array<Record<string, Json>> },
    transform: grouped
      ? []
      : [
          { fold: foldFields.map(fieldRef), as: ["hhml_series", "hhml_value"] },
          { calculate: `${JSON.stringify(Object.fromEntries(labels!))}[datum.hhml_series]`, as: "hhml_label" },
        ],
    // Null values (a column recorded only at some rows) are left out, and the line joins the rest.
    mark: { type: "line", point: chart.points ?? false, clip: true, invalid: "filter" },
    encoding: {
      x: {
        field: fieldRef(chart.x.field),
        type: "quantitative",
        title: chart.x.title,
        scale: { zero: false },
        ...(chart.x.integer ? { axis: { tickMinStep: 1, format: "d" } } : {}),
      },
      y: { field: grouped ? fieldRef(group!.field) : "hhml_value", type: "quantitative", title: chart.y.title, scale: { zero: false } },
      color: grouped
        ? { field: fieldRef(group!.group), type: "nominal", title: null }
        : {
            field: "hhml_label",
            type: "nominal",
            title: null,
            sort: (chart.series as readonly Series[]).map((s) => s.label),
            ...((chart.series as readonly Series[]).length === 1 ? { legend: null } : {}),
          },
    },
  } as TopLevelSpec
}

const barSpec = (chart: BarChart): TopLevelSpec =>
  ({
    width,
    height,
    config,
    data: { values: structuredClone(chart.rows) as Array<Record<string, Json>> },
    mark: { type: "bar", ...(chart.x.end === undefined ? {} : { binSpacing: 1 }) },
    encoding: {
      x:
        chart.x.end === undefined
          ? { field: fieldRef(chart.x.start), type: "ordinal", title: chart.x.title, axis: { labelAngle: 0 } }
          : { field: fieldRef(chart.x.start), type: "quantitative", title: chart.x.title },
      ...(chart.x.end === undefined ? {} : { x2: { field: fieldRef(chart.x.end) } }),
      y: { field: fieldRef(chart.y.field), type: "quantitative", title: chart.y.title },
    },
  }) as TopLevelSpec

const toSvg = async (spec: TopLevelSpec): Promise<string> => {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

/** Rasterises an SVG at twice its size (print resolution for a figure a page wide). */
export const svgToPng = (svg: string): Uint8Array =>
  new Resvg(svg, {
    fitTo: { mode: "zoom", value: 2 },
    background: "white",
    font: {
      loadSystemFonts: fontFiles.length === 0,
      fontFiles,
      ...(fontFiles.length === 0 ? {} : { defaultFontFamily: fontFamily, sansSerifFamily: fontFamily }),
    },
  })
    .render()
    .asPng()

const render = async (spec: TopLevelSpec): Promise<RenderedFigure> => {
  const svg = await toSvg(spec)
  return { svg, png: svgToPng(svg) }
}

export const lineChart = (chart: LineChart): Promise<RenderedFigure> => render(lineSpec(chart))

export const barChart = (chart: BarChart): Promise<RenderedFigure> => render(barSpec(chart))
