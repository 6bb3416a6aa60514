/**
 * Text into LaTeX source that pdflatex typesets as that text: the ten
 * special characters and the ASCII characters T1 fonts draw differently
 * (quotes, `<`, `>`, `|`) become text commands, ligature-forming pairs (`--`,
 * `,,`) are split, Greek letters and mathematical symbols become math-mode
 * symbols, superscript and subscript digits become `\textsuperscript` and
 * `\textsubscript`, and Latin-1 and Latin Extended-A letters pass through
 * (inputenc's utf8 with T1 and textcomp typesets them with Times' own glyphs,
 * checked in the tests: no bitmap font is ever needed). Any other character
 * is shown by its code point, `\hhmlchar{1F600}` (defined in the preamble),
 * so every string compiles and nothing is silently dropped.
 *
 * The output never contains a bare `$ & # ^ _ % ~`; every `\` starts a
 * command, one of `\{ \} \$ \& \# \_ \%`, or a spacing accent
 * `` \`{} \"{} \={} \'{} ``; and braces are balanced.
 */

const asciiEscapes: Readonly<Record<string, string>> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  "%": "\\%",
  _: "\\_",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
  '"': "\\textquotedbl{}",
  "'": "\\textquotesingle{}",
  // The T1 accent glyph: textcomp's \textasciigrave would fall back to a bitmap font with Times.
  "`": "\\`{}",
}

/** Characters of T1 ligatures with themselves (`--` is an en dash, `,,` a low quote). */
const ligatureFormers = new Set(["-", ","])

/** Text-mode commands (LaTeX kernel, textcomp); spacing accents from T1, whose TS1 forms Times lacks. */
const textSymbols: ReadonlyMap<number, string> = new Map([
  [0x00a8, '\\"{}'],
  [0x00af, "\\={}"],
  [0x00b4, "\\'{}"],
  [0x2013, "\\textendash{}"],
  [0x2014, "\\textemdash{}"],
  [0x2018, "\\textquoteleft{}"],
  [0x2019, "\\textquoteright{}"],
  [0x201c, "\\textquotedblleft{}"],
  [0x201d, "\\textquotedblright{}"],
  [0x201a, "\\quotesinglbase{}"],
  [0x201e, "\\quotedblbase{}"],
  [0x2039, "\\guilsinglleft{}"],
  [0x203a, "\\guilsinglright{}"],
  [0x2026, "\\textellipsis{}"],
  [0x2022, "\\textbullet{}"],
  [0x2020, "\\textdagger{}"],
  [0x2021, "\\textdaggerdbl{}"],
  [0x2030, "\\textperthousand{}"],
  [0x20ac, "\\texteuro{}"],
  [0x2122, "\\texttrademark{}"],
  [0x2009, "\\thinspace{}"],
  [0x202f, "\\thinspace{}"],
  [0x2002, "\\enspace{}"],
  [0x2003, "\\quad{}"],
])

const greek: ReadonlyArray<readonly [string, string]> = [
  ["α", "\\alpha"], ["β", "\\beta"], ["γ", "\\gamma"], ["δ", "\\delta"], ["ε", "\\varepsilon"], ["ϵ", "\\epsilon"],
  ["ζ", "\\zeta"], ["η", "\\eta"], ["θ", "\\theta"], ["ϑ", "\\vartheta"], ["ι", "\\iota"], ["κ", "\\kappa"],
  ["λ", "\\lambda"], ["μ", "\\mu"], ["ν", "\\nu"], ["ξ", "\\xi"], ["ο", "o"], ["π", "\\pi"], ["ϖ", "\\varpi"],
  ["ρ", "\\rho"], ["ϱ", "\\varrho"], ["σ", "\\sigma"], ["ς", "\\varsigma"], ["τ", "\\tau"], ["υ", "\\upsilon"],
  ["φ", "\\varphi"], ["ϕ", "\\phi"], ["χ", "\\chi"], ["ψ", "\\psi"], ["ω", "\\omega"],
  ["Α", "\\mathrm{A}"], ["Β", "\\mathrm{B}"], ["Γ", "\\Gamma"], ["Δ", "\\Delta"], ["Ε", "\\mathrm{E}"], ["Ζ", "\\mathrm{Z}"],
  ["Η", "\\mathrm{H}"], ["Θ", "\\Theta"], ["Ι", "\\mathrm{I}"], ["Κ", "\\mathrm{K}"], ["Λ", "\\Lambda"], ["Μ", "\\mathrm{M}"],
  ["Ν", "\\mathrm{N}"], ["Ξ", "\\Xi"], ["Ο", "\\mathrm{O}"], ["Π", "\\Pi"], ["Ρ", "\\mathrm{P}"], ["Σ", "\\Sigma"],
  ["Τ", "\\mathrm{T}"], ["Υ", "\\Upsilon"], ["Φ", "\\Phi"], ["Χ", "\\mathrm{X}"], ["Ψ", "\\Psi"], ["Ω", "\\Omega"],
]

