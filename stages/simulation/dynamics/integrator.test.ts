import { describe, expect, it } from "vitest"
import type { ComplexField } from "../field.js"
import { ringLattice, torusLattice } from "../lattice/index.js"
import { cgle, type Equation, nls } from "./equation.js"
import { createIntegrator } from "./integrator.js"

const maxError = (a: ComplexField, b: ComplexField): number => {
  let max = 0
  for (let i = 0; i < a.re.length; i++) max = Math.max(max, Math.hypot(a.re[i]! - b.re[i]!, a.im[i]! - b.im[i]!))
  return max
}

/** amplitude · e^{i(phase_i - Ω t)} from per-node phases. */
const wave = (phases: Float64Array, amplitude: { re: number; im: number }, omega: number, t: number): ComplexField => {
  const re = new Float64Array(phases.length)
  const im = new Float64Array(phases.length)
  phases.forEach((phase, i) => {
    const c = Math.cos(phase - omega * t)
    const s = Math.sin(phase - omega * t)
    re[i] = amplitude.re * c - amplitude.im * s
    im[i] = amplitude.re * s + amplitude.im * c
  })
  return { re, im }
}

// Ring with holonomy α: ψ_j = e^{iqj} with q N = α + 2πm solves Lψ = -λ_q ψ, λ_q = 4 sin²(q/2) (docs/theory/dynamics.md).
const ringNodes = 32
const ringAlpha = 0.9
const ringQ = (2 * Math.PI + ringAlpha) / ringNodes
const ringPhases = Float64Array.from({ length: ringNodes }, (_, j) => ringQ * j)
const ringLambda = 4 * Math.sin(ringQ / 2) ** 2

// Torus, node(i, j) = i nv + j, holonomy α across the u seam: λ = 4 sin²(q/2) + 4 sin²(p/2).
const nu = 16
const nv = 12
const torusAlpha = 0.6
const torusQ = (2 * Math.PI + torusAlpha) / nu
const torusP = (2 * Math.PI) / nv
const torusPhases = Float64Array.from({ length: nu * nv }, (_, k) => torusQ * Math.floor(k / nv) + torusP * (k % nv))
const torusLambda = 4 * Math.sin(torusQ / 2) ** 2 + 4 * Math.sin(torusP / 2) ** 2

/** Error at time T of the CGLE plane wave a² = 1 - λ, Ω = bλ + ca², started exactly. */
const cglePlaneWaveError = (lattice: ReturnType<typeof ringLattice>, phases: Float64Array, lambda: number, dt: number, duration: number) => {
  const b = 0.4
  const c = 0.3
  const a = Math.sqrt(1 - lambda)
  const omega = b * lambda + c * a * a
  const integrator = createIntegrator(lattice, cgle({ b, c }), { dt, initial: wave(phases, { re: a, im: 0 }, omega, 0) })
  integrator.advance(Math.round(duration / dt))
  const error = maxError(integrator.read(), wave(phases, { re: a, im: 0 }, omega, duration))
  integrator.dispose()
  return error
}

