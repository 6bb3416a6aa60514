/**
 * Row-major dense tensors: axis permutation and matrix products in float64,
 * the building blocks of the js contraction kernel and of the entropies.
 */

/**
 * The same permutation on fewer, larger axes: output axes that stay
 * consecutive and in order are merged, as are their input axes. `perm[i]` is
 * the input axis that becomes output axis i.
 */
export const mergeAxes = (dims: ReadonlyArray<number>, perm: ReadonlyArray<number>): { dims: number[]; perm: number[] } => {
  const runs: Array<{ start: number; length: number }> = []
  perm.forEach((axis, i) => {
    const last = runs[runs.length - 1]
    if (i > 0 && last !== undefined && axis === perm[i - 1]! + 1) last.length += 1
    else runs.push({ start: axis, length: 1 })
  })
  const byInput = [...runs].sort((a, b) => a.start - b.start)
  const merged = byInput.map((run) => dims.slice(run.start, run.start + run.length).reduce((size, d) => size * d, 1))
  return { dims: merged, perm: runs.map((run) => byInput.indexOf(run)) }
}

const checkPermutation = (rank: number, perm: ReadonlyArray<number>) => {
  const seen = new Set(perm)
  if (perm.length !== rank || seen.size !== rank || perm.some((axis) => !Number.isInteger(axis) || axis < 0 || axis >= rank)) {
    throw new RangeError(`[${perm.join(", ")}] is not a permutation of ${rank} axes`)
  }
}

/**
 * Transposes a row-major tensor: output axis i is input axis `perm[i]`.
 * Returns the input itself when the permutation moves no data.
 */
export const permute = (data: Float64Array, dims: ReadonlyArray<number>, perm: ReadonlyArray<number>): Float64Array => {
  checkPermutation(dims.length, perm)
  const size = dims.reduce((s, d) => s * d, 1)
  if (data.length !== size) throw new RangeError(`tensor has ${data.length} entries; dimensions [${dims.join(", ")}] need ${size}`)
  const merged = mergeAxes(dims, perm)
  const rank = merged.dims.length
  if (rank <= 1) return data
  const inStrides = new Array<number>(rank)
  let stride = 1
  for (let axis = rank - 1; axis >= 0; axis--) {
    inStrides[axis] = stride
    stride *= merged.dims[axis]!
  }
  const outDims = merged.perm.map((axis) => merged.dims[axis]!)
  const steps = merged.perm.map((axis) => inStrides[axis]!)
  const inner = outDims[rank - 1]!
  const innerStep = steps[rank - 1]!
  const result = new Float64Array(size)
  const index = new Array<number>(rank - 1).fill(0)
  let offset = 0
  for (let out = 0; out < size; out += inner) {
    for (let j = 0; j < inner; j++) result[out + j] = data[offset + j * innerStep]!
    // Odometer over the outer output axes, tracking the input offset.
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis] += 1
      offset += steps[axis]!
      if (index[axis]! < outDims[axis]!) break
      offset -= steps[axis]! * outDims[axis]!
      index[axis] = 0
    }
  }
  return result
}

/** C = A B for row-major A (m × k) and B (k × n). */
export const matmul = (a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array => {
  if (a.length !== m * k || b.length !== k * n) throw new RangeError(`cannot multiply ${a.length} and ${b.length} entries as ${m}×${k} by ${k}×${n}`)
  const c = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    const row = i * n
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!
      if (aip === 0) continue
      const bRow = p * n
      for (let j = 0; j < n; j++) c[row + j] += aip * b[bRow + j]!
    }
  }
  return c
}
