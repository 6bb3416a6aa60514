/**
 * The state every tfjs stepper keeps on the backend: the padded links, the
 * equation's per-node coefficients and ψ as a pair of float32 tensors (one
 * field [N] or a batch [B, N]). `dispose` frees all of it.
 */
import * as tf from "@tensorflow/tfjs"
import type { ComplexField } from "../field.js"
import type { Lattice } from "../lattice/lattice.js"
import type { Equation } from "./equation.js"
import { disposeLinks, type FieldTensor, type LinkTensors, uploadLinks } from "./laplacian-tfjs.js"
import { paddedLinksOf } from "./links.js"
import { downloadField, EquationTensors, uploadField } from "./tfjs-state.js"

/** [Re ψ, Im ψ]. */
export type TensorPair<T extends FieldTensor> = [T, T]

/** What a step reads besides ψ: the links, the equation and its per-node coefficients. */
export interface TfjsTerms {
  readonly links: LinkTensors
  readonly equation: Equation
  readonly coefficients: EquationTensors
}

export abstract class TfjsTensors<T extends FieldTensor> {
  protected readonly links: LinkTensors
  protected readonly coefficients: EquationTensors

  protected constructor(
    lattice: Lattice,
    protected equation: Equation,
    protected psi: TensorPair<T>,
  ) {
    this.links = uploadLinks(paddedLinksOf(lattice))
    this.coefficients = new EquationTensors(lattice.nodeCount, equation)
  }

  protected get terms(): TfjsTerms {
    return { links: this.links, equation: this.equation, coefficients: this.coefficients }
  }

  setEquation(equation: Equation): void {
    this.equation = equation
    this.coefficients.set(equation)
  }

  /** ψ ← next; the old ψ is freed. */
  protected replace(next: TensorPair<T>): void {
    tf.dispose(this.psi)
    this.psi = next
  }

  /** ψ ← update(ψ), run in tf.tidy so only the new ψ survives. */
  protected update(update: (psi: TensorPair<T>) => TensorPair<T>): void {
    this.replace(tf.tidy(() => update(this.psi)))
  }

  dispose(): void {
    tf.dispose(this.psi)
    disposeLinks(this.links)
    this.coefficients.dispose()
  }
}

/** A single-field tfjs stepper: ψ starts at zero and is up- and downloaded whole. */
export abstract class TfjsFieldStepper extends TfjsTensors<tf.Tensor1D> {
  protected constructor(lattice: Lattice, equation: Equation) {
    super(lattice, equation, uploadField({ re: new Float64Array(lattice.nodeCount), im: new Float64Array(lattice.nodeCount) }))
  }

  read(): ComplexField {
    return downloadField(this.psi)
  }

  write(field: ComplexField): void {
    this.replace(uploadField(field))
  }
}
