/**
 * LaTeX escaping: hand-worked examples, a property that no special character
 * ever escapes unescaped (for any Unicode string), a round trip through a
 * small independent parser of the output, and pdflatex compiling every
 * mapped character and random strings with no missing glyph and no bitmap
 * font.
 */
import { execFileSync } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { findProgram } from "../../pipelines/cli/doctor.js"
import { escapeLatex, escapeLatexBreakable, escapingPreamble } from "./latex.js"

describe("escapeLatex", () => {
  it("escapes the ten specials, the T1 look-alikes and ligature pairs (worked by hand)", () => {
    expect(escapeLatex("50% & $5_x #1")).toBe("50\\% \\& \\$5\\_x \\#1")
    expect(escapeLatex("{a}\\b")).toBe("\\{a\\}\\textbackslash{}b")
    expect(escapeLatex("x^2 ~y")).toBe("x\\textasciicircum{}2 \\textasciitilde{}y")
    expect(escapeLatex("a<b>c|d")).toBe("a\\textless{}b\\textgreater{}c\\textbar{}d")
    expect(escapeLatex(`"q" 'q' \`q\``)).toBe("\\textquotedbl{}q\\textquotedbl{} \\textquotesingle{}q\\textquotesingle{} \\`{}q\\`{}")
    expect(escapeLatex("a--b,,c")).toBe("a-{}-b,{},c")
  })

  it("sets Greek and mathematical symbols in math mode and passes Latin letters through", () => {
    expect(escapeLatex("Σ|ψ|²")).toBe("\\ensuremath{\\Sigma}\\textbar{}\\ensuremath{\\psi}\\textbar{}²")
    expect(escapeLatex("S ≤ min cut · ln χ")).toBe("S \\ensuremath{\\leq} min cut · ln \\ensuremath{\\chi}")
    expect(escapeLatex("Möbius")).toBe("Möbius")
    expect(escapeLatex("ψ̄")).toBe("\\ensuremath{\\bar{\\psi}}")
    expect(escapeLatex("ρ₀ x⁴")).toBe("\\ensuremath{\\rho}\\textsubscript{0} x\\textsuperscript{4}")
  })

  it("shows characters LaTeX cannot typeset by their code point, and whitespace controls as spaces", () => {
    expect(escapeLatex("a😀b")).toBe("a\\hhmlchar{1F600}b")
    expect(escapeLatex("a\u0000b\u200bc")).toBe("a\\hhmlchar{0000}b\\hhmlchar{200B}c")
    expect(escapeLatex("a\nb\tc")).toBe("a b c")
  })
})

/** What escaped output may contain: commands, escaped specials, spacing accents, braces, and characters that are not special. */
const token = /\\[A-Za-z]+|\\[{}$&#%_]|\\[`"'=]\{\}|[{}]|[^\\{}$&#^_%~]/gu

const isSafe = (latex: string): boolean => {
  let depth = 0
  let consumed = 0
  for (const match of latex.matchAll(token)) {
    if (match.index !== consumed) return false
    consumed += match[0].length
    if (match[0] === "{") depth += 1
    if (match[0] === "}") depth -= 1
    if (depth < 0) return false
  }
  return consumed === latex.length && depth === 0
}

/**
 * A reader of escaped text for the ASCII range, spacing accents and code
 * points, written from LaTeX's meaning of each command (not from the escape
 * table): `\{` is "{", `\textbackslash{}` is "\", `\hhmlchar{1F600}` is 😀,
 * `{}` and `\allowbreak{}` are nothing.
 */
const read = (latex: string): string => {
  const commands: Record<string, string> = {
    textbackslash: "\\",
    textasciicircum: "^",
    textasciitilde: "~",
    textless: "<",
    textgreater: ">",
    textbar: "|",
    textquotedbl: '"',
    textquotesingle: "'",
    allowbreak: "",
  }
  const accents: Record<string, string> = { "`": "`", '"': "\u00a8", "=": "\u00af", "'": "\u00b4" }
  return latex.replace(/\\hhmlchar\{([0-9A-F]+)\}|\\([A-Za-z]+)\{\}|\\([`"'=])\{\}|\\([{}$&#%_])|\{\}/g, (_, hex?: string, name?: string, accent?: string, special?: string) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16))
    if (name !== undefined) {
      if (!(name in commands)) throw new Error(`unexpected command \\${name}`)
      return commands[name]!
    }
    if (accent !== undefined) return accents[accent]!
    return special ?? ""
  })
}

/** Printable ASCII, Latin-1 letters, and characters that fall back to code points (controls, emoji, CJK, Hebrew). */
const readableText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0xc0, max: 0xff }),
    fc.constantFrom(0x00, 0x07, 0x1b, 0x7f, 0x200b, 0x4e2d, 0x05d0, 0x1f600, 0x1d11e),
  ).map((code) => String.fromCodePoint(code)),
  maxLength: 60,
})

/** Any Unicode string, with LaTeX's specials, ASCII and combining marks far more frequent than uniform code points would give. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(..."\\{}$&#^_%~<>|\"'`-,"),
    fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCodePoint(code)),
    fc.integer({ min: 0x0300, max: 0x036f }).map((code) => String.fromCodePoint(code)),
    fc.constantFrom(..."ψΣ≤⟨⟩²₀ⁿ–…Möbius"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  ),
  maxLength: 80,
})

describe("escapeLatex properties", () => {
  it("never leaves a special character unescaped and keeps braces balanced, for any Unicode string", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(isSafe(escapeLatex(text))).toBe(true)
        expect(isSafe(escapeLatexBreakable(text))).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it("reads back as the text it escaped (ASCII, Latin-1, code points; breakable form too)", () => {
    fc.assert(
      fc.property(readableText, (text) => {
        expect(read(escapeLatex(text))).toBe(text.normalize("NFC"))
        expect(read(escapeLatexBreakable(text))).toBe(text.normalize("NFC"))
      }),
      { numRuns: 2000 },
    )
  })
})

const pdflatex = findProgram("pdflatex")
const pdffonts = findProgram("pdffonts")
const pdftotext = findProgram("pdftotext")
const directories: string[] = []
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))))

