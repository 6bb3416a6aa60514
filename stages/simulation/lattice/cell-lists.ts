/** Growable edge and face lists that builders fill before the lattice is assembled. */
import type { EdgeList, Faces } from "./lattice.js"

export class EdgeListBuilder {
  private readonly source: number[] = []
  private readonly target: number[] = []
  private readonly weight: number[] = []
  private readonly phase: number[] = []

  /** Adds the undirected edge source - target, with link phase A_{source,target} = phase. */
  add(source: number, target: number, weight = 1, phase = 0): void {
    this.source.push(source)
    this.target.push(target)
    this.weight.push(weight)
    this.phase.push(phase)
  }

  get size(): number {
    return this.source.length
  }

  finish(): EdgeList {
    return {
      source: Int32Array.from(this.source),
      target: Int32Array.from(this.target),
      weight: Float64Array.from(this.weight),
      phase: Float64Array.from(this.phase),
    }
  }
}

export class FaceListBuilder {
  private readonly offsets: number[] = [0]
  private readonly nodes: number[] = []

  /** Adds a face as its node cycle, in its orientation. */
  add(...cycle: number[]): void {
    for (const node of cycle) this.nodes.push(node)
    this.offsets.push(this.nodes.length)
  }

  finish(): Faces {
    return { offsets: Int32Array.from(this.offsets), nodes: Int32Array.from(this.nodes) }
  }
}