const operators: ReadonlyArray<readonly [string, string]> = [
  ["≤", "\\leq"], ["≥", "\\geq"], ["≠", "\\neq"], ["≈", "\\approx"], ["≡", "\\equiv"], ["∼", "\\sim"], ["≃", "\\simeq"],
  ["≅", "\\cong"], ["∝", "\\propto"], ["≪", "\\ll"], ["≫", "\\gg"], ["≺", "\\prec"], ["≻", "\\succ"], ["∞", "\\infty"],
  ["∂", "\\partial"], ["∇", "\\nabla"], ["∑", "\\sum"], ["∏", "\\prod"], ["∫", "\\int"], ["∮", "\\oint"], ["√", "\\surd"],
  ["∈", "\\in"], ["∉", "\\notin"], ["∋", "\\ni"], ["⊂", "\\subset"], ["⊃", "\\supset"], ["⊆", "\\subseteq"],
  ["⊇", "\\supseteq"], ["∪", "\\cup"], ["∩", "\\cap"], ["∖", "\\setminus"], ["∀", "\\forall"], ["∃", "\\exists"],
  ["∅", "\\emptyset"], ["∧", "\\wedge"], ["∨", "\\vee"], ["⊗", "\\otimes"], ["⊕", "\\oplus"], ["⊙", "\\odot"],
  ["⊥", "\\perp"], ["∥", "\\parallel"], ["‖", "\\|"], ["∣", "\\mid"], ["⟨", "\\langle"], ["⟩", "\\rangle"],
  ["⌊", "\\lfloor"], ["⌋", "\\rfloor"], ["⌈", "\\lceil"], ["⌉", "\\rceil"], ["→", "\\rightarrow"], ["←", "\\leftarrow"],
  ["↔", "\\leftrightarrow"], ["⇒", "\\Rightarrow"], ["⇐", "\\Leftarrow"], ["⇔", "\\Leftrightarrow"], ["↦", "\\mapsto"],
  ["↑", "\\uparrow"], ["↓", "\\downarrow"], ["∘", "\\circ"], ["⋅", "\\cdot"], ["∗", "\\ast"], ["∓", "\\mp"], ["−", "-"],
  ["′", "\\prime"], ["″", "\\prime\\prime"], ["ℏ", "\\hslash"], ["ℓ", "\\ell"], ["ℜ", "\\Re"], ["ℑ", "\\Im"],
  ["ℵ", "\\aleph"], ["∠", "\\angle"], ["⊢", "\\vdash"], ["ℝ", "\\mathbb{R}"], ["ℂ", "\\mathbb{C}"], ["ℕ", "\\mathbb{N}"],
  ["ℤ", "\\mathbb{Z}"], ["ℚ", "\\mathbb{Q}"],
]

/** Math-mode symbols, typeset with `\ensuremath`. */
const mathSymbols: ReadonlyMap<number, string> = new Map(
  [...greek, ...operators].map(([char, command]) => [char.codePointAt(0)!, command] as const),
)

const scripts = (chars: string, plain: string) => new Map([...chars].map((char, i) => [char.codePointAt(0)!, plain[i]!] as const))

/** Superscript and subscript characters outside Latin-1, by the ASCII character they raise or lower. */
const superscripts = scripts("⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ", "0i456789+-=()n")
const subscripts = scripts("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜⱼᵢ", "0123456789+-=()aeoxhklmnpstji")

/** Combining marks over a math symbol or a letter, as math accents. */
const combiningAccents: ReadonlyMap<number, string> = new Map([
  [0x0300, "\\grave"],
  [0x0301, "\\acute"],
  [0x0302, "\\hat"],
  [0x0303, "\\tilde"],
  [0x0304, "\\bar"],
  [0x0305, "\\bar"],
  [0x0306, "\\breve"],
  [0x0307, "\\dot"],
  [0x0308, "\\ddot"],
  [0x030c, "\\check"],
  [0x20d7, "\\vec"],
])

/**
 * Code points inputenc's utf8 typesets with T1 and textcomp: Latin-1 from the
 * no-break space, and Latin Extended-A but for the few T1 lacks (checked by
 * compiling every one of them in stages/report/latex.test.ts).
 */
