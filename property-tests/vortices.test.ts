/**
 * Exact invariants of vortex charges, currents and tracking (MODELS.md §4) on
 * random fields and random lattices of every geometry with faces.
 */
import * as tf from "@tensorflow/tfjs"
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../stages/compute/backend.js"
import { type ComplexField, wrapAngle } from "../stages/simulation/field.js"
import {
  gridNode,
  kleinLattice,
  type Lattice,
  mobiusLattice,
  planeLattice,
  sphereLattice,
  tokamakLattice,
  torusLattice,
} from "../stages/simulation/lattice/index.js"
import { analyticField, holonomyArb, randomField, seedArb, type Zero } from "../stages/simulation/testing.js"
import { advanceTracker, plaquetteCharges, startTracker, vortexCurrents } from "../stages/simulation/vortices/index.js"
import { Prng } from "../stages/prng.js"

const surfaces = {
  plane: fc.record({ nu: fc.integer({ min: 2, max: 7 }), nv: fc.integer({ min: 2, max: 7 }) }).map((o) => planeLattice(o)),
  torus: fc.record({ nu: fc.integer({ min: 3, max: 7 }), nv: fc.integer({ min: 3, max: 7 }), alpha: holonomyArb }).map((o) => torusLattice(o)),
  sphere: fc.record({ nodes: fc.integer({ min: 4, max: 60 }), turns: fc.double({ min: -2, max: 2, noNaN: true }) }).map((o) => sphereLattice(o)),
  klein: fc.record({ nu: fc.integer({ min: 3, max: 7 }), nv: fc.integer({ min: 3, max: 7 }), alpha: holonomyArb }).map((o) => kleinLattice(o)),
  mobius: fc
    .record({ nu: fc.integer({ min: 3, max: 8 }), nv: fc.integer({ min: 2, max: 6 }), halfTwists: fc.integer({ min: -3, max: 3 }), alpha: holonomyArb })
    .map((o) => mobiusLattice(o)),
  tokamak: fc
    .record({ strips: fc.integer({ min: 1, max: 2 }), nu: fc.integer({ min: 3, max: 6 }), nv: fc.integer({ min: 2, max: 4 }), alpha: holonomyArb })
    .map((o) => tokamakLattice(o)),
}
const anyLattice = fc.oneof(...Object.values(surfaces))

const rotate = (field: ComplexField, angle: number): ComplexField => {
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  return { re: field.re.map((x, i) => c * x - s * field.im[i]!), im: field.im.map((y, i) => s * field.re[i]! + c * y) }
}

const withPhases = (lattice: Lattice, phase: Float64Array): Lattice => ({ ...lattice, edges: { ...lattice.edges, phase } })

/** A_ab for the step a -> b, read from the edge list (test's own lookup). */
const linkPhase = (lattice: Lattice) => {
  const byPair = new Map<string, number>()
  lattice.edges.source.forEach((a, e) => {
    const b = lattice.edges.target[e]!
    byPair.set(`${a},${b}`, lattice.edges.phase[e]!)
    byPair.set(`${b},${a}`, -lattice.edges.phase[e]!)
  })
  return (a: number, b: number): number => {
    const phase = byPair.get(`${a},${b}`)
    if (phase === undefined) throw new Error(`no edge ${a} - ${b}`)
    return phase
  }
}

/** For a closed node loop: (Σ wrap(θ_b - θ_a + A_ab) - Σ A_ab) / 2π, in float64. */
const loopWinding = (lattice: Lattice, field: ComplexField, loop: readonly number[]): number => {
  const phase = linkPhase(lattice)
  const theta = (n: number) => Math.atan2(field.im[n]!, field.re[n]!)
  let sum = 0
  loop.forEach((a, k) => {
    const b = loop[(k + 1) % loop.length]!
    sum += wrapAngle(theta(b) - theta(a) + phase(a, b)) - phase(a, b)
  })
  return sum / (2 * Math.PI)
}

const total = (values: Int32Array): number => values.reduce((s, q) => s + q, 0)

/** The nearest integer, without Math.round's -0 (which toBe tells apart from 0). */
const nearestInteger = (x: number): number => Math.round(x) + 0