/** Compiles `body` with the report's font setup; resolves to the folder holding `escaped.pdf`, or pdflatex's output on failure. */
const compile = async (body: string): Promise<{ directory: string; failure: string | null }> => {
  const document = [
    "\\documentclass{article}",
    ...escapingPreamble,
    // A glyph missing from a font is an error, not a log line.
    "\\tracinglostchars=3",
    "\\begin{document}",
    "\\pagestyle{empty}",
    body,
    "\\end{document}",
  ].join("\n")
  const directory = await mkdtemp(join(tmpdir(), "hhml-latex-"))
  directories.push(directory)
  await writeFile(join(directory, "escaped.tex"), document)
  try {
    execFileSync(pdflatex!, ["-interaction=nonstopmode", "-halt-on-error", "escaped.tex"], { cwd: directory, encoding: "utf8" })
    return { directory, failure: null }
  } catch (error) {
    return { directory, failure: ((error as { stdout?: string }).stdout ?? String(error)).slice(-2000) }
  }
}

describe("escaped text compiles with pdflatex", () => {
  if (pdflatex === null) console.log("skipped: pdflatex is not on PATH (CI installs texlive-latex-base, -recommended, texlive-fonts-recommended)")
  if (pdftotext === null) console.log("text read-back skipped: pdftotext is not on PATH (CI installs poppler-utils)")

  it.skipIf(pdflatex === null)("typesets every mapped character and random strings with no missing glyph and no bitmap font", async () => {
    const mapped = [
      ...Array.from({ length: 0x17f - 0x20 + 1 }, (_, i) => String.fromCodePoint(0x20 + i)).filter((c) => !/[\u007f-\u009f]/.test(c)),
      ..."αβγδεϵζηθϑικλμνξοπϖρϱσςτυφϕχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ≤≥≠≈≡∼≃≅∝≪≫≺≻∞∂∇∑∏∫∮√∈∉∋⊂⊃⊆⊇∪∩∖∀∃∅∧∨⊗⊕⊙⊥∥‖∣⟨⟩⌊⌋⌈⌉→←↔⇒⇐⇔↦↑↓∘⋅∗∓−′″ℏℓℜℑℵ∠⊢ℝℂℕℤℚ",
      ..."–—‘’“”‚„‹›…•†‡‰€™\u2009\u202f\u2002\u2003⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜⱼᵢ",
      "ψ̄",
      "x̂",
      "😀",
    ]
    const random = fc.sample(anyText, { numRuns: 300, seed: 20260101 })
    const lines = [...mapped.map((c) => `${escapeLatex(c)} \\texttt{${escapeLatex(c)}}`), ...random.map(escapeLatexBreakable)]
    const { directory, failure } = await compile(lines.join("\\par\n"))
    expect(failure).toBeNull()
    if (pdffonts === null) {
      console.log("bitmap-font check skipped: pdffonts is not on PATH (CI installs poppler-utils)")
    } else {
      const fonts = execFileSync(pdffonts, [join(directory, "escaped.pdf")], { encoding: "utf8" })
      expect(fonts).not.toMatch(/Type 3/)
      expect(fonts).toMatch(/Type 1/)
    }
  })

  it.skipIf(pdflatex === null || pdftotext === null)("typesets printable ASCII as exactly that text (read back from the PDF)", async () => {
    const strings = fc.sample(
      fc.string({ unit: fc.oneof(fc.constantFrom(..."\\{}$&#^_%~<>|\"'`-,"), fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCodePoint(code))), minLength: 1, maxLength: 30 }),
      { numRuns: 200, seed: 7 },
    )
    // Each line ends in "]": pdftotext would take a hyphen at the end of a line for a hyphenation and drop it.
    const { directory, failure } = await compile(strings.map((text) => `${escapeLatex(text)}]\\par\\texttt{${escapeLatexBreakable(text)}}]`).join("\\par\n"))
    expect(failure).toBeNull()
    const printed = execFileSync(pdftotext!, ["-enc", "UTF-8", join(directory, "escaped.pdf"), "-"], { encoding: "utf8" })
    const letters = (text: string) => text.normalize("NFKC").replace(/\s+/g, "")
    expect(letters(printed)).toBe(letters(strings.map((text) => `${text}]${text}]`).join("")))
  })
})
