/**
 * Invariants of MODELS.md section 1 for every lattice builder, on random sizes,
 * twists and holonomies. The checks below recount everything from the raw
 * arrays (faces, edges, CSR, boundary cycles) rather than reusing the
 * builders' own topology code, so a slip there shows up here.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type Lattice,
  kleinLattice,
  kleinPoint,
  mobiusLattice,
  mobiusPoint,
  planeLattice,
  ringLattice,
  sphereLattice,
  stripMinorRadius,
  tokamakLattice,
  tokamakPoint,
  torusLattice,
  torusPoint,
} from "../stages/simulation/lattice/index.js"
import { holonomyArb } from "../stages/simulation/testing.js"

const TWO_PI = 2 * Math.PI
const faceCount = (lattice: Lattice) => lattice.faces.offsets.length - 1
const euler = (lattice: Lattice) => lattice.nodeCount - lattice.edges.source.length + faceCount(lattice)
const pairKey = (lattice: Lattice, a: number, b: number) => Math.min(a, b) * lattice.nodeCount + Math.max(a, b)

const faceCycle = (lattice: Lattice, f: number): number[] =>
  Array.from(lattice.faces.nodes.subarray(lattice.faces.offsets[f]!, lattice.faces.offsets[f + 1]!))

/** Directed CSR lookup: phase A_ij and weight w_ij, or undefined when i and j are not neighbours. */
const link = (lattice: Lattice, i: number, j: number): { phase: number; weight: number } | undefined => {
  const { rowStart, column, phase, weight } = lattice.adjacency
  for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) if (column[k] === j) return { phase: phase[k]!, weight: weight[k]! }
  return undefined
}

/** How many faces use each undirected edge, keyed by node pair. */
const facesPerEdge = (lattice: Lattice): Map<number, number> => {
  const counts = new Map<number, number>()
  for (let f = 0; f < faceCount(lattice); f++) {
    const cycle = faceCycle(lattice, f)
    cycle.forEach((a, t) => {
      const key = pairKey(lattice, a, cycle[(t + 1) % cycle.length]!)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    })
  }
  return counts
}

/** Structural invariants every lattice must satisfy; returns nothing, fails by expect. */
const expectWellFormed = (lattice: Lattice): void => {
  const n = lattice.nodeCount
  const { rowStart, column, phase, weight } = lattice.adjacency
  const edgeCount = lattice.edges.source.length
  expect(lattice.positions.length).toBe(3 * n)
  expect(lattice.chart.length).toBe(2 * n)
  expect(lattice.strip.length).toBe(n)
  expect(rowStart.length).toBe(n + 1)
  expect(rowStart[n]).toBe(2 * edgeCount)
  // CSR: symmetric weights, antisymmetric phases, no self-loops, no repeated neighbours.
  for (let i = 0; i < n; i++) {
    const seen = new Set<number>()
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
      const j = column[k]!
      expect(j).not.toBe(i)
      expect(seen.has(j)).toBe(false)
      seen.add(j)
      const back = link(lattice, j, i)
      expect(back?.weight).toBe(weight[k])
      expect(back?.phase).toBe(-phase[k]!)
    }
  }
  // The edge list and the CSR describe the same links.
  const edgeKeys = new Set<number>()
  for (let e = 0; e < edgeCount; e++) {
    const a = lattice.edges.source[e]!
    const b = lattice.edges.target[e]!
    edgeKeys.add(pairKey(lattice, a, b))
    expect(link(lattice, a, b)).toEqual({ phase: lattice.edges.phase[e], weight: lattice.edges.weight[e] })
  }
  expect(edgeKeys.size).toBe(edgeCount)
  // Faces step along edges; each edge lies in at most two faces.
  const perEdge = facesPerEdge(lattice)
  for (const [key, count] of perEdge) {
    expect(edgeKeys.has(key)).toBe(true)
    expect(count).toBeLessThanOrEqual(2)
  }
  // Boundary edges are exactly the edges in one face, each walked once by a closed boundary cycle.
  const boundaryEdges = new Set([...perEdge].filter(([, count]) => count === 1).map(([key]) => key))
  const walked = new Set<number>()
  for (const cycle of lattice.boundaries) {
    expect(new Set(cycle).size).toBe(cycle.length)
    cycle.forEach((a, t) => {
      const key = pairKey(lattice, a, cycle[(t + 1) % cycle.length]!)
      expect(boundaryEdges.has(key)).toBe(true)
      expect(walked.has(key)).toBe(false)
      walked.add(key)
    })
  }
  expect(walked.size).toBe(boundaryEdges.size)
}

