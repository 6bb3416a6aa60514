/**
 * The networks of the agents, in TensorFlow.js: a multilayer perceptron and
 * an LSTM encoder over the last K observations. Parameters are `tf.Variable`s
 * whose initial values come from the run's `Prng` (PyTorch's default:
 * U(-1/√fan_in, 1/√fan_in) for weights and biases), so a run is reproducible
 * from its seed on a given backend.
 *
 * Matrix products go through `matMul`, whose gradient multiplies by
 * explicitly transposed matrices: on the wasm backend a product with a
 * transposed operand (what tf.matMul's own gradient uses) runs without
 * XNNPACK and is about 15× slower than a plain one.
 */
import * as tf from "@tensorflow/tfjs"
import type { Prng } from "../prng.js"

/**
 * A differentiable map from a batch of rows [B, inputs] to [B, outputs].
 * `frozen`: the products with the weights are differentiated in the input
 * only (a critic inside the actor's loss needs no gradient for its weights).
 */
export interface Network {
  readonly inputs: number
  readonly outputs: number
  readonly variables: ReadonlyArray<tf.Variable>
  readonly apply: (input: tf.Tensor2D, frozen?: boolean) => tf.Tensor2D
}

/** x·w with a gradient made of plain (untransposed) products. */
export const matMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc]
  save([x, w])
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D]
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), weightGradient(xs, dy as tf.Tensor2D)]
    },
  }
}) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D

/**
 * xᵀ·dz, transposing the smaller operand: (dzᵀ·x)ᵀ when the layer has fewer
 * outputs than inputs (a critic's last layer: a [1, B] transpose, which is a
 * reshape, instead of a [B, inputs] one).
 */
const weightGradient = (x: tf.Tensor2D, dz: tf.Tensor2D): tf.Tensor2D =>
  dz.shape[1] < x.shape[1] ? (tf.transpose(tf.matMul(tf.transpose(dz), x)) as tf.Tensor2D) : tf.matMul(tf.transpose(x), dz)

/**
 * A dense layer y = act(x·w + b) as one fused op, with its gradient written
 * out: dz = dy ⊙ [z > 0] (relu), dx = dz·wᵀ, dw = xᵀ·dz, db = 1ᵀ·dz (a
 * product, as a column sum on wasm transposes internally).
 */
const denseOp = (activation: "relu" | "linear") =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc]
    const y = tf.fused.matMul({ a: x, b: w, bias: b, activation })
    save([x, w, y])
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]
        const dz: tf.Tensor2D = activation === "relu" ? tf.mul(dy, tf.step(ys)) : (dy as tf.Tensor2D)
        const ones = tf.ones([1, dz.shape[0]]) as tf.Tensor2D
        return [tf.matMul(dz, tf.transpose(ws)), weightGradient(xs, dz), tf.reshape(tf.matMul(ones, dz), [dz.shape[1]])]
      },
    }
  }) as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D

const dense = { relu: denseOp("relu"), linear: denseOp("linear") }

/** act(x·w + b) differentiated in x only: w and b are constants to it. */
const frozenDense = (activation: "relu" | "linear", w: tf.Tensor2D, b: tf.Tensor1D) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc]
    const y = tf.fused.matMul({ a: x, b: w, bias: b, activation })
    save([y])
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dz: tf.Tensor2D = activation === "relu" ? tf.mul(dy, tf.step(saved[0]!)) : (dy as tf.Tensor2D)
        return [tf.matMul(dz, tf.transpose(w))]
      },
    }
  }) as (x: tf.Tensor2D) => tf.Tensor2D

/** x·w differentiated in x only. */
const frozenMatMul = (w: tf.Tensor2D) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x] = args as [tf.Tensor2D]
    return { value: tf.matMul(x, w), gradFunc: (dy: tf.Tensor) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(w))] }
  }) as (x: tf.Tensor2D) => tf.Tensor2D

