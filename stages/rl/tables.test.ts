/**
 * Table columns that follow the environment: snake_case names, one per
 * action, reward component and metric, and a clear error on a clash.
 */
import { describe, expect, it } from "vitest"
import { columnName, evaluationTable, trainingMetricsTable } from "./tables.js"

describe("rl tables", () => {
  it("names columns in snake_case", () => {
    expect(["driveAmplitude", "vortex density", "theta_dot", "normPerNode", "x"].map(columnName)).toEqual([
      "drive_amplitude",
      "vortex_density",
      "theta_dot",
      "norm_per_node",
      "x",
    ])
  })

  it("has a column per action, reward component and metric", () => {
    const names = { actions: ["driveAmplitude", "wavenumber"], components: ["tracking", "effort"], metrics: ["vortexDensity", "driveAmplitude"] }
    const training = trainingMetricsTable(names).columns.map((c) => c.name)
    expect(training).toEqual(expect.arrayContaining(["action_drive_amplitude", "action_wavenumber", "reward_tracking", "reward_effort", "vortex_density", "drive_amplitude"]))
    const evaluation = evaluationTable(names).columns.map((c) => c.name)
    expect(evaluation).toEqual(expect.arrayContaining(["mean_reward_tracking", "mean_vortex_density", "episode_return", "policy", "seed"]))
  })

  it("refuses two columns of one name, naming it", () => {
    expect(() => trainingMetricsTable({ actions: ["u"], components: [], metrics: ["reward"] })).toThrow(/two columns would be named "reward"/)
    expect(() => trainingMetricsTable({ actions: [], components: [], metrics: ["Theta", "theta"] })).toThrow(/two columns would be named "theta"/)
  })
})
