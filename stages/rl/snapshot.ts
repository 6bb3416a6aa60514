/**
 * Typed arrays as base64 text, for JSON checkpoints: exact (the bytes
 * themselves) and about a third of the size of decimal text.
 */

export const encodeArray = (values: Float32Array | Float64Array | Int32Array | Uint8Array): string =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64")

/** A copy of the decoded bytes, aligned for the typed array. */
const decodeBytes = (text: string, bytesPerElement: number, label: string): ArrayBuffer => {
  const bytes = Buffer.from(text, "base64")
  if (bytes.byteLength % bytesPerElement !== 0) {
    throw new RangeError(`${label}: ${bytes.byteLength} bytes is not a whole number of ${bytesPerElement}-byte values`)
  }
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return copy.buffer
}

export const decodeFloat32 = (text: string, label = "float32 array"): Float32Array => new Float32Array(decodeBytes(text, 4, label))
export const decodeFloat64 = (text: string, label = "float64 array"): Float64Array => new Float64Array(decodeBytes(text, 8, label))
export const decodeUint8 = (text: string): Uint8Array => new Uint8Array(decodeBytes(text, 1, "byte array"))

/** Checks that a decoded array has the length its owner expects. */
export const expectLength = <T extends { readonly length: number }>(values: T, length: number, label: string): T => {
  if (values.length !== length) throw new RangeError(`${label}: expected ${length} values, found ${values.length}`)
  return values
}
