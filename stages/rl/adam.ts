/**
 * Adam (Kingma & Ba 2015) over a fixed list of variables, in PyTorch's form:
 *
 *   m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,
 *   p ← p - (lr / (1-β₁ᵗ)) · m / (√v / √(1-β₂ᵗ) + ε)
 *
 * Its moments and step count can be read and restored synchronously, so a
 * checkpoint continues the optimisation exactly (tf.train.adam's state is
 * reachable only asynchronously and by variable name).
 */
import * as tf from "@tensorflow/tfjs"
import { decodeFloat32, encodeArray, expectLength } from "./snapshot.js"

export interface AdamSettings {
  readonly learningRate: number
  readonly beta1?: number
  readonly beta2?: number
  readonly epsilon?: number
}

export interface AdamState {
  readonly step: number
  /** First and second moments per variable, base64 float32. */
  readonly m: ReadonlyArray<string>
  readonly v: ReadonlyArray<string>
}

export interface Adam {
  /** Applies one step; `gradients[i]` belongs to `variables[i]`. */
  readonly apply: (gradients: ReadonlyArray<tf.Tensor>) => void
  readonly state: () => AdamState
  readonly load: (state: AdamState) => void
  readonly dispose: () => void
}

export const adam = (variables: ReadonlyArray<tf.Variable>, settings: AdamSettings): Adam => {
  const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = settings
  if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
    throw new RangeError(`adam: expected learningRate > 0, beta1 and beta2 in [0, 1), epsilon > 0, got ${JSON.stringify(settings)}`)
  }
  const zeros = (x: tf.Variable) => tf.tidy(() => tf.variable(tf.zerosLike(x), false))
  const m = variables.map(zeros)
  const v = variables.map(zeros)
  let step = 0
  return {
    apply: (gradients) => {
      if (gradients.length !== variables.length) throw new RangeError(`adam: ${variables.length} variables but ${gradients.length} gradients`)
      step += 1
      const stepSize = learningRate / (1 - beta1 ** step)
      const correction2 = Math.sqrt(1 - beta2 ** step)
      tf.tidy(() => {
        variables.forEach((parameter, i) => {
          const g = gradients[i]!
          const mi = m[i]!.mul(beta1).add(g.mul(1 - beta1))
          const vi = v[i]!.mul(beta2).add(g.square().mul(1 - beta2))
          m[i]!.assign(mi)
          v[i]!.assign(vi)
          parameter.assign(parameter.sub(mi.div(vi.sqrt().div(correction2).add(epsilon)).mul(stepSize)))
        })
      })
    },
    state: () => ({
      step,
      m: m.map((x) => encodeArray(x.dataSync() as Float32Array)),
      v: v.map((x) => encodeArray(x.dataSync() as Float32Array)),
    }),
    load: (state) => {
      if (state.m.length !== variables.length || state.v.length !== variables.length || !Number.isSafeInteger(state.step) || state.step < 0) {
        throw new RangeError(`adam: the state has ${state.m.length}/${state.v.length} moments and step ${state.step} for ${variables.length} variables`)
      }
      const restore = (target: tf.Variable, text: string, label: string) =>
        tf.tidy(() => target.assign(tf.tensor(expectLength(decodeFloat32(text, label), target.size, label), target.shape)))
      m.forEach((x, i) => restore(x, state.m[i]!, `adam first moment ${i}`))
      v.forEach((x, i) => restore(x, state.v[i]!, `adam second moment ${i}`))
      step = state.step
    },
    dispose: () => [...m, ...v].forEach((x) => x.dispose()),
  }
}