/** The lattice's connection is flat: the link phases around every face sum to zero. */
const expectFlatFaces = (lattice: Lattice): void => {
  for (let f = 0; f < faceCount(lattice); f++) {
    const cycle = faceCycle(lattice, f)
    const flux = cycle.reduce((sum, a, t) => sum + link(lattice, a, cycle[(t + 1) % cycle.length]!)!.phase, 0)
    expect(Math.abs(flux)).toBeLessThan(1e-12)
  }
}

/** Seam links (column nu-1 to column 0 of a grid) carry α in that direction; all other links are flat. */
const expectSeamPhases = (lattice: Lattice, nu: number, nv: number, alpha: number, offset = 0): void => {
  for (let e = 0; e < lattice.edges.source.length; e++) {
    const a = lattice.edges.source[e]! - offset
    const b = lattice.edges.target[e]! - offset
    if (a < 0 || a >= nu * nv || b < 0 || b >= nu * nv) continue
    const seam = Math.floor(a / nv) === nu - 1 && Math.floor(b / nv) === 0
    expect(lattice.edges.phase[e]).toBe(seam ? alpha : 0)
  }
}

const close = (a: readonly number[], b: readonly number[], tolerance: number) =>
  a.every((x, d) => Math.abs(x - b[d]!) <= tolerance)

const position = (lattice: Lattice, node: number) => Array.from(lattice.positions.subarray(3 * node, 3 * node + 3))

const odd = (k: number) => Math.abs(k) % 2 === 1

/**
 * b's chart point carried next to a's by the lattice's chart gluing (the
 * test's own reading of ChartGluing), as the displacement (du, dv) from a.
 */
const gluedStep = (lattice: Lattice, a: number, b: number): readonly [number, number] => {
  const [u0, v0] = [lattice.chart[2 * a]!, lattice.chart[2 * a + 1]!]
  let [u, v] = [lattice.chart[2 * b]!, lattice.chart[2 * b + 1]!]
  const gluing = lattice.gluing
  if (gluing.kind === "seam") {
    const turns = Math.round((u0 - u) / gluing.uPeriod)
    u += turns * gluing.uPeriod
    if (gluing.reflectsV && turns % 2 !== 0) v = -v
    if (gluing.vPeriod !== null) v += gluing.vPeriod * Math.round((v0 - v) / gluing.vPeriod)
  }
  return [u - u0, v - v0]
}

/**
 * The gluing matches the connectivity: every edge within a strip, seam and
 * periodic links included, joins chart neighbours once the gluing carries
 * them together, one step along u or one row along v.
 */
const expectGluedSteps = (lattice: Lattice, uStep: number, vStep: number): void => {
  const tolerance = 1e-9
  for (let e = 0; e < lattice.edges.source.length; e++) {
    const a = lattice.edges.source[e]!
    const b = lattice.edges.target[e]!
    if (lattice.strip[a] !== lattice.strip[b]) continue
    const [du, dv] = gluedStep(lattice, a, b)
    const alongU = Math.abs(Math.abs(du) - uStep) < tolerance && Math.abs(dv) < tolerance
    const alongV = Math.abs(du) < tolerance && Math.abs(Math.abs(dv) - vStep) < tolerance
    expect(alongU || alongV).toBe(true)
  }
}

