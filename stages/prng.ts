/**
 * The seeded, serialisable pseudo-random number generator: the only source of
 * randomness in HHmL. A run is reproducible from (config, seed), and a
 * checkpoint stores `prng.state()` so a resumed run draws the same numbers.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64"
import { uniformInt } from "pure-rand/distribution/uniformInt"
import { type xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus"

type JumpableRandomGenerator = ReturnType<typeof xoroshiro128plus>

const mask64 = (1n << 64n) - 1n
const int32 = (word: bigint) => Number(BigInt.asIntN(32, word))

/**
 * The 128-bit xoroshiro state from a seed through SplitMix64, as its authors
 * recommend: pure-rand's own seeding leaves the first draws of nearby seeds
 * almost equal (the first uniform is ~0.9999999 for seeds 1, 2 and 42).
 */
const splitMix64State = (seed: number): number[] => {
  let x = BigInt(seed) & mask64
  const next = () => {
    x = (x + 0x9e3779b97f4a7c15n) & mask64
    let z = x
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask64
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask64
    return z ^ (z >> 31n)
  }
  const s0 = next()
  const s1 = next()
  // pure-rand's state order: [s0 high, s0 low, s1 high, s1 low] as int32 words.
  return [int32(s0 >> 32n), int32(s0), int32(s1 >> 32n), int32(s1)]
}

/** Everything needed to continue a generator's sequence exactly; plain JSON. */
export interface PrngState {
  readonly algorithm: "xoroshiro128plus"
  readonly state: readonly number[]
  /** The second Box-Muller variate, kept so a restored generator continues mid-pair. */
  readonly spareNormal: number | null
}

export class Prng {
  private constructor(
    private generator: JumpableRandomGenerator,
    private spareNormal: number | null,
  ) {}

  static seeded(seed: number): Prng {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`)
    return new Prng(xoroshiro128plusFromState(splitMix64State(seed)), null)
  }

  static fromState(state: PrngState): Prng {
    if (state.algorithm !== "xoroshiro128plus") {
      throw new RangeError(`unknown PRNG algorithm ${JSON.stringify(state.algorithm)}`)
    }
    return new Prng(xoroshiro128plusFromState(state.state), state.spareNormal)
  }

  /** Continues from a saved state in place (a resumed run hands the same generator to every stage). */
  load(state: PrngState): void {
    const restored = Prng.fromState(state)
    this.generator = restored.generator
    this.spareNormal = restored.spareNormal
  }

  state(): PrngState {
    return { algorithm: "xoroshiro128plus", state: [...this.generator.getState()], spareNormal: this.spareNormal }
  }

  /** An independent generator 2^64 draws ahead; this one is advanced past it too. */
  split(): Prng {
    const child = this.generator.clone()
    child.jump()
    this.generator.jump()
    this.generator.jump()
    return new Prng(child, null)
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.generator)
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform()
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max)
  }

  /** Standard normal variate (Box-Muller, both variates used). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal
      this.spareNormal = null
      return spare
    }
    const u1 = 1 - this.uniform() // (0, 1]: log stays finite
    const u2 = this.uniform()
    const radius = Math.sqrt(-2 * Math.log(u1))
    this.spareNormal = radius * Math.sin(2 * Math.PI * u2)
    return radius * Math.cos(2 * Math.PI * u2)
  }

  /** Fills `out` with independent N(mean, sd²) draws. */
  fillNormal(out: Float64Array, mean = 0, sd = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = mean + sd * this.normal()
    return out
  }
}