describe("rk4 on the CGLE", () => {
  it("reproduces the plane wave on a ring with holonomy over a long time, with fourth-order error", () => {
    const errors = [0.2, 0.1, 0.05].map((dt) => cglePlaneWaveError(ringLattice({ nodes: ringNodes, alpha: ringAlpha }), ringPhases, ringLambda, dt, 40))
    expect(errors[2]).toBeLessThan(1e-7)
    for (let k = 0; k < 2; k++) {
      const order = Math.log2(errors[k]! / errors[k + 1]!)
      expect(order).toBeGreaterThan(3.6)
      expect(order).toBeLessThan(4.4)
    }
  })

  it("reproduces the plane wave on a torus with holonomy over a long time, with fourth-order error", () => {
    const lattice = torusLattice({ nu, nv, alpha: torusAlpha })
    const errors = [0.2, 0.1].map((dt) => cglePlaneWaveError(lattice, torusPhases, torusLambda, dt, 40))
    expect(errors[1]).toBeLessThan(1e-6)
    const order = Math.log2(errors[0]! / errors[1]!)
    expect(order).toBeGreaterThan(3.6)
    expect(order).toBeLessThan(4.4)
  })

  it("follows the exact periodic response to a drive, ψ = ε P e^{-iωt} / (-iω - μ + iV + Dλ)", () => {
    // Linear damped equation driven by a Laplacian eigenvector P: the response is P times a complex constant.
    const lattice = ringLattice({ nodes: ringNodes, alpha: ringAlpha })
    const [epsilon, omega, mu, v] = [0.7, 1.1, -0.5, 0.2]
    const profile = wave(ringPhases, { re: 1, im: 0 }, 0, 0)
    const equation: Equation = {
      mu,
      potential: v,
      diffusion: { re: 1, im: 0.3 },
      nonlinearity: { re: 0, im: 0 },
      drive: { amplitude: epsilon, frequency: omega, profile },
    }
    // A = ε / z with z = -iω - μ + iV + (1 + 0.3i)λ.
    const z = { re: -mu + ringLambda, im: -omega + v + 0.3 * ringLambda }
    const modulus2 = z.re * z.re + z.im * z.im
    const amplitude = { re: (epsilon * z.re) / modulus2, im: (-epsilon * z.im) / modulus2 }
    const start = 2.5
    const integrator = createIntegrator(lattice, equation, { dt: 0.05, time: start, initial: wave(ringPhases, amplitude, omega, start) })
    integrator.advance(400)
    expect(integrator.time).toBeCloseTo(start + 20, 12)
    expect(maxError(integrator.read(), wave(ringPhases, amplitude, omega, start + 20))).toBeLessThan(1e-7)
  })

  it("solves the uncoupled equation ψ_i' = (μ - iV_i)ψ_i with a per-node potential", () => {
    const lattice = ringLattice({ nodes: 8 })
    const potential = Float64Array.from({ length: 8 }, (_, i) => 0.3 * i - 1)
    const equation: Equation = { mu: -0.2, potential, diffusion: { re: 0, im: 0 }, nonlinearity: { re: 0, im: 0 } }
    const initial = { re: Float64Array.from({ length: 8 }, (_, i) => 1 + 0.1 * i), im: new Float64Array(8).fill(0.5) }
    const integrator = createIntegrator(lattice, equation, { dt: 0.01, initial })
    integrator.advance(300)
    const psi = integrator.read()
    for (let i = 0; i < 8; i++) {
      const growth = Math.exp(-0.2 * 3)
      const angle = -potential[i]! * 3
      expect(psi.re[i]).toBeCloseTo(growth * (initial.re[i]! * Math.cos(angle) - initial.im[i]! * Math.sin(angle)), 8)
      expect(psi.im[i]).toBeCloseTo(growth * (initial.re[i]! * Math.sin(angle) + initial.im[i]! * Math.cos(angle)), 8)
    }
  })
})

describe("strang on the NLS", () => {
  it("reproduces the NLS plane wave Ω = λ + V + g a² with second-order phase error and the exact norm", () => {
    const lattice = ringLattice({ nodes: ringNodes, alpha: ringAlpha })
    const [a, g, v] = [0.8, 1.5, 0.25]
    const omega = ringLambda + v + g * a * a
    const errors = [0.2, 0.1, 0.05].map((dt) => {
      const integrator = createIntegrator(lattice, nls({ g, potential: v }), { dt, initial: wave(ringPhases, { re: a, im: 0 }, omega, 0), tolerance: 1e-13 })
      integrator.advance(Math.round(30 / dt))
      const psi = integrator.read()
      for (let i = 0; i < ringNodes; i++) expect(Math.hypot(psi.re[i]!, psi.im[i]!)).toBeCloseTo(a, 11)
      return maxError(psi, wave(ringPhases, { re: a, im: 0 }, omega, 30))
    })
    for (let k = 0; k < 2; k++) {
      const order = Math.log2(errors[k]! / errors[k + 1]!)
      expect(order).toBeGreaterThan(1.9)
      expect(order).toBeLessThan(2.1)
    }
  })

  it("rotates each node exactly when nodes are uncoupled: ψ_i(t) = e^{-i(V_i + g|ψ_i|²)t} ψ_i(0)", () => {
    const lattice = ringLattice({ nodes: 5 })
    const potential = Float64Array.from([0.1, -0.4, 0.9, 0, 2])
    const equation: Equation = { mu: 0, potential, diffusion: { re: 0, im: 0 }, nonlinearity: { re: 0, im: 0.7 } }
    const initial = { re: Float64Array.from([1, 0.5, -0.3, 0.2, 0]), im: Float64Array.from([0, 0.5, 0.4, -1, 1.2]) }
    const integrator = createIntegrator(lattice, equation, { dt: 0.3, initial })
    integrator.advance(10)
    const psi = integrator.read()
    for (let i = 0; i < 5; i++) {
      const angle = -(potential[i]! + 0.7 * (initial.re[i]! ** 2 + initial.im[i]! ** 2)) * 3
      expect(psi.re[i]).toBeCloseTo(initial.re[i]! * Math.cos(angle) - initial.im[i]! * Math.sin(angle), 12)
      expect(psi.im[i]).toBeCloseTo(initial.re[i]! * Math.sin(angle) + initial.im[i]! * Math.cos(angle), 12)
    }
  })
})

