import { describe, expect, it } from "vitest"
import { closeReason, parseControlMessage } from "./protocol.js"
import { frameFieldSnapshot, numericFields } from "./view.js"
import { ringLattice } from "../../stages/simulation/lattice/index.js"

describe("parseControlMessage", () => {
  it("accepts the documented control messages", () => {
    expect(parseControlMessage('{"v":1,"type":"ping"}')).toEqual({ ok: true, message: { type: "ping", id: null } })
    expect(parseControlMessage('{"v":1,"type":"ping","id":7}')).toEqual({ ok: true, message: { type: "ping", id: 7 } })
    expect(parseControlMessage('{"v":1,"type":"configure","fieldFps":2.5,"events":false}')).toEqual({
      ok: true,
      message: { type: "configure", fieldFps: 2.5, events: false },
    })
    expect(parseControlMessage('{"v":1,"type":"configure"}')).toEqual({ ok: true, message: { type: "configure" } })
  })

  it("rejects anything else with a reason naming what is wrong", () => {
    const reasons: Array<[string, string]> = [
      ["{not json", "malformed JSON"],
      ["[1,2]", "expected a JSON object, got [1,2]"],
      ['"ping"', 'expected a JSON object, got "ping"'],
      ['{"type":"ping"}', "v: expected 1, got undefined"],
      ['{"v":2,"type":"ping"}', "v: expected 1, got 2"],
      ['{"v":1,"type":"subscribe"}', 'unknown message type "subscribe"; expected ping or configure'],
      ['{"v":1}', "unknown message type undefined; expected ping or configure"],
      ['{"v":1,"type":"ping","id":"x"}', 'ping.id: expected an integer, got "x"'],
      ['{"v":1,"type":"ping","extra":1}', 'ping: unknown field "extra"'],
      ['{"v":1,"type":"configure","fieldFps":1000}', "configure.fieldFps: expected a number from 0 to 60, got 1000"],
      ['{"v":1,"type":"configure","fieldFps":-1}', "configure.fieldFps: expected a number from 0 to 60, got -1"],
      ['{"v":1,"type":"configure","events":"yes"}', 'configure.events: expected true or false, got "yes"'],
      ['{"v":1,"type":"configure","token":"abc"}', 'configure: unknown field "token"'],
    ]
    for (const [text, reason] of reasons) expect(parseControlMessage(text)).toEqual({ ok: false, reason })
  })

  it("keeps reasons short enough for a websocket close frame (123 bytes of UTF-8)", () => {
    for (const type of ["x".repeat(5000), "😀".repeat(500), "é".repeat(200)]) {
      const parsed = parseControlMessage(JSON.stringify({ v: 1, type }))
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) expect(Buffer.byteLength(closeReason(parsed.reason))).toBeLessThanOrEqual(123)
    }
    expect(closeReason("short")).toBe("short")
    const cut = closeReason("😀".repeat(100))
    expect(cut).toBe(`${"😀".repeat(30)}...`)
  })
})

describe("the generic monitor view", () => {
  it("takes every finite top-level number and the numbers of objects of scalars one level down, as null when not finite", () => {
    const record = {
      cycle: 4,
      reward: -1.5,
      episode: 2,
      done: true,
      name: "x",
      losses: { actor: 0.25, critic: Number.NaN, note: "n" },
      deep: { inner: { ignored: 1 } },
      lattice: { nodeCount: 3, chart: new Float64Array(6) },
      observation: new Float64Array([1, 2]),
      list: [1, 2],
      infinite: Number.POSITIVE_INFINITY,
    }
    expect(numericFields(record)).toEqual({ reward: -1.5, episode: 2, "losses.actor": 0.25, "losses.critic": null, infinite: null })
    expect(numericFields(null)).toEqual({})
    expect(numericFields(new Map())).toEqual({})
  })

  it("finds the field of a record that carries a simulation frame's lattice and field, and nothing else", () => {
    const lattice = ringLattice({ nodes: 5 })
    const field = { re: new Float64Array(5), im: new Float64Array(5) }
    const charges = new Int32Array(0)
    expect(frameFieldSnapshot({ cycle: 0, lattice, field, vortices: { charges } })).toEqual({ lattice, field, charges })
    expect(frameFieldSnapshot({ cycle: 0, lattice, field })).toEqual({ lattice, field })
    expect(frameFieldSnapshot({ cycle: 0, lattice, field: { re: new Float64Array(4), im: new Float64Array(4) } })).toBeNull()
    expect(frameFieldSnapshot({ cycle: 0, reward: 1 })).toBeNull()
  })
})
