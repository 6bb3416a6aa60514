/**
 * The magnetic graph Laplacian op, (Lψ)_i = Σ_j w_ij (e^{iA_ij} ψ_j - ψ_i):
 * Hermitian and negative semi-definite (docs/theory/dynamics.md). Validates
 * its inputs, then runs the js or the tfjs kernel.
 */
import * as tf from "@tensorflow/tfjs"
import type { KernelName } from "../../compute/backend.js"
import { type ComplexField, zeroField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import { checkField } from "./equation.js"
import { checkKernel } from "./kernel.js"
import { laplacianRange } from "./laplacian-js.js"
import { laplacianTensors, uploadLinks } from "./laplacian-tfjs.js"
import { linksOf, paddedLinksOf } from "./links.js"

export interface LaplacianOptions {
  readonly kernel?: KernelName
}

const laplacianJs = (lattice: Lattice, psi: ComplexField): ComplexField => {
  const out = zeroField(lattice.nodeCount)
  laplacianRange(linksOf(lattice), psi.re, psi.im, out.re, out.im, 0, lattice.nodeCount)
  return out
}

const laplacianTfjs = (lattice: Lattice, psi: ComplexField): ComplexField => {
  const [re, im] = tf.tidy(() =>
    laplacianTensors(uploadLinks(paddedLinksOf(lattice)), tf.tensor1d(Float32Array.from(psi.re)), tf.tensor1d(Float32Array.from(psi.im))),
  )
  const result = { re: Float64Array.from(re.dataSync()), im: Float64Array.from(im.dataSync()) }
  tf.dispose([re, im])
  return result
}

/** Lψ; the tfjs kernel computes in float32 under the active tfjs backend. */
export const magneticLaplacian = (lattice: Lattice, psi: ComplexField, options: LaplacianOptions = {}): ComplexField => {
  const kernel = checkKernel(options.kernel ?? "js")
  checkField("psi", psi, lattice.nodeCount)
  return kernel === "js" ? laplacianJs(lattice, psi) : laplacianTfjs(lattice, psi)
}