const lacksT1 = new Set([0x0126, 0x0127, 0x0138, 0x013f, 0x0140, 0x0149, 0x0166, 0x0167, 0x017f])
const passesThrough = (code: number): boolean => (code >= 0xa0 && code <= 0x17f && !lacksT1.has(code)) || code === 0xad

const isCombining = (code: number) => (code >= 0x0300 && code <= 0x036f) || (code >= 0x20d0 && code <= 0x20ff)

const isAsciiLetter = (char: string) => /^[A-Za-z]$/.test(char)

/** `\hhmlchar{XXXX}`: the command the preamble defines to show a code point LaTeX cannot typeset. */
export const codePointCommand = (code: number): string => `\\hhmlchar{${code.toString(16).toUpperCase().padStart(4, "0")}}`

/**
 * The preamble lines escaped text relies on: T1 Times and Courier with
 * textcomp and amssymb (all in Debian's texlive-latex-base,
 * -latex-recommended and -fonts-recommended), Unicode text in the PDF, and
 * `\hhmlchar`.
 */
export const escapingPreamble: readonly string[] = [
  "\\usepackage[T1]{fontenc}",
  "\\usepackage[utf8]{inputenc}",
  "\\usepackage{textcomp}",
  "\\usepackage{mathptmx}",
  "\\usepackage{courier}",
  "\\usepackage{amssymb}",
  "\\pdfgentounicode=1",
  "\\input{glyphtounicode}",
  "\\newcommand{\\hhmlchar}[1]{\\texttt{[U+#1]}}",
]

/** Whitespace control characters become spaces (as in HTML); other control characters show their code point. */
const whitespace = /[\t\n\v\f\r\u0085\u2028\u2029]/g

const symbol = (char: string, code: number, next: string | undefined): string => {
  if (code >= 0x20 && code < 0x7f) {
    const escaped = asciiEscapes[char]
    if (escaped !== undefined) return escaped
    return ligatureFormers.has(char) && next === char ? `${char}{}` : char
  }
  const text = textSymbols.get(code)
  if (text !== undefined) return text
  if (passesThrough(code)) return char
  const math = mathSymbols.get(code)
  if (math !== undefined) return `\\ensuremath{${math}}`
  const raised = superscripts.get(code)
  if (raised !== undefined) return `\\textsuperscript{${raised}}`
  const lowered = subscripts.get(code)
  if (lowered !== undefined) return `\\textsubscript{${lowered}}`
  return codePointCommand(code)
}

/** A base character with combining marks that are all math accents, as one accented math symbol; else null. */
const accented = (base: string, marks: readonly number[]): string | null => {
  const code = base.codePointAt(0)!
  const nucleus = mathSymbols.get(code) ?? (isAsciiLetter(base) ? base : null)
  if (nucleus === null || marks.some((mark) => !combiningAccents.has(mark))) return null
  return `\\ensuremath{${marks.reduce((inner, mark) => `${combiningAccents.get(mark)!}{${inner}}`, nucleus)}}`
}

/** Escapes `text` (NFC-normalised) for LaTeX text mode. */
export const escapeLatex = (text: string): string => {
  const chars = [...text.normalize("NFC").replace(whitespace, " ")]
  let out = ""
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!
    const marks: number[] = []
    while (i + 1 + marks.length < chars.length && isCombining(chars[i + 1 + marks.length]!.codePointAt(0)!)) {
      marks.push(chars[i + 1 + marks.length]!.codePointAt(0)!)
    }
    const withAccents = marks.length === 0 ? null : accented(char, marks)
    if (withAccents !== null) {
      out += withAccents
      i += marks.length
    } else {
      out += symbol(char, char.codePointAt(0)!, chars[i + 1])
    }
  }
  return out
}

/** Characters after which an identifier, path or hash may break across lines. */
const breakAfter = new Set(["/", "-", "_", ".", ",", "=", ":"])

/** Unbroken runs longer than this get break points too (hashes, long numbers). */
const longestRun = 16

/**
 * Escapes an identifier, path, hash or command for LaTeX, letting it break
 * across lines after `/ - _ . , = :` and inside runs of more than 16
 * characters, so long tokens never run into the margin.
 */
export const escapeLatexBreakable = (text: string): string => {
  const segments: string[] = []
  let segment = ""
  let run = 0
  for (const char of text.normalize("NFC").replace(whitespace, " ")) {
    if (run >= longestRun && !isCombining(char.codePointAt(0)!)) {
      segments.push(segment)
      segment = ""
      run = 0
    }
    segment += char
    run = char === " " ? 0 : run + 1
    if (breakAfter.has(char)) run = longestRun
  }
  return [...segments, segment].map(escapeLatex).join("\\allowbreak{}")
}
