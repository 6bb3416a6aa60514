/**
 * The document as GitHub-flavoured Markdown: figures link `figures/<name>.svg`,
 * tables are pipe tables, and each table, figure and command names its
 * source (the file read, or the SQL query in a fenced block).
 */
import { type Block, type Document, type Inline, type Section, type Source, formatValue, plainText } from "./document.js"

const escapeText = (text: string) => text.replace(/\s+/g, " ").replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`)

const codeSpan = (text: string) => {
  const flat = text.replace(/\s+/g, " ").replaceAll("|", "\\|")
  const fence = "`".repeat(Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length)) + 1)
  return fence.length > 1 || flat.startsWith("`") || flat.endsWith("`") ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`
}

const inline = (part: Inline): string => {
  switch (part._tag) {
    case "Text":
      return escapeText(part.text)
    case "Value":
      return escapeText(formatValue(part.value))
    case "Code":
      return codeSpan(part.text)
  }
}

const inlines = (parts: readonly Inline[]) => parts.map(inline).join("")

const fencedBlock = (language: string, text: string) => {
  const fence = "`".repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)))
  return `${fence}${language}\n${text}\n${fence}`
}

const source = (from: Source): string =>
  from._tag === "File" ? `Source: ${codeSpan(from.file)} (${escapeText(from.fields)}).` : `Source: query over the run's tables:\n\n${fencedBlock("sql", from.sql)}`

const block = (part: Block): string => {
  switch (part._tag) {
    case "Paragraph":
      return inlines(part.content)
    case "Table": {
      const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`
      return [
        `*${inlines(part.caption)}*`,
        "",
        row(part.header.map(inlines)),
        row(part.numeric.map((right) => (right ? "---:" : "---"))),
        ...part.rows.map((cells) => row(cells.map(inline))),
        "",
        source(part.source),
      ].join("\n")
    }
    case "Figure":
      return [`![${escapeText(plainText(part.caption))}](figures/${part.name}.svg)`, "", `*${inlines(part.caption)}*`, "", source(part.source)].join("\n")
    case "CodeBlock":
      return [inlines(part.caption), "", fencedBlock("sh", part.text), "", source(part.source)].join("\n")
  }
}

const sectionText = (part: Section, level: number): string =>
  [`${"#".repeat(level)} ${escapeText(part.title)}`, ...part.blocks.map(block), ...part.subsections.map((s) => sectionText(s, level + 1))].join("\n\n")

export const renderMarkdown = (document: Document): string =>
  `${[`# ${inlines(document.title)}`, ...document.sections.map((s) => sectionText(s, 2))].join("\n\n")}\n`
