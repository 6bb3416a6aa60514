/**
 * Option checks shared by the lattice builders: each failure is a RangeError
 * naming the builder, the option, what was expected and what was given.
 */

export const optionError = (builder: string, name: string, expectation: string, value: unknown): RangeError =>
  new RangeError(`${builder}: option "${name}" must be ${expectation}, got ${String(value)}`)

/** An integer >= min. */
export const integerAtLeast = (builder: string, name: string, value: number, min: number): number => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw optionError(builder, name, `an integer >= ${min}`, value)
  }
  return value
}

/** Any integer (e.g. a signed twist count). */
export const anyInteger = (builder: string, name: string, value: number): number => {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw optionError(builder, name, "an integer", value)
  return value
}

export const finite = (builder: string, name: string, value: number): number => {
  if (typeof value !== "number" || !Number.isFinite(value)) throw optionError(builder, name, "a finite number", value)
  return value
}

export const positive = (builder: string, name: string, value: number): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw optionError(builder, name, "a finite number > 0", value)
  }
  return value
}

export const nonNegative = (builder: string, name: string, value: number): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw optionError(builder, name, "a finite number >= 0", value)
  }
  return value
}

/** A finite number strictly between low and high. */
export const between = (builder: string, name: string, value: number, low: number, high: number): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= low || value >= high) {
    throw optionError(builder, name, `a finite number > ${low} and < ${high}`, value)
  }
  return value
}
