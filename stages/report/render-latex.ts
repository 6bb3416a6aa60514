/**
 * The document as LaTeX for pdflatex, using only packages of Debian's
 * texlive-latex-base, texlive-latex-recommended and texlive-fonts-recommended
 * (Times and Courier through psnfss, booktabs, longtable, graphicx,
 * hyperref). Every string from the document goes through `escapeLatex`;
 * figures are the PNG files in `figures/`.
 */
import { type Block, type Document, type Inline, type Section, type Source, type Table, formatValue } from "./document.js"
import { escapeLatex, escapeLatexBreakable, escapingPreamble } from "./latex.js"

const preamble = [
  "\\documentclass[10pt,a4paper]{article}",
  ...escapingPreamble,
  "\\usepackage[margin=2cm]{geometry}",
  "\\usepackage{graphicx}",
  "\\usepackage{array}",
  "\\usepackage{booktabs}",
  "\\usepackage{longtable}",
  "\\usepackage[hidelinks]{hyperref}",
  "\\setlength{\\parindent}{0pt}",
  "\\setlength{\\parskip}{0.5\\baselineskip}",
  "\\setlength{\\LTpre}{0.5\\baselineskip}",
  "\\setlength{\\LTpost}{0.25\\baselineskip}",
  "\\setlength{\\LTcapwidth}{\\linewidth}",
]

/** A number in exponent form as LaTeX math, e.g. 1.2e-7 → 1.2 × 10⁻⁷; any other value escaped. */
const valueLatex = (text: string): string => {
  const exponent = /^(-?\d+(?:\.\d+)?)e(-?\d+)$/.exec(text)
  return exponent === null ? escapeLatexBreakable(text) : `\\ensuremath{${exponent[1]}\\times10^{${exponent[2]}}}`
}

const inline = (part: Inline): string => {
  switch (part._tag) {
    case "Text":
      return escapeLatex(part.text)
    case "Value":
      return valueLatex(formatValue(part.value))
    case "Code":
      return `\\texttt{${escapeLatexBreakable(part.text)}}`
  }
}

const inlines = (parts: readonly Inline[]) => parts.map(inline).join("")

const plain = (parts: readonly Inline[]) =>
  parts.map((part) => (part._tag === "Value" ? formatValue(part.value) : part._tag === "Code" ? `${part.text}  ` : part.text)).join("")

/** Characters of the table font that fit on a line (footnotesize Times on a 17 cm line, with column padding). */
const lineCharacters = 110

/** Widest a column gets relative to the others, in characters, and the longest word that keeps a column from narrowing. */
const widestColumn = 50
const longestWord = 16

/**
 * Column types: numbers right-aligned and text left-aligned while the table
 * fits the line; else paragraph columns that share the line width in
 * proportion to each column's longest entry.
 */
const columnSpec = (part: Table): string => {
  const cells = part.header.map((cell, i) => [plain(cell), ...part.rows.map((row) => plain(row[i] === undefined ? [] : [row[i]!]))])
  const longest = cells.map((column) => Math.max(...column.map((cell) => cell.length)))
  if (longest.reduce((a, b) => a + b + 2, 0) <= lineCharacters) return longest.map((_, i) => (part.numeric[i] ? "r" : "l")).join("")
  const words = cells.map((column) => Math.max(...column.flatMap((cell) => cell.split(/\s+/).map((word) => Math.min(word.length, longestWord)))))
  const weights = longest.map((length, i) => Math.max(words[i]!, Math.min(length, widestColumn)))
  const total = weights.reduce((a, b) => a + b, 0)
  return weights
    .map((weight, i) => `>{\\${part.numeric[i] ? "raggedleft" : "raggedright"}\\arraybackslash}p{\\dimexpr ${(weight / total).toFixed(3)}\\linewidth-2\\tabcolsep\\relax}`)
    .join("")
}

const source = (from: Source): string =>
  from._tag === "File"
    ? `{\\footnotesize Source: \\texttt{${escapeLatexBreakable(from.file)}} (${escapeLatex(from.fields)}).\\par}`
    : `{\\footnotesize Source: query over the run's tables:\\par\\begin{flushleft}\\ttfamily\\scriptsize ${escapeLatexBreakable(from.sql)}\\end{flushleft}}`

const tableLatex = (part: Table): string => {
  const row = (cells: readonly string[]) => `${cells.join(" & ")} \\\\`
  return [
    "{\\footnotesize",
    `\\begin{longtable}{${columnSpec(part)}}`,
    `\\caption*{\\normalsize ${inlines(part.caption)}}\\\\`,
    "\\toprule",
    row(part.header.map((cell) => `\\textbf{${inlines(cell)}}`)),
    "\\midrule\\endhead",
    ...part.rows.map((cells) => row(cells.map(inline))),
    "\\bottomrule",
    "\\end{longtable}}",
    source(part.source),
  ].join("\n")
}

const block = (part: Block): string => {
  switch (part._tag) {
    case "Paragraph":
      return `${inlines(part.content)}\\par`
    case "Table":
      return tableLatex(part)
    case "Figure":
      return [
        "\\begin{figure}[!htbp]",
        "\\centering",
        `\\includegraphics[width=\\linewidth]{figures/${part.name}.png}`,
        `{\\small ${inlines(part.caption)}\\par}`,
        source(part.source),
        "\\end{figure}",
      ].join("\n")
    case "CodeBlock":
      return `${inlines(part.caption)}\\par\\begin{flushleft}\\ttfamily\\small ${escapeLatexBreakable(part.text)}\\end{flushleft}\n${source(part.source)}`
  }
}

const headings = ["section", "subsection", "subsubsection", "paragraph"]

const sectionLatex = (part: Section, depth: number): string =>
  [
    `\\${headings[Math.min(depth, headings.length - 1)]}{${escapeLatex(part.title)}}`,
    ...part.blocks.map(block),
    ...part.subsections.map((s) => sectionLatex(s, depth + 1)),
  ].join("\n\n")

export const renderLatex = (document: Document): string =>
  [
    ...preamble,
    `\\title{${inlines(document.title)}}`,
    "\\author{}",
    "\\date{}",
    "\\begin{document}",
    "\\maketitle",
    "\\tableofcontents",
    ...document.sections.map((s) => sectionLatex(s, 0)),
    "\\end{document}",
    "",
  ].join("\n\n")
