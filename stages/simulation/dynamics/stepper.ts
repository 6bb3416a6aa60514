/** What each (kernel, scheme) implementation provides to the integrator. */
import type { ComplexField } from "../field.js"
import type { Equation } from "./equation.js"

export interface Stepper {
  /** Advances `steps` steps of the stepper's dt, starting at `time`. */
  advance(steps: number, time: number): void
  read(): ComplexField
  write(field: ComplexField): void
  /** Replaces the coefficients (already validated for this lattice). */
  setEquation(equation: Equation): void
  dispose(): void
}
