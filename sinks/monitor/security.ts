/**
 * The tap's security model: a per-run secret token on every connection
 * (compared in constant time), an allowlist of browser origins (by default
 * the server's own), and a token bucket on what each client sends.
 *
 * The token comes from the operating system's CSPRNG, not from the run's Prng:
 * it must be unpredictable, and it has no part in the results.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { hostname, networkInterfaces } from "node:os"

/** 192 random bits, URL-safe. */
export const generateToken = (): string => randomBytes(24).toString("base64url")

const tokenPattern = /^[A-Za-z0-9._~-]{16,256}$/

/** Why a user-chosen token is unacceptable, or null when it is fine. */
export const tokenProblem = (token: string): string | null =>
  tokenPattern.test(token) ? null : `expected 16 to 256 characters from A-Z a-z 0-9 . _ ~ -, got ${token.length} characters${/^[A-Za-z0-9._~-]*$/.test(token) ? "" : " including others"}`

const digest = (text: string) => createHash("sha256").update(text).digest()

/** Whether `given` is the token, in time independent of where they differ. */
export const tokenMatches = (given: string | null, token: string): boolean => given !== null && timingSafeEqual(digest(given), digest(token))

const loopbackHosts = ["127.0.0.1", "localhost", "[::1]"]

const isWildcard = (host: string) => host === "0.0.0.0" || host === "::" || host === "[::]"

const urlHost = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host)

/**
 * The origins a dashboard served by this server has: the loopback names, the
 * bound host, and for a wildcard bind every interface address and the host
 * name. A page from anywhere else (including a DNS-rebound name) is refused.
 */
export const ownOrigins = (host: string, port: number): string[] => {
  const hosts = new Set(loopbackHosts)
  if (isWildcard(host)) {
    hosts.add(hostname())
    for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) hosts.add(urlHost(address.address))
  } else hosts.add(urlHost(host))
  return [...hosts].map((h) => `http://${h}:${port}`)
}

/** Whether a request's Origin header may connect: absent (not a browser; the token still applies) or listed. */
export const originAllowed = (origin: string | undefined, allowed: ReadonlySet<string>): boolean => origin === undefined || allowed.has(origin)

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export class RateLimiter {
  private tokens: number
  private last: number

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst
    this.last = now
  }

  /** Takes one message's worth; false when the client has sent too many. */
  allow(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
