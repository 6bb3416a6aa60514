/**
 * The js contraction kernel: a plan's steps as float64 transpositions and
 * matrix products on typed arrays.
 */
import type { BoundaryState } from "./boundary-state.js"
import { type ContractionPlan, contractionPlan, type PlanOptions } from "./contraction-plan.js"
import { matmul, permute } from "./dense-tensor.js"
import { type TensorNetwork, validateNetwork, validateTensors } from "./network.js"

/** Runs a plan on one filling of its graph. */
export const contractJs = (plan: ContractionPlan, tensors: ReadonlyArray<Float64Array>): BoundaryState => {
  validateTensors(plan.graph, tensors)
  const work: Array<Float64Array | undefined> = [...tensors]
  for (const step of plan.steps) {
    const left = permute(work[step.left]!, step.leftDims, step.leftPerm)
    const right = permute(work[step.right]!, step.rightDims, step.rightPerm)
    work[step.left] = undefined
    work[step.right] = undefined
    work.push(matmul(left, right, step.m, step.k, step.n))
  }
  return { dims: plan.boundaryDims, amplitudes: permute(work[plan.result]!, plan.resultDims, plan.finalPerm) }
}

/** Contracts a network to its boundary state in float64 with a greedy plan. */
export const contractNetwork = (network: TensorNetwork, options?: PlanOptions): BoundaryState => {
  validateNetwork(network)
  return contractJs(contractionPlan(network.graph, options), network.tensors)
}
