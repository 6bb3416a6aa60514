/** Checks a kernel name given at run time (from config or a caller outside TypeScript). */
import { type KernelName, kernelNames } from "../../compute/backend.js"

export const checkKernel = (kernel: KernelName): KernelName => {
  if (!kernelNames.includes(kernel)) {
    throw new RangeError(`kernel must be one of ${kernelNames.map((name) => `"${name}"`).join(", ")}, got ${JSON.stringify(kernel)}`)
  }
  return kernel
}
