/* global WebSocket */
/**
 * The dashboard's connection to the tap, in RxJS: one websocket per
 * subscription, re-opened with exponential backoff (0.5 s doubling to 30 s,
 * reset once messages flow) until the server says the run has ended.
 * Connection states go to `status` for the indicator.
 */
import { decodeFieldFrame } from "./protocol.js"

const { BehaviorSubject, Observable, defer, retry, timer } = globalThis.rxjs

const firstDelayMs = 500
const maxDelayMs = 30_000

/** Close codes after which reconnecting cannot help: the server rejected what this page sent. */
const permanentCodes = new Set([1003, 1007, 1009, 4400, 4429])

export const backoffMs = (attempt) => Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1))

const socket = (url, status) =>
  new Observable((subscriber) => {
    const ws = new WebSocket(url)
    ws.binaryType = "arraybuffer"
    let opened = false
    status.next({ state: "connecting" })
    ws.onopen = () => {
      opened = true
      status.next({ state: "live" })
    }
    ws.onmessage = (event) => {
      try {
        subscriber.next(typeof event.data === "string" ? JSON.parse(event.data) : { type: "frame", frame: decodeFieldFrame(event.data) })
      } catch (error) {
        subscriber.error({ code: 0, reason: `cannot read a message: ${error.message}`, opened })
      }
    }
    ws.onclose = (event) => {
      if (event.code === 1000) subscriber.complete()
      else subscriber.error({ code: event.code, reason: event.reason, opened })
    }
    return () => {
      ws.onclose = null
      ws.onmessage = null
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, "page closed")
    }
  })

/**
 * The messages of the tap at `url`, across reconnections; completes when the
 * run ends. `status` receives { state: connecting | live | reconnecting |
 * ended | failed, ... }.
 */
export const liveMessages = (url) => {
  const status = new BehaviorSubject({ state: "connecting" })
  const messages = defer(() => socket(url, status)).pipe(
    retry({
      resetOnSuccess: true,
      delay: (error, attempt) => {
        if (permanentCodes.has(error.code)) {
          status.next({ state: "failed", reason: `${error.code} ${error.reason}` })
          throw error
        }
        const delay = backoffMs(attempt)
        const why = error.opened ? `connection lost (${error.code}${error.reason ? ` ${error.reason}` : ""})` : "cannot connect: is the run still going, and is the token right?"
        status.next({ state: "reconnecting", delay, attempt, reason: why })
        return timer(delay)
      },
    }),
  )
  return { messages, status }
}