/** The face's slots as (edge, direction), looked up independently of the code under test. */
const faceSlots = (lattice: Lattice) => {
  const byPair = new Map<string, number>()
  lattice.edges.source.forEach((a, e) => byPair.set(`${a},${lattice.edges.target[e]}`, e))
  const { offsets, nodes } = lattice.faces
  return Array.from({ length: offsets.length - 1 }, (_, f) => {
    const cycle = Array.from(nodes.subarray(offsets[f]!, offsets[f + 1]!))
    return cycle.map((a, k) => {
      const b = cycle[(k + 1) % cycle.length]!
      const forward = byPair.get(`${a},${b}`)
      return forward === undefined ? { edge: byPair.get(`${b},${a}`)!, direction: -1 } : { edge: forward, direction: 1 }
    })
  })
}

/** Distance of x from the nearest odd multiple of π: where float32 and float64 may wrap differently. */
const cutDistance = (x: number): number => Math.abs(wrapAngle(x + Math.PI))

describe("plaquette charges", () => {
  it("are integers in {-1, 0, 1} on the quads and triangles of every flat lattice", () => {
    fc.assert(
      fc.property(anyLattice, seedArb, (lattice, s) => {
        for (const q of plaquetteCharges(lattice, randomField(lattice.nodeCount, s))) expect(q === -1 || q === 0 || q === 1).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it("are invariant under a global phase", () => {
    fc.assert(
      fc.property(anyLattice, seedArb, fc.double({ min: -10, max: 10, noNaN: true }), (lattice, s, beta) => {
        const field = randomField(lattice.nodeCount, s)
        expect(plaquetteCharges(lattice, rotate(field, beta))).toEqual(plaquetteCharges(lattice, field))
      }),
      { numRuns: 150 },
    )
  })

  it("are negated by conjugating ψ and negating A", () => {
    fc.assert(
      fc.property(anyLattice, seedArb, (lattice, s) => {
        const field = randomField(lattice.nodeCount, s)
        const conjugate = { re: field.re, im: field.im.map((y) => -y) }
        const mirrored = withPhases(lattice, lattice.edges.phase.map((a) => -a))
        expect(plaquetteCharges(mirrored, conjugate)).toEqual(plaquetteCharges(lattice, field).map((q) => -q))
      }),
      { numRuns: 150 },
    )
  })

  it("are gauge invariant: ψ_j -> e^{iχ_j} ψ_j with A_ij -> A_ij - χ_j + χ_i, for any link phases", () => {
    fc.assert(
      fc.property(anyLattice, seedArb, (lattice, s) => {
        const prng = Prng.seeded(s ^ 0x5a5a)
        const background = withPhases(lattice, lattice.edges.phase.map(() => prng.between(-4, 4)))
        const chi = Float64Array.from({ length: lattice.nodeCount }, () => prng.between(-10, 10))
        const field = randomField(lattice.nodeCount, s)
        const gauged: ComplexField = {
          re: field.re.map((x, i) => Math.cos(chi[i]!) * x - Math.sin(chi[i]!) * field.im[i]!),
          im: field.im.map((y, i) => Math.sin(chi[i]!) * field.re[i]! + Math.cos(chi[i]!) * y),
        }
        const { source, target } = lattice.edges
        const transformed = withPhases(
          lattice,
          background.edges.phase.map((a, e) => a - chi[target[e]!]! + chi[source[e]!]!),
        )
        expect(plaquetteCharges(transformed, gauged)).toEqual(plaquetteCharges(background, field))
      }),
      { numRuns: 150 },
    )
  })

  it("sum to 0 on closed orientable surfaces (torus with any twist holonomy, sphere)", () => {
    fc.assert(
      fc.property(fc.oneof(surfaces.torus, surfaces.sphere), seedArb, (lattice, s) => {
        expect(lattice.orientable && lattice.boundaries.length === 0).toBe(true)
        expect(total(plaquetteCharges(lattice, randomField(lattice.nodeCount, s)))).toBe(0)
      }),
      { numRuns: 150 },
    )
  })

  it("sum to an even number on the Klein bottle (closed, non-orientable)", () => {
    fc.assert(
      fc.property(surfaces.klein, seedArb, (lattice, s) => {
        expect(Math.abs(total(plaquetteCharges(lattice, randomField(lattice.nodeCount, s)))) % 2).toBe(0)
      }),
      { numRuns: 200 },
    )
  })

  it("sum to the boundary winding minus the boundary flux, over 2π, on oriented surfaces with boundary (plane with any link phases, even-twist bands)", () => {
    const orientedWithBoundary = fc.oneof(
      fc.tuple(surfaces.plane, seedArb).map(([lattice, s]) => {
        const prng = Prng.seeded(s ^ 0x33)
        return withPhases(lattice, lattice.edges.phase.map(() => prng.between(-4, 4)))
      }),
      surfaces.mobius.filter((lattice) => lattice.orientable),
    )
    fc.assert(
      fc.property(orientedWithBoundary, seedArb, (lattice, s) => {
        const field = randomField(lattice.nodeCount, s)
        const winding = lattice.boundaries.reduce((sum, cycle) => sum + loopWinding(lattice, field, Array.from(cycle)), 0)
        expect(Math.abs(winding - Math.round(winding))).toBeLessThan(1e-9)
        expect(total(plaquetteCharges(lattice, field))).toBe(nearestInteger(winding))
      }),
      { numRuns: 150 },
    )
  })

  it("on a Möbius band sum to the winding around the boundary of the cut chart, and to the band's boundary winding mod 2", () => {
    fc.assert(
      fc.property(surfaces.mobius, seedArb, (lattice, s) => {
        const nu = Number(lattice.parameters["nu"])
        const nv = Number(lattice.parameters["nv"])
        const odd = Math.abs(Number(lattice.parameters["halfTwists"])) % 2 === 1
        const at = (i: number, j: number) => gridNode(i, j, nv)
        // Column nu is column 0 seen across the seam: row j there is row j (even) or nv-1-j (odd).
        const seen = (i: number, j: number) => (i < nu ? at(i, j) : at(0, odd ? nv - 1 - j : j))
        const loop: number[] = []
        for (let i = 0; i < nu; i++) loop.push(seen(i, 0))
        for (let j = 0; j < nv - 1; j++) loop.push(seen(nu, j))
        for (let i = nu; i > 0; i--) loop.push(seen(i, nv - 1))
        for (let j = nv - 1; j > 0; j--) loop.push(seen(0, j))
        const field = randomField(lattice.nodeCount, s)
        const charge = total(plaquetteCharges(lattice, field))
        const cut = loopWinding(lattice, field, loop)
        expect(Math.abs(cut - Math.round(cut))).toBeLessThan(1e-9)
        expect(charge).toBe(nearestInteger(cut))
        const boundary = lattice.boundaries.reduce((sum, cycle) => sum + loopWinding(lattice, field, Array.from(cycle)), 0)
        expect(Math.abs(boundary - Math.round(boundary))).toBeLessThan(1e-9)
        expect(Math.abs(charge - nearestInteger(boundary)) % 2).toBe(0)
      }),
      { numRuns: 150 },
    )
  })
})

describe("vortex currents", () => {
  it("obey continuity exactly: q_f(t+1) - q_f(t) = -Σ direction · J over f's edges, also when A changes between frames", () => {
    fc.assert(
      fc.property(anyLattice, seedArb, seedArb, fc.boolean(), (lattice, s0, s1, changeLinks) => {
        const prng = Prng.seeded(s1 ^ 0x77)
        const later = changeLinks ? withPhases(lattice, lattice.edges.phase.map((a) => a + prng.between(-1, 1))) : lattice
        const before = randomField(lattice.nodeCount, s0)
        const after = randomField(lattice.nodeCount, s1)
        const q0 = plaquetteCharges(lattice, before)
        const q1 = plaquetteCharges(later, after)
        const current = vortexCurrents(lattice, before, after, { latticeAfter: later })
        faceSlots(lattice).forEach((slots, f) => {
          const outflow = slots.reduce((sum, { edge, direction }) => sum + direction * current[edge]!, 0)
          expect(q1[f]! - q0[f]! + outflow).toBe(0)
        })
      }),
      { numRuns: 150 },
    )
  })

  it("vanish when the field only turns by a global phase between frames", () => {
    fc.assert(
      fc.property(anyLattice, seedArb, fc.double({ min: -10, max: 10, noNaN: true }), (lattice, s, beta) => {
        const field = randomField(lattice.nodeCount, s)
        expect(vortexCurrents(lattice, field, rotate(field, beta)).every((j) => j === 0)).toBe(true)
      }),
      { numRuns: 150 },
    )
  })
})

describe("js and tfjs kernels", () => {
  beforeAll(async () => {
    await initBackend("cpu")
  })

  const theta = (field: ComplexField) => (n: number) => Math.atan2(field.im[n]!, field.re[n]!)

  it("give the same charges, except on faces with an increment within float32 error of the cut", () => {
    fc.assert(
      fc.property(anyLattice, seedArb, (lattice, s) => {
        const field = randomField(lattice.nodeCount, s)
        const js = plaquetteCharges(lattice, field, { kernel: "js" })
        const gpu = plaquetteCharges(lattice, field, { kernel: "tfjs" })
        const angle = theta(field)
        const { source, target, phase } = lattice.edges
        faceSlots(lattice).forEach((slots, f) => {
          const nearCut = slots.some(({ edge }) => cutDistance(angle(target[edge]!) - angle(source[edge]!) + phase[edge]!) < 1e-4)
          if (!nearCut) expect(gpu[f]).toBe(js[f])
        })
      }),
      { numRuns: 40 },
    )
  })

  it("give the same currents, except on edges with an increment within float32 error of the cut", () => {
    fc.assert(
      fc.property(anyLattice, seedArb, seedArb, (lattice, s0, s1) => {
        const before = randomField(lattice.nodeCount, s0)
        const after = randomField(lattice.nodeCount, s1)
        const js = vortexCurrents(lattice, before, after, { kernel: "js" })
        const gpu = vortexCurrents(lattice, before, after, { kernel: "tfjs" })
        const [a0, a1] = [theta(before), theta(after)]
        const { source, target, phase } = lattice.edges
        js.forEach((j, e) => {
          const [p, q] = [source[e]!, target[e]!]
          const increments = [a0(q) - a0(p) + phase[e]!, a1(q) - a1(p) + phase[e]!, a1(p) - a0(p), a1(q) - a0(q)]
          if (increments.every((x) => cutDistance(x) >= 1e-4)) expect(gpu[e]).toBe(j)
        })
      }),
      { numRuns: 40 },
    )
  })

  it("leak no tensors", () => {
    const lattice = torusLattice({ nu: 6, nv: 5, alpha: 1 })
    const before = randomField(lattice.nodeCount, 1)
    const after = randomField(lattice.nodeCount, 2)
    plaquetteCharges(lattice, before, { kernel: "tfjs" })
    const tensors = tf.memory().numTensors
    for (let k = 0; k < 20; k++) {
      plaquetteCharges(lattice, before, { kernel: "tfjs" })
      vortexCurrents(lattice, before, after, { kernel: "tfjs" })
    }
    expect(tf.memory().numTensors).toBe(tensors)
  })
})

// Analytic fields (analyticField) on a plane lattice of unit spacing: ψ(ζ) = Π (ζ - ζ_k)^{n_k}, n_k = ±1.

/** Signed angle subtended at (x, y) by the segment p -> q. */
const subtended = (x: number, y: number, p: readonly [number, number], q: readonly [number, number]): number => {
  const [ax, ay, bx, by] = [p[0] - x, p[1] - y, q[0] - x, q[1] - y]
  return Math.atan2(ax * by - ay * bx, ax * bx + ay * by)
}

const nodeAt = (lattice: Lattice, n: number): readonly [number, number] => [lattice.chart[2 * n]!, lattice.chart[2 * n + 1]!]

/** True phase change of the analytic field along the straight edge p -> q: Σ n_k · (angle subtended at ζ_k). */
const trueIncrement = (zeros: readonly Zero[], p: readonly [number, number], q: readonly [number, number]): number =>
  zeros.reduce((sum, z) => sum + z.n * subtended(z.x, z.y, p, q), 0)

/** The lattice resolves the field: every edge's true phase change is less than π, so no wrap misreads it. */
const resolved = (lattice: Lattice, zeros: readonly Zero[]): boolean =>
  Array.from(lattice.edges.source).every((a, e) => {
    const b = lattice.edges.target[e]!
    return Math.abs(trueIncrement(zeros, nodeAt(lattice, a), nodeAt(lattice, b))) < Math.PI - 1e-6
  })

/** The face whose chart square holds (x, y) (unit-spacing plane). */
const faceContaining = (lattice: Lattice, x: number, y: number): number => {
  const { offsets, nodes } = lattice.faces
  for (let f = 0; f < offsets.length - 1; f++) {
    const corners = Array.from(nodes.subarray(offsets[f]!, offsets[f + 1]!)).map((n) => nodeAt(lattice, n))
    const xs = corners.map((c) => c[0])
    const ys = corners.map((c) => c[1])
    if (x > Math.min(...xs) && x < Math.max(...xs) && y > Math.min(...ys) && y < Math.max(...ys)) return f
  }
  throw new Error(`no face holds (${x}, ${y})`)
}

const size = 9
const plane = planeLattice({ nu: size, nv: size })
/** A coordinate inside the plane, away from grid lines (so no zero sits on an edge or node). */
const inside = fc.tuple(fc.integer({ min: 0, max: size - 2 }), fc.double({ min: 0.05, max: 0.95, noNaN: true })).map(([i, t]) => i + t)
const zero = fc.record({ x: inside, y: inside, n: fc.constantFrom(1 as const, -1 as const) })

describe("analytic fields with prescribed zeros", () => {
  it("are detected with exactly the zeros' charges in exactly the faces holding them", () => {
    fc.assert(
      fc.property(fc.array(zero, { minLength: 1, maxLength: 4 }), fc.double({ min: -4, max: 4, noNaN: true }), (zeros, beta) => {
        fc.pre(resolved(plane, zeros))
        const expected = new Int32Array(plane.faces.offsets.length - 1)
        for (const z of zeros) expected[faceContaining(plane, z.x, z.y)]! += z.n
        expect(plaquetteCharges(plane, rotate(analyticField(plane, zeros), beta))).toEqual(expected)
      }),
      { numRuns: 200 },
    )
  })
})

describe("tracking", () => {
  it("keeps the id of a zero moved along a random path across faces, reporting exactly its moves", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(inside, inside), { minLength: 2, maxLength: 8 }), fc.constantFrom(1 as const, -1 as const), (path, n) => {
        const fields = path.map(([x, y]) => analyticField(plane, [{ x, y, n }]))
        let state = startTracker(plaquetteCharges(plane, fields[0]!))
        expect(state.vortices.map((v) => v.id)).toEqual([0])
        for (let t = 1; t < path.length; t++) {
          const step = advanceTracker(plane, state, plaquetteCharges(plane, fields[t]!), vortexCurrents(plane, fields[t - 1]!, fields[t]!))
          const [x, y] = path[t]!
          const face = faceContaining(plane, x, y)
          const from = state.vortices[0]!.face
          expect(step.state.vortices).toEqual([{ id: 0, face, charge: n, born: 0, origin: "initial" }])
          expect(step.events).toEqual(from === face ? [] : [{ kind: "move", frame: t, id: 0, from, to: face }])
          state = step.state
        }
      }),
      { numRuns: 150 },
    )
  })

  it("keeps every id on its own zero when several resolved zeros step at once", () => {
    const step = fc.double({ min: -1.5, max: 1.5, noNaN: true })
    const mover = fc.record({ start: zero, dx: step, dy: step })
    fc.assert(
      fc.property(fc.uniqueArray(mover, { minLength: 2, maxLength: 3, selector: (m) => faceContaining(plane, m.start.x, m.start.y) }), (movers) => {
        const before = movers.map((m) => m.start)
        const after = movers.map((m) => ({ ...m.start, x: m.start.x + m.dx, y: m.start.y + m.dy }))
        fc.pre(after.every((z) => z.x > 0.05 && z.x < size - 1.05 && z.y > 0.05 && z.y < size - 1.05))
        fc.pre(resolved(plane, before) && resolved(plane, after))
        // Each temporal leg (a node's phase change over the step) is also below π, so no wrap misreads it.
        const nodes = Array.from({ length: plane.nodeCount }, (_, n) => nodeAt(plane, n))
        fc.pre(nodes.every(([x, y]) => Math.abs(before.reduce((sum, z, k) => sum + z.n * subtended(x, y, [z.x, z.y], [after[k]!.x, after[k]!.y]), 0)) < Math.PI - 1e-6))
        // The zeros' paths stay in separate boxes of faces, so no face sees two of them.
        const box = (k: number) => [before[k]!, after[k]!].map((z) => [Math.floor(z.x), Math.floor(z.y)] as const)
        const apart = (k: number, l: number) => {
          const [[a0, a1], [b0, b1]] = [box(k), box(l)]
          const [ax, bx] = [[a0![0], a1![0]].sort((p, q) => p - q), [b0![0], b1![0]].sort((p, q) => p - q)]
          const [ay, by] = [[a0![1], a1![1]].sort((p, q) => p - q), [b0![1], b1![1]].sort((p, q) => p - q)]
          return ax[1]! < bx[0]! || bx[1]! < ax[0]! || ay[1]! < by[0]! || by[1]! < ay[0]!
        }
        fc.pre(movers.every((_, k) => movers.every((__, l) => l <= k || apart(k, l))))
        const [f0, f1] = [analyticField(plane, before), analyticField(plane, after)]
        const state = startTracker(plaquetteCharges(plane, f0))
        const idOf = new Map(state.vortices.map((v) => [v.face, v.id]))
        const next = advanceTracker(plane, state, plaquetteCharges(plane, f1), vortexCurrents(plane, f0, f1))
        expect(next.events.every((e) => e.kind === "move")).toBe(true)
        const expected = before
          .map((z, k) => ({ id: idOf.get(faceContaining(plane, z.x, z.y))!, face: faceContaining(plane, after[k]!.x, after[k]!.y), charge: z.n }))
          .sort((a, b) => a.face - b.face)
        expect(next.state.vortices.map(({ id, face, charge }) => ({ id, face, charge }))).toEqual(expected)
      }),
      { numRuns: 100 },
    )
  })

  it("reports a resolved vortex pair appearing as one creation, and disappearing as one annihilation", () => {
    fc.assert(
      fc.property(inside, inside, inside, inside, (ax, ay, bx, by) => {
        const pair: Zero[] = [
          { x: ax, y: ay, n: 1 },
          { x: bx, y: by, n: -1 },
        ]
        fc.pre(resolved(plane, pair))
        const [fa, fb] = [faceContaining(plane, ax, ay), faceContaining(plane, bx, by)]
        fc.pre(fa !== fb)
        const empty = analyticField(plane, [])
        const dipole = analyticField(plane, pair)
        const created = advanceTracker(plane, startTracker(plaquetteCharges(plane, empty), 4), plaquetteCharges(plane, dipole), vortexCurrents(plane, empty, dipole))
        expect(created.events).toHaveLength(1)
        const creation = created.events[0]!
        expect(creation.kind).toBe("creation")
        const ids = created.state.vortices.map((v) => v.id).sort()
        expect(ids).toEqual([0, 1])
        const byFace = new Map(created.state.vortices.map((v) => [v.face, v]))
        expect(byFace.get(fa)).toMatchObject({ charge: 1, born: 5, origin: "creation" })
        expect(byFace.get(fb)).toMatchObject({ charge: -1, born: 5, origin: "creation" })
        const annihilated = advanceTracker(plane, created.state, plaquetteCharges(plane, empty), vortexCurrents(plane, dipole, empty))
        expect(annihilated.state.vortices).toEqual([])
        expect(annihilated.events).toHaveLength(1)
        expect(annihilated.events[0]).toMatchObject({ kind: "annihilation", frame: 6 })
        expect(annihilated.ended.map((w) => [w.id, w.lifetime, w.end]).sort()).toEqual([
          [0, 1, "annihilation"],
          [1, 1, "annihilation"],
        ])
      }),
      { numRuns: 150 },
    )
  })
})
