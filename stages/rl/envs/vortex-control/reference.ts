/**
 * docs/control-parameters.md: the control registry and the mapping of the
 * original 23 parameter names, generated from the code
 * (`hhml list --controls-markdown`); a test keeps the committed file equal to
 * this output.
 */
import { type Control, type ControlTarget, controls } from "./controls.js"
import { type Equivalent, originalParameters } from "./original-parameters.js"

const actsOn: Readonly<Record<ControlTarget, string>> = {
  "drive-factor": "drive factor ε e^{-iωt}",
  "drive-weights": "source weights c_s (one product G = K c)",
  "drive-transfer": "transfer matrix K (recomputed), then G",
  equation: "CGLE coefficients",
  links: "lattice links (a relinked lattice)",
  field: "ψ, before the steps",
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ")

const number = (x: number): string => {
  if (Math.abs(x - Math.PI) < 1e-12) return "π"
  if (Math.abs(x + Math.PI) < 1e-12) return "-π"
  if (Math.abs(x - Math.PI / 8) < 1e-12) return "π/8"
  return String(x)
}

const mapping = (c: Control): string => (c.mapping === "absolute" ? "absolute" : `incremental, ≤ ${number(c.step!)} per action`)

const equivalent = (e: Equivalent): string =>
  e.kind === "control" ? `control \`${e.control}\`` : e.kind === "config" ? `config ${e.key.split(", ").map((k) => `\`${k}\``).join(", ")}` : "none"

export const controlsMarkdown = (): string =>
  [
    "# Control parameters",
    "",
    "Generated from the control registry by `npx hhml list --controls-markdown > docs/control-parameters.md`; do not edit by hand.",
    "The physics of each control, the observation and the reward are in [theory/control.md](theory/control.md).",
    "",
    "An agent acts in [-1, 1]^d, one entry per control named in `environment.controls`, in that order. An",
    "**absolute** control takes the value min + (a + 1)/2 · (max - min); an **incremental** one moves by",
    "a · step from where it is, clipped to its range. Every control starts each episode at the value of the",
    "config key in *starts at* (seeding and annihilation start off), and a control that cannot act on the",
    "lattice is refused with a config error naming it.",
    "",
    "| control | symbol | range | unit | action | acts on | starts at | applies to | original name | meaning |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...controls.map(
      (c) =>
        `| \`${c.name}\` | ${c.symbol} | [${number(c.min)}, ${number(c.max)}] | ${c.unit} | ${mapping(c)} | ${actsOn[c.acts]} | ${c.initialFrom === null ? "0" : `\`${c.initialFrom}\``} | ${c.appliesTo} | ${c.originalName === null ? "" : `\`${c.originalName}\``} | ${cell(c.description)} |`,
    ),
    "",
    "## The original's 23 parameters",
    "",
    "The original agent's controller emitted these 23 values (index, name, range and purpose as it documented",
    "them). Each maps to a control where a well-defined equivalent exists, to a config key where the quantity",
    "is fixed per run (geometry, numerics, the task), or to nothing, with the reason.",
    "",
    "| # | original | range | purpose | here | note |",
    "|---|---|---|---|---|---|",
    ...originalParameters.map(
      (p) => `| ${p.index} | \`${p.name}\` | [${p.range[0]}, ${p.range[1]}] | ${cell(p.purpose)} | ${equivalent(p.equivalent)} | ${cell(p.note)} |`,
    ),
    "",
  ].join("\n")
