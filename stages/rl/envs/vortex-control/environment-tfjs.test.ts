import * as tf from "@tensorflow/tfjs"
import { beforeAll, describe, expect, it } from "vitest"
import { initBackend } from "../../../compute/backend.js"
import { testEnvironment } from "./testing.js"

beforeAll(async () => {
  await initBackend("cpu")
})

const controls = ["driveAmplitude", "wavenumber", "phaseWinding", "twistHolonomy", "gain", "vortexSeeding", "pairAnnihilation"]
const act = (i: number) => Float64Array.from(controls, (_, j) => Math.sin(1.7 * i + j))

describe("vortex-control environment on the tfjs kernel", () => {
  it("holds no more tensors after many steps, resets and a load than after its first step, and none after dispose", async () => {
    const before = tf.memory().numTensors
    const env = await testEnvironment({ environment: { controls, episodeLength: 5 } }, "tfjs")
    env.reset(1)
    env.step(act(0))
    const held = tf.memory().numTensors
    for (let episode = 0; episode < 4; episode++) {
      env.reset(episode)
      for (let i = 0; i < 5; i++) env.step(act(i))
    }
    env.reset(9)
    env.step(act(1))
    env.load(env.state())
    env.step(act(2))
    expect(tf.memory().numTensors).toBe(held)
    env.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  it("gives the js kernel's vortex densities within tolerance over a short episode", async () => {
    const js = await testEnvironment({ environment: { controls, episodeLength: 4 } }, "js")
    const tfjs = await testEnvironment({ environment: { controls, episodeLength: 4 } }, "tfjs")
    const densities = (env: typeof js) => {
      env.reset(3)
      return [0, 1, 2, 3].map((i) => env.step(act(i)).info.metrics!.vortexDensity!)
    }
    const a = densities(js)
    const b = densities(tfjs)
    a.forEach((d, i) => expect(Math.abs(d - b[i]!)).toBeLessThanOrEqual(0.02))
    js.dispose()
    tfjs.dispose()
  })

  it("state()/load() continues bit for bit on the tfjs kernel", async () => {
    const env = await testEnvironment({ environment: { controls, episodeLength: 8 } }, "tfjs")
    env.reset(4)
    for (let i = 0; i < 3; i++) env.step(act(i))
    const saved = JSON.parse(JSON.stringify(env.state()))
    const direct = [3, 4, 5].map((i) => env.step(act(i)))
    env.load(saved)
    const resumed = [3, 4, 5].map((i) => env.step(act(i)))
    expect(resumed.map((r) => [Array.from(r.observation), r.reward])).toEqual(direct.map((r) => [Array.from(r.observation), r.reward]))
    env.dispose()
  })
})