describe("createIntegrator", () => {
  const ring = ringLattice({ nodes: 12 })
  const psi = { re: new Float64Array(12).fill(0.5), im: new Float64Array(12) }

  it("picks strang for a conservative equation and rk4 otherwise", () => {
    expect(createIntegrator(ring, nls({ g: 1 }), { dt: 0.1 }).scheme).toBe("strang")
    expect(createIntegrator(ring, cgle({ b: 0, c: 0 }), { dt: 0.1 }).scheme).toBe("rk4")
  })

  it("rejects an rk4 step above the stability bound 2.6 / (|D| ρ + max|V|)", () => {
    // Ring: max degree 2, ρ = 4; |1 + 0.75i| = 1.25, so the bound is 2.6 / 5 = 0.52.
    expect(() => createIntegrator(ring, cgle({ b: 0.75, c: 0 }), { dt: 0.53 })).toThrow(/dt must be <= 0\.5200 for rk4/)
    expect(createIntegrator(ring, cgle({ b: 0.75, c: 0 }), { dt: 0.52 }).dt).toBe(0.52)
  })

  it("names the bad argument, the expectation and the value", () => {
    expect(() => createIntegrator(ring, cgle({ b: 0, c: 0 }), { dt: 0 })).toThrow("dt must be a finite number > 0, got 0")
    expect(() => createIntegrator(ring, cgle({ b: 0, c: 0 }), { dt: 0.1, scheme: "strang" })).toThrow(/scheme "strang" needs a conservative equation/)
    expect(() => createIntegrator(ring, { ...cgle({ b: 0, c: 0 }), diffusion: { re: -1, im: 0 } }, { dt: 0.1 })).toThrow(
      "equation.diffusion.re must be a number >= 0, got -1",
    )
    expect(() => createIntegrator(ring, nls({ g: 1, potential: new Float64Array(3) }), { dt: 0.1 })).toThrow(
      "equation.potential must be a number or 12 values (one per node), got 3 values",
    )
    expect(() => createIntegrator(ring, nls({ g: Number.NaN }), { dt: 0.1 })).toThrow("equation.nonlinearity.im must be a finite number, got NaN")
    expect(() => createIntegrator(ring, nls({ g: 1 }), { dt: 0.1, initial: { re: new Float64Array(12), im: new Float64Array(11) } })).toThrow(
      "initial must hold 12 values (one per node) in re and im, got re 12 and im 11",
    )
    expect(() => createIntegrator(ring, nls({ g: 1 }), { dt: 0.1, tolerance: 1 })).toThrow(/tolerance must be a number in \[1e-14, 0\.01\], got 1/)
    expect(() => createIntegrator(ring, nls({ g: 1 }), { dt: 0.1, kernel: "gpu" as "js" })).toThrow('kernel must be one of "js", "tfjs", got "gpu"')
    const integrator = createIntegrator(ring, nls({ g: 1 }), { dt: 0.1 })
    expect(() => integrator.advance(1.5)).toThrow("steps must be an integer >= 0, got 1.5")
    psi.re[3] = Number.POSITIVE_INFINITY
    expect(() => integrator.write(psi)).toThrow("field.re[3] must be a finite number, got Infinity")
    psi.re[3] = 0.5
  })

  it("keeps time as t0 + steps · dt and resets it on write", () => {
    const integrator = createIntegrator(ring, nls({ g: 1 }), { dt: 0.1, time: 2 })
    integrator.advance(7)
    expect(integrator.time).toBe(2 + 7 * 0.1)
    integrator.write(psi, 10)
    integrator.advance(3)
    expect(integrator.time).toBe(10 + 3 * 0.1)
    integrator.write(psi)
    expect(integrator.time).toBe(10 + 3 * 0.1)
  })

  it("continues after setEquation exactly as a fresh integrator started from the same state", () => {
    const initial = { re: Float64Array.from({ length: 12 }, (_, i) => Math.cos(i)), im: Float64Array.from({ length: 12 }, (_, i) => Math.sin(2 * i)) }
    const changing = createIntegrator(ring, cgle({ b: 0.2, c: 0.1 }), { dt: 0.05, initial })
    changing.advance(20)
    const middle = changing.read()
    changing.setEquation(cgle({ b: -1, c: 0.8 }))
    changing.advance(20)
    const fresh = createIntegrator(ring, cgle({ b: -1, c: 0.8 }), { dt: 0.05, initial: middle, time: changing.time - 20 * 0.05 })
    fresh.advance(20)
    expect(changing.read()).toEqual(fresh.read())
    // |1 + 20i| · 4 ≈ 80: the bound drops to about 0.032, below this integrator's dt.
    expect(() => changing.setEquation(cgle({ b: 20, c: 0 }))).toThrow(/dt must be <= 0\.03246 for rk4/)
  })

  it("cannot be used once disposed", () => {
    const integrator = createIntegrator(ring, nls({ g: 1 }), { dt: 0.1 })
    integrator.dispose()
    integrator.dispose()
    expect(() => integrator.read()).toThrow("the integrator has been disposed")
  })
})
