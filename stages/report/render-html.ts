/**
 * The document as one self-contained HTML page: styles inline, every figure
 * an inline SVG, no script and no external resource, so the file can be
 * mailed, archived or printed to PDF as it is.
 */
import { type Block, type Document, type Inline, type Section, type Source, formatValue, plainText } from "./document.js"

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

const styles = `
body { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; color: #1a1a1a; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #ccc; margin-top: 2rem; } h3 { font-size: 1.1rem; } h4 { font-size: 1rem; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; overflow-wrap: anywhere; }
pre { background: #f5f5f5; padding: 0.5rem; white-space: pre-wrap; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.85rem; }
caption { caption-side: top; text-align: left; font-style: italic; padding-bottom: 0.25rem; }
th, td { border-top: 1px solid #ddd; padding: 0.15rem 0.5rem; vertical-align: top; text-align: left; }
thead th { border-top: 2px solid #333; border-bottom: 1px solid #333; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { font-style: italic; font-size: 0.9rem; }
.source { color: #555; font-size: 0.75rem; margin-bottom: 1rem; }
.source pre { margin: 0.2rem 0 0; }
nav ol { padding-left: 1.2rem; }
@page { size: A4; margin: 18mm; }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
`

const inline = (part: Inline): string => {
  switch (part._tag) {
    case "Text":
      return escapeHtml(part.text)
    case "Value":
      return escapeHtml(formatValue(part.value))
    case "Code":
      return `<code>${escapeHtml(part.text)}</code>`
  }
}

const inlines = (parts: readonly Inline[]) => parts.map(inline).join("")

const source = (from: Source) =>
  from._tag === "File"
    ? `<div class="source">Source: <code>${escapeHtml(from.file)}</code> (${escapeHtml(from.fields)}).</div>`
    : `<div class="source">Source: query over the run's tables:<pre><code>${escapeHtml(from.sql)}</code></pre></div>`

const block = (part: Block): string => {
  switch (part._tag) {
    case "Paragraph":
      return `<p>${inlines(part.content)}</p>`
    case "Table": {
      const cls = (i: number) => (part.numeric[i] ? ` class="number"` : "")
      return (
        `<table><caption>${inlines(part.caption)}</caption>` +
        `<thead><tr>${part.header.map((cell, i) => `<th${cls(i)}>${inlines(cell)}</th>`).join("")}</tr></thead>` +
        `<tbody>${part.rows.map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${inline(cell)}</td>`).join("")}</tr>`).join("\n")}</tbody></table>\n` +
        source(part.source)
      )
    }
    case "Figure":
      return `<figure role="img" aria-label="${escapeHtml(plainText(part.caption))}">${part.svg}<figcaption>${inlines(part.caption)}</figcaption></figure>\n${source(part.source)}`
    case "CodeBlock":
      return `<p>${inlines(part.caption)}</p><pre><code>${escapeHtml(part.text)}</code></pre>\n${source(part.source)}`
  }
}

/** Section anchors: the titles' position in the outline, so they are unique and stable. */
const sectionHtml = (part: Section, level: number, id: string): string =>
  [
    `<section id="${id}"><h${level}>${escapeHtml(part.title)}</h${level}>`,
    ...part.blocks.map(block),
    ...part.subsections.map((s, i) => sectionHtml(s, Math.min(level + 1, 6), `${id}-${i + 1}`)),
    `</section>`,
  ].join("\n")

const contents = (sections: readonly Section[]) =>
  `<nav><h2>Contents</h2><ol>${sections.map((s, i) => `<li><a href="#s${i + 1}">${escapeHtml(s.title)}</a></li>`).join("")}</ol></nav>`

export const renderHtml = (document: Document): string =>
  [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(plainText(document.title))}</title><style>${styles}</style></head>`,
    `<body><main><h1>${inlines(document.title)}</h1>`,
    contents(document.sections),
    ...document.sections.map((s, i) => sectionHtml(s, 2, `s${i + 1}`)),
    "</main></body></html>",
    "",
  ].join("\n")
