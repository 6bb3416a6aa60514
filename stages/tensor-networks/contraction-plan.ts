/**
 * The order in which a network is contracted to its boundary state, chosen
 * greedily from the graph alone, so one plan serves every filling of a graph
 * and both kernels run exactly the same sequence of products.
 *
 * Each step contracts two tensors over all the legs they share: the left one
 * transposed to (free, shared) and reshaped to m × k, the right one to
 * (shared, free) as k × n, one matrix product giving the (free left, free
 * right) tensor. The greedy rule (as opt_einsum's `greedy`) takes the pair
 * that shares a leg and minimises size(result) − size(left) − size(right),
 * ties to the lowest indices; tensors sharing nothing are joined last, by
 * outer products of the two smallest. A final transposition puts the legs in
 * boundary order.
 */
import { type NetworkGraph, boundaryDims, tensorSize, validateGraph } from "./network.js"

export interface ContractionStep {
  /** Working tensors consumed: nodes are 0..N-1, step s produces N + s. */
  readonly left: number
  readonly right: number
  readonly leftDims: ReadonlyArray<number>
  readonly rightDims: ReadonlyArray<number>
  /** Left axes → (free, shared); right axes → (shared, free). */
  readonly leftPerm: ReadonlyArray<number>
  readonly rightPerm: ReadonlyArray<number>
  readonly m: number
  readonly k: number
  readonly n: number
}

export interface ContractionPlan {
  readonly graph: NetworkGraph
  readonly steps: ReadonlyArray<ContractionStep>
  /** Working tensor holding the result before the final transposition. */
  readonly result: number
  readonly resultDims: ReadonlyArray<number>
  /** Result axes → boundary order. */
  readonly finalPerm: ReadonlyArray<number>
  readonly boundaryDims: ReadonlyArray<number>
  /** The largest tensor (amplitudes) any step creates, the boundary state included. */
  readonly largest: number
}

export interface PlanOptions {
  /** Refuse plans that create a tensor larger than this many amplitudes. */
  readonly maxAmplitudes: number
}

/** The default limit: 2^22 amplitudes (32 MiB in float64), so boundaries of 20 qubits and more contract. */
export const defaultMaxAmplitudes = 2 ** 22

interface Working {
  readonly id: number
  /** Leg labels: bond b is label b, boundary leg i is label B + i. */
  readonly labels: ReadonlyArray<number>
  readonly size: number
}

export const contractionPlan = (graph: NetworkGraph, options: PlanOptions = { maxAmplitudes: defaultMaxAmplitudes }): ContractionPlan => {
  validateGraph(graph)
  if (!(options.maxAmplitudes >= 1)) throw new RangeError(`maxAmplitudes must be >= 1, got ${options.maxAmplitudes}`)
  const bondCount = graph.bonds.length
  const labelDim: number[] = [...graph.bonds.map(([a]) => graph.nodes[a.node]![a.leg]!), ...boundaryDims(graph)]
  const nodeLabels = graph.nodes.map((dims) => new Array<number>(dims.length))
  graph.bonds.forEach(([a, b], bond) => {
    nodeLabels[a.node]![a.leg] = bond
    nodeLabels[b.node]![b.leg] = bond
  })
  graph.boundary.forEach(({ node, leg }, i) => {
    nodeLabels[node]![leg] = bondCount + i
  })
  const dimsOf = (labels: ReadonlyArray<number>) => labels.map((label) => labelDim[label]!)
  let live: Working[] = nodeLabels.map((labels, id) => ({ id, labels, size: tensorSize(dimsOf(labels)) }))
  let largest = Math.max(...live.map((w) => w.size))
  const steps: ContractionStep[] = []
  let nextId = graph.nodes.length

  const check = (size: number, what: string) => {
    if (size > options.maxAmplitudes) {
      throw new RangeError(
        `contracting this network needs ${what} of ${size} amplitudes, more than the limit of ${options.maxAmplitudes} (maxAmplitudes); raise it or contract a smaller network`,
      )
    }
  }
  for (const w of live) check(w.size, "a node tensor")

  while (live.length > 1) {
    let best: { x: Working; y: Working; cost: number } | null = null
    for (let i = 0; i < live.length; i++) {
      for (let j = i + 1; j < live.length; j++) {
        const x = live[i]!
        const y = live[j]!
        const shared = x.labels.filter((label) => y.labels.includes(label))
        if (shared.length === 0) continue
        const sharedSize = tensorSize(dimsOf(shared))
        const cost = (x.size / sharedSize) * (y.size / sharedSize) - x.size - y.size
        if (best === null || cost < best.cost) best = { x, y, cost }
      }
    }
    if (best === null) {
      const [x, y] = [...live].sort((a, b) => a.size - b.size || a.id - b.id)
      best = { x: x!, y: y!, cost: 0 }
    }
    const { x, y } = best
    const shared = x.labels.filter((label) => y.labels.includes(label))
    const freeX = x.labels.filter((label) => !shared.includes(label))
    const freeY = y.labels.filter((label) => !shared.includes(label))
    const labels = [...freeX, ...freeY]
    const size = tensorSize(dimsOf(labels))
    check(size, "an intermediate tensor")
    largest = Math.max(largest, size)
    steps.push({
      left: x.id,
      right: y.id,
      leftDims: dimsOf(x.labels),
      rightDims: dimsOf(y.labels),
      leftPerm: [...freeX, ...shared].map((label) => x.labels.indexOf(label)),
      rightPerm: [...shared, ...freeY].map((label) => y.labels.indexOf(label)),
      m: tensorSize(dimsOf(freeX)),
      k: tensorSize(dimsOf(shared)),
      n: tensorSize(dimsOf(freeY)),
    })
    live = [...live.filter((w) => w !== x && w !== y), { id: nextId, labels, size }]
    nextId += 1
  }
  const last = live[0]!
  return {
    graph,
    steps,
    result: last.id,
    resultDims: dimsOf(last.labels),
    finalPerm: graph.boundary.map((_, i) => last.labels.indexOf(bondCount + i)),
    boundaryDims: boundaryDims(graph),
    largest,
  }
}