const checkSize = (label: string, value: number) => {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${label} must be an integer >= 1, got ${value}`)
}

/** A variable of this shape with entries U(-bound, bound) drawn from the Prng, row-major. */
const uniformVariable = (prng: Prng, shape: readonly number[], bound: number): tf.Variable => {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1))
  for (let i = 0; i < values.length; i++) values[i] = prng.between(-bound, bound)
  const initial = tf.tensor(values, [...shape])
  const variable = tf.variable(initial)
  initial.dispose()
  return variable
}

export interface MlpSpec {
  readonly inputs: number
  /** Widths of the hidden layers (ReLU). */
  readonly hidden: ReadonlyArray<number>
  /** Width of the linear output layer. */
  readonly outputs: number
}

/** ReLU hidden layers and a linear output layer. */
export const mlp = (spec: MlpSpec, prng: Prng): Network => {
  const widths = [spec.inputs, ...spec.hidden, spec.outputs]
  widths.forEach((w, i) => checkSize(i === 0 ? "mlp inputs" : i === widths.length - 1 ? "mlp outputs" : `mlp hidden[${i - 1}]`, w))
  const layers = widths.slice(1).map((fanOut, i) => {
    const bound = 1 / Math.sqrt(widths[i]!)
    return { weight: uniformVariable(prng, [widths[i]!, fanOut], bound), bias: uniformVariable(prng, [fanOut], bound) }
  })
  return {
    inputs: spec.inputs,
    outputs: spec.outputs,
    variables: layers.flatMap((layer) => [layer.weight, layer.bias]),
    apply: (input, frozen = false) =>
      layers.reduce((x: tf.Tensor2D, layer, i): tf.Tensor2D => {
        const activation = i === layers.length - 1 ? "linear" : "relu"
        const [w, b] = [layer.weight as tf.Tensor2D, layer.bias as tf.Tensor1D]
        return frozen ? frozenDense(activation, w, b)(x) : dense[activation](x, w, b)
      }, input),
  }
}

export interface LstmSpec {
  /** Entries of one observation. */
  readonly inputs: number
  /** Observations in the window, oldest first. */
  readonly steps: number
  readonly units: number
}

/**
 * An LSTM over a window of `steps` observations laid out in one row
 * [o_{t-K+1}, …, o_t]; the output is the last hidden state. Gates in
 * PyTorch's order (input, forget, cell, output):
 *
 *   z = x W + h U + b,  c ← σ(z_f) c + σ(z_i) tanh(z_g),  h ← σ(z_o) tanh(c)
 */
export const lstmEncoder = (spec: LstmSpec, prng: Prng): Network => {
  checkSize("lstm inputs", spec.inputs)
  checkSize("lstm steps", spec.steps)
  checkSize("lstm units", spec.units)
  const bound = 1 / Math.sqrt(spec.units)
  const inputWeight = uniformVariable(prng, [spec.inputs, 4 * spec.units], bound)
  const recurrentWeight = uniformVariable(prng, [spec.units, 4 * spec.units], bound)
  const bias = uniformVariable(prng, [4 * spec.units], bound)
  return {
    inputs: spec.inputs * spec.steps,
    outputs: spec.units,
    variables: [inputWeight, recurrentWeight, bias],
    apply: (input, frozen = false) => {
      const batch = input.shape[0]
      const [inputProduct, recurrentProduct] = frozen
        ? [frozenMatMul(inputWeight as tf.Tensor2D), frozenMatMul(recurrentWeight as tf.Tensor2D)]
        : [(x: tf.Tensor2D) => matMul(x, inputWeight as tf.Tensor2D), (x: tf.Tensor2D) => matMul(x, recurrentWeight as tf.Tensor2D)]
      let h: tf.Tensor2D = tf.zeros([batch, spec.units])
      let c: tf.Tensor2D = tf.zeros([batch, spec.units])
      for (let t = 0; t < spec.steps; t++) {
        const x = tf.slice(input, [0, t * spec.inputs], [batch, spec.inputs])
        const z = tf.add(tf.add(inputProduct(x), recurrentProduct(h)), bias)
        const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]
        c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)))
        h = tf.mul(tf.sigmoid(o), tf.tanh(c))
      }
      return h
    },
  }
}

/** `second` after `first`. */
export const chain = (first: Network, second: Network): Network => {
  if (first.outputs !== second.inputs) throw new RangeError(`chain: ${first.outputs} outputs feed a network of ${second.inputs} inputs`)
  return {
    inputs: first.inputs,
    outputs: second.outputs,
    variables: [...first.variables, ...second.variables],
    apply: (input, frozen) => second.apply(first.apply(input, frozen), frozen),
  }
}

/**
 * Encodes the first `encoder.inputs` columns, passes the remaining `passed`
 * columns through, and feeds both to `head`: a critic whose observation
 * history is encoded while the action enters the head directly.
 */
export const encodeThenConcat = (encoder: Network, passed: number, head: Network): Network => {
  if (encoder.outputs + passed !== head.inputs) {
    throw new RangeError(`encodeThenConcat: ${encoder.outputs} encoded + ${passed} passed columns feed a head of ${head.inputs} inputs`)
  }
  return {
    inputs: encoder.inputs + passed,
    outputs: head.outputs,
    variables: [...encoder.variables, ...head.variables],
    apply: (input, frozen) => {
      const batch = input.shape[0]
      const encoded = encoder.apply(tf.slice(input, [0, 0], [batch, encoder.inputs]), frozen)
      return head.apply(tf.concat([encoded, tf.slice(input, [0, encoder.inputs], [batch, passed])], 1), frozen)
    },
  }
}

/** The network's parameters as float32 arrays (a copy), in `variables` order. */
export const readWeights = (network: Network): Float32Array[] => network.variables.map((v) => v.dataSync() as Float32Array).map((a) => Float32Array.from(a))

/** Sets every parameter; each array must have its variable's size. */
export const writeWeights = (network: Network, weights: ReadonlyArray<Float32Array>): void => {
  if (weights.length !== network.variables.length) {
    throw new RangeError(`writeWeights: the network has ${network.variables.length} parameter arrays, got ${weights.length}`)
  }
  network.variables.forEach((variable, i) => {
    if (weights[i]!.length !== variable.size) throw new RangeError(`writeWeights: parameter ${i} has ${variable.size} entries, got ${weights[i]!.length}`)
    tf.tidy(() => variable.assign(tf.tensor(weights[i]!, variable.shape)))
  })
}

export const disposeNetwork = (network: Network): void => network.variables.forEach((v) => v.dispose())