describe("Möbius band", () => {
  const bandArb = fc.record({
    nu: fc.integer({ min: 3, max: 16 }),
    nv: fc.integer({ min: 2, max: 6 }),
    halfTwists: fc.integer({ min: -5, max: 6 }),
    radius: fc.double({ min: 0.5, max: 5, noNaN: true }),
    widthFraction: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    alpha: holonomyArb,
  })
  const build = ({ widthFraction, ...o }: typeof bandArb extends fc.Arbitrary<infer T> ? T : never) =>
    mobiusLattice({ ...o, width: 2 * o.radius * widthFraction })

  it("has V - E + F = 0, one boundary cycle for odd k and two for even, and is non-orientable iff k is odd", () => {
    fc.assert(
      fc.property(bandArb, (o) => {
        const band = build(o)
        expectWellFormed(band)
        expect(euler(band)).toBe(0)
        expect(band.boundaries.length).toBe(odd(o.halfTwists) ? 1 : 2)
        expect(band.boundaries.map((cycle) => cycle.length).reduce((x, y) => x + y)).toBe(2 * o.nu)
        expect(band.orientable).toBe(!odd(o.halfTwists))
      }),
      { numRuns: 60 },
    )
  })

  it("carries the twist holonomy on the seam links only, with flat faces", () => {
    fc.assert(
      fc.property(bandArb, (o) => {
        const band = build(o)
        expectSeamPhases(band, o.nu, o.nv, o.alpha)
        expectFlatFaces(band)
      }),
      { numRuns: 30 },
    )
  })

  it("joins column nu-1 to column 0 where the parametrisation continues: r(2π, v_j) is the seam neighbour's position", () => {
    fc.assert(
      fc.property(bandArb, (o) => {
        const band = build(o)
        const { nu, nv } = o
        for (let j = 0; j < nv; j++) {
          const last = (nu - 1) * nv + j
          const v = band.chart[2 * last + 1]!
          const across = odd(o.halfTwists) ? nv - 1 - j : j
          expect(link(band, last, across)).toBeDefined()
          expect(close(mobiusPoint(TWO_PI, v, o.radius, o.halfTwists), position(band, across), 1e-12 * (o.radius + 1))).toBe(true)
        }
      }),
      { numRuns: 40 },
    )
  })

  it("records its chart gluing: u periodic, v reflected across the seam iff k is odd, and every edge a glued chart step", () => {
    fc.assert(
      fc.property(bandArb, (o) => {
        const band = build(o)
        expect(band.gluing).toEqual({ kind: "seam", uPeriod: TWO_PI, reflectsV: odd(o.halfTwists), vPeriod: null })
        expectGluedSteps(band, TWO_PI / o.nu, (2 * o.radius * o.widthFraction) / (o.nv - 1))
      }),
      { numRuns: 40 },
    )
  })

  it("parametrisation satisfies r(u + 2π, v) = r(u, (-1)^k v)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.integer({ min: -7, max: 7 }),
        (u, v, radius, k) => {
          const sign = odd(k) ? -1 : 1
          expect(close(mobiusPoint(u + TWO_PI, v, radius, k), mobiusPoint(u, sign * v, radius, k), 1e-12 * (radius + 10))).toBe(true)
        },
      ),
    )
  })
})

