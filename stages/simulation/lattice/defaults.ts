/**
 * Default lattice parameters, shared by the builders and the config section so
 * the two cannot drift apart. They give lattices of a few thousand nodes at
 * most, sized for a 2-core demo.
 */
export const latticeDefaults = {
  /** Ring and sphere node count. */
  nodes: 512,
  nu: 64,
  nv: 12,
  strips: 3,
  halfTwists: 1,
  /** Ring, sphere, Möbius band and Klein bottle radius. */
  radius: 2,
  /** Möbius band width. */
  width: 1,
  majorRadius: 3,
  minorRadius: 1,
  /** Klein bottle figure-8 cross-section scale. */
  kleinMinorRadius: 0.5,
  spacing: 1,
  elongation: 1.7,
  triangularity: 0.33,
  poloidalTurns: 1,
  /** Tokamak strip width. */
  stripWidth: 0.3,
  coupling: 0.25,
  cutoff: 0.35,
  alpha: 0,
  turns: 0,
} as const