describe("torus and Klein bottle", () => {
  const gridArb = fc.record({
    nu: fc.integer({ min: 3, max: 14 }),
    nv: fc.integer({ min: 3, max: 8 }),
    alpha: holonomyArb,
  })

  it("torus: closed (no boundary), orientable, V - E + F = 0, holonomy on the u seam", () => {
    fc.assert(
      fc.property(gridArb, (o) => {
        const torus = torusLattice(o)
        expectWellFormed(torus)
        expect(euler(torus)).toBe(0)
        expect(torus.boundaries).toEqual([])
        expect(torus.orientable).toBe(true)
        expectSeamPhases(torus, o.nu, o.nv, o.alpha)
        expectFlatFaces(torus)
      }),
      { numRuns: 40 },
    )
  })

  it("Klein bottle: closed, non-orientable, V - E + F = 0, holonomy on the u seam", () => {
    fc.assert(
      fc.property(gridArb, (o) => {
        const klein = kleinLattice(o)
        expectWellFormed(klein)
        expect(euler(klein)).toBe(0)
        expect(klein.boundaries).toEqual([])
        expect(klein.orientable).toBe(false)
        expectSeamPhases(klein, o.nu, o.nv, o.alpha)
        expectFlatFaces(klein)
      }),
      { numRuns: 40 },
    )
  })

  it("Klein seam joins row j to row (nv - j) mod nv, where the immersion continues", () => {
    fc.assert(
      fc.property(gridArb, (o) => {
        const klein = kleinLattice(o)
        for (let j = 0; j < o.nv; j++) {
          const last = (o.nu - 1) * o.nv + j
          const across = (o.nv - j) % o.nv
          expect(link(klein, last, across)?.phase).toBe(o.alpha)
          const point = kleinPoint(TWO_PI, klein.chart[2 * last + 1]!, 2, 0.5)
          expect(close(point, position(klein, across), 1e-12)).toBe(true)
        }
      }),
      { numRuns: 30 },
    )
  })

  it("record their chart gluing (u and v periodic, v reflected across the Klein seam), every edge a glued chart step", () => {
    fc.assert(
      fc.property(gridArb, (o) => {
        const torus = torusLattice(o)
        const klein = kleinLattice(o)
        expect(torus.gluing).toEqual({ kind: "seam", uPeriod: TWO_PI, reflectsV: false, vPeriod: TWO_PI })
        expect(klein.gluing).toEqual({ kind: "seam", uPeriod: TWO_PI, reflectsV: true, vPeriod: TWO_PI })
        expectGluedSteps(torus, TWO_PI / o.nu, TWO_PI / o.nv)
        expectGluedSteps(klein, TWO_PI / o.nu, TWO_PI / o.nv)
      }),
      { numRuns: 30 },
    )
  })

  it("parametrisations: torus periodic in u and v; Klein r(u + 2π, v) = r(u, -v), periodic in v", () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), (u, v) => {
        const tolerance = 1e-11
        expect(close(torusPoint(u + TWO_PI, v, 3, 1), torusPoint(u, v, 3, 1), tolerance)).toBe(true)
        expect(close(torusPoint(u, v + TWO_PI, 3, 1), torusPoint(u, v, 3, 1), tolerance)).toBe(true)
        expect(close(kleinPoint(u + TWO_PI, v, 2, 0.5), kleinPoint(u, -v, 2, 0.5), tolerance)).toBe(true)
        expect(close(kleinPoint(u, v + TWO_PI, 2, 0.5), kleinPoint(u, v, 2, 0.5), tolerance)).toBe(true)
      }),
    )
  })
})

describe("twist holonomy", () => {
  /** (Lψ)_i = Σ_j w_ij (e^{iA_ij} ψ_j - ψ_i), from the CSR, for a field given as re/im arrays. */
  const laplacian = (lattice: Lattice, re: Float64Array, im: Float64Array) => {
    const { rowStart, column, phase, weight } = lattice.adjacency
    const outRe = new Float64Array(lattice.nodeCount)
    const outIm = new Float64Array(lattice.nodeCount)
    for (let i = 0; i < lattice.nodeCount; i++) {
      for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
        const j = column[k]!
        const c = Math.cos(phase[k]!)
        const s = Math.sin(phase[k]!)
        outRe[i] += weight[k]! * (c * re[j]! - s * im[j]! - re[i]!)
        outIm[i] += weight[k]! * (s * re[j]! + c * im[j]! - im[i]!)
      }
    }
    return { outRe, outIm }
  }

  it("ring: ψ_n = e^{iqn} with qN = α + 2πm (ψ picks up e^{iα} across the seam) has eigenvalue 2cos q - 2", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), holonomyArb, fc.integer({ min: -3, max: 3 }), (nodes, alpha, m) => {
        const ring = ringLattice({ nodes, alpha })
        expectWellFormed(ring)
        expect(ring.gluing).toEqual({ kind: "seam", uPeriod: TWO_PI, reflectsV: false, vPeriod: null })
        expectGluedSteps(ring, TWO_PI / nodes, 0)
        expect(faceCount(ring)).toBe(0)
        expect(ring.boundaries).toEqual([])
        const q = (alpha + TWO_PI * m) / nodes
        const re = Float64Array.from({ length: nodes }, (_, n) => Math.cos(q * n))
        const im = Float64Array.from({ length: nodes }, (_, n) => Math.sin(q * n))
        const { outRe, outIm } = laplacian(ring, re, im)
        const lambda = 2 * Math.cos(q) - 2
        for (let n = 0; n < nodes; n++) {
          expect(Math.abs(outRe[n]! - lambda * re[n]!)).toBeLessThan(1e-11)
          expect(Math.abs(outIm[n]! - lambda * im[n]!)).toBeLessThan(1e-11)
        }
      }),
      { numRuns: 60 },
    )
  })

  it("torus: ψ = e^{i(q i + p j)} with q nu = α + 2πm, p nv = 2πl has eigenvalue 2cos q + 2cos p - 4", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 10 }),
        fc.integer({ min: 3, max: 8 }),
        holonomyArb,
        fc.integer({ min: -2, max: 2 }),
        fc.integer({ min: -2, max: 2 }),
        (nu, nv, alpha, m, l) => {
          const torus = torusLattice({ nu, nv, alpha })
          const q = (alpha + TWO_PI * m) / nu
          const p = (TWO_PI * l) / nv
          const angle = (n: number) => q * Math.floor(n / nv) + p * (n % nv)
          const re = Float64Array.from({ length: nu * nv }, (_, n) => Math.cos(angle(n)))
          const im = Float64Array.from({ length: nu * nv }, (_, n) => Math.sin(angle(n)))
          const { outRe, outIm } = laplacian(torus, re, im)
          const lambda = 2 * Math.cos(q) + 2 * Math.cos(p) - 4
          for (let n = 0; n < nu * nv; n++) {
            expect(Math.abs(outRe[n]! - lambda * re[n]!)).toBeLessThan(1e-10)
            expect(Math.abs(outIm[n]! - lambda * im[n]!)).toBeLessThan(1e-10)
          }
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe("plane", () => {
  it("is an open disc: V - E + F = 1, orientable, one counter-clockwise boundary of 2(nu + nv) - 4 nodes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 2, max: 12 }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        (nu, nv, spacing) => {
          const plane = planeLattice({ nu, nv, spacing })
          expectWellFormed(plane)
          expect(plane.gluing).toEqual({ kind: "none" })
          expectGluedSteps(plane, spacing, spacing)
          expectFlatFaces(plane)
          expect(euler(plane)).toBe(1)
          expect(plane.orientable).toBe(true)
          expect(plane.boundaries.length).toBe(1)
          const cycle = plane.boundaries[0]!
          expect(cycle.length).toBe(2 * (nu + nv) - 4)
          // Shoelace in the chart: positive area means counter-clockwise; the enclosed area is the rectangle's.
          let twiceArea = 0
          cycle.forEach((a, t) => {
            const b = cycle[(t + 1) % cycle.length]!
            twiceArea += plane.chart[2 * a]! * plane.chart[2 * b + 1]! - plane.chart[2 * b]! * plane.chart[2 * a + 1]!
          })
          expect(twiceArea / 2).toBeCloseTo((nu - 1) * (nv - 1) * spacing * spacing, 9)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe("Fibonacci sphere", () => {
  it("is closed and orientable with V - E + F = 2, nodes on the sphere, every face outward", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 300 }),
        fc.double({ min: 0.5, max: 5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (nodes, radius, turns) => {
          const sphere = sphereLattice({ nodes, radius, turns })
          expectWellFormed(sphere)
          expect(euler(sphere)).toBe(2)
          expect(sphere.boundaries).toEqual([])
          expect(sphere.orientable).toBe(true)
          // Every edge in exactly two faces: a closed triangulated surface.
          for (const count of facesPerEdge(sphere).values()) expect(count).toBe(2)
          for (let i = 0; i < nodes; i++) expect(Math.hypot(...position(sphere, i))).toBeCloseTo(radius, 12)
          // A spherical gluing: the chart is the azimuth and polar angle of each node's direction.
          expect(sphere.gluing).toEqual({ kind: "spherical" })
          for (let i = 0; i < nodes; i++) {
            const [u, v] = [sphere.chart[2 * i]!, sphere.chart[2 * i + 1]!]
            expect(u >= 0 && u < TWO_PI && v >= 0 && v <= Math.PI).toBe(true)
            const direction = [Math.sin(v) * Math.cos(u), Math.sin(v) * Math.sin(u), Math.cos(v)]
            expect(close(direction, position(sphere, i).map((x) => x / radius), 1e-12)).toBe(true)
          }
          for (let f = 0; f < faceCount(sphere); f++) {
            const [a, b, c] = faceCycle(sphere, f).map((node) => position(sphere, node)) as [number[], number[], number[]]
            const e1 = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!]
            const e2 = [c[0]! - a[0]!, c[1]! - a[1]!, c[2]! - a[2]!]
            const normal = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!]
            expect(normal[0]! * (a[0]! + b[0]! + c[0]!) + normal[1]! * (a[1]! + b[1]! + c[1]!) + normal[2]! * (a[2]! + b[2]! + c[2]!)).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: 30 },
    )
  })
})

describe("tokamak", () => {
  const tokamakArb = fc
    .record({
      strips: fc.integer({ min: 1, max: 4 }),
      nu: fc.integer({ min: 3, max: 12 }),
      nv: fc.integer({ min: 2, max: 5 }),
      halfTwists: fc.integer({ min: -3, max: 4 }),
      poloidalTurns: fc.integer({ min: -2, max: 2 }),
      majorRadius: fc.double({ min: 2, max: 5, noNaN: true }),
      minorFraction: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      elongation: fc.double({ min: 0.5, max: 2.5, noNaN: true }),
      triangularity: fc.double({ min: -0.9, max: 0.9, noNaN: true }),
      width: fc.double({ min: 0.05, max: 1, noNaN: true }),
      coupling: fc.double({ min: 0, max: 2, noNaN: true }),
      cutoff: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
      alpha: holonomyArb,
    })
    .map(({ minorFraction, ...o }) => ({ ...o, minorRadius: minorFraction * (o.majorRadius - o.width / 2) }))

  it("each strip is a band: per-strip V - E + F = 0 and its boundary count; orientable iff k even", () => {
    fc.assert(
      fc.property(tokamakArb, (o) => {
        const tokamak = tokamakLattice(o)
        expectWellFormed(tokamak)
        expectFlatFaces(tokamak)
        const perStrip = o.nu * o.nv
        expect(tokamak.nodeCount).toBe(o.strips * perStrip)
        for (let s = 0; s < o.strips; s++) {
          const nodes = tokamak.strip.filter((x) => x === s).length
          let edges = 0
          for (let e = 0; e < tokamak.edges.source.length; e++) {
            if (tokamak.strip[tokamak.edges.source[e]!] === s && tokamak.strip[tokamak.edges.target[e]!] === s) edges++
          }
          let faces = 0
          for (let f = 0; f < faceCount(tokamak); f++) if (faceCycle(tokamak, f).every((node) => tokamak.strip[node] === s)) faces++
          expect(nodes).toBe(perStrip)
          expect(nodes - edges + faces).toBe(0)
          expectSeamPhases(tokamak, o.nu, o.nv, o.alpha, s * perStrip)
          const stripBoundaries = tokamak.boundaries.filter((cycle) => tokamak.strip[cycle[0]!] === s)
          expect(stripBoundaries.length).toBe(odd(o.halfTwists) ? 1 : 2)
          for (const cycle of stripBoundaries) expect(cycle.every((node) => tokamak.strip[node] === s)).toBe(true)
        }
        expect(tokamak.faces.offsets.length - 1).toBe(o.strips * o.nu * (o.nv - 1))
        expect(tokamak.orientable).toBe(!odd(o.halfTwists))
        expect(tokamak.gluing).toEqual({ kind: "seam", uPeriod: TWO_PI, reflectsV: odd(o.halfTwists), vPeriod: null })
        expectGluedSteps(tokamak, TWO_PI / o.nu, o.width / (o.nv - 1))
      }),
      { numRuns: 40 },
    )
  })

  it("inter-strip edges are exactly the pairs of nodes on different strips closer than the cutoff, weighted by coupling", () => {
    fc.assert(
      fc.property(tokamakArb, (o) => {
        const tokamak = tokamakLattice(o)
        const expected = new Set<number>()
        for (let p = 0; p < tokamak.nodeCount; p++) {
          for (let q = p + 1; q < tokamak.nodeCount; q++) {
            const distance = Math.hypot(...position(tokamak, p).map((x, d) => x - position(tokamak, q)[d]!))
            if (tokamak.strip[p] !== tokamak.strip[q] && distance < o.cutoff) expected.add(pairKey(tokamak, p, q))
          }
        }
        const found = new Set<number>()
        for (let e = 0; e < tokamak.edges.source.length; e++) {
          const a = tokamak.edges.source[e]!
          const b = tokamak.edges.target[e]!
          if (tokamak.strip[a] === tokamak.strip[b]) {
            expect(tokamak.edges.weight[e]).toBe(1)
            continue
          }
          found.add(pairKey(tokamak, a, b))
          expect(tokamak.edges.weight[e]).toBe(o.coupling)
          expect(tokamak.edges.phase[e]).toBe(0)
        }
        expect(found).toEqual(expected)
      }),
      { numRuns: 20 },
    )
  })

  it("keeps every node off the axis and strip radii a_s = a(s+1)/S in (0, a], increasing, for any strip count", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.double({ min: 1e-6, max: 1e3, noNaN: true }), (strips, a) => {
        let previous = 0
        for (let s = 0; s < strips; s++) {
          const radius = stripMinorRadius(a, s, strips)
          expect(radius).toBeGreaterThan(previous)
          expect(radius).toBeLessThanOrEqual(a)
          previous = radius
        }
        expect(previous).toBe(a)
      }),
      { numRuns: 30 },
    )
    fc.assert(
      fc.property(tokamakArb, (o) => {
        const tokamak = tokamakLattice(o)
        const floor = o.majorRadius - o.minorRadius - o.width / 2
        for (let n = 0; n < tokamak.nodeCount; n++) {
          expect(Math.hypot(tokamak.positions[3 * n]!, tokamak.positions[3 * n + 1]!)).toBeGreaterThanOrEqual(floor - 1e-12)
        }
      }),
      { numRuns: 30 },
    )
  })

  it("rejects shapes whose radii could reach the axis, for any strip count", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (strips, majorRadius, excess, width) => {
          const minorRadius = majorRadius - width / 2 + excess
          expect(() => tokamakLattice({ strips, nu: 3, nv: 2, majorRadius, minorRadius, width })).toThrow(/option "minorRadius"/)
        },
      ),
      { numRuns: 30 },
    )
  })

  it("strip parametrisation satisfies r_s(u + 2π, v) = r_s(u, (-1)^k v)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: -3, max: 3 }),
        fc.double({ min: -0.9, max: 0.9, noNaN: true }),
        fc.double({ min: 0.5, max: 2.5, noNaN: true }),
        (u, v, halfTwists, poloidalTurns, triangularity, elongation) => {
          const shape = { majorRadius: 3, minorRadius: 1, elongation, triangularity, poloidalTurns, halfTwists }
          const sign = odd(halfTwists) ? -1 : 1
          expect(close(tokamakPoint(u + TWO_PI, v, shape), tokamakPoint(u, sign * v, shape), 1e-10)).toBe(true)
        },
      ),
    )
  })
})
