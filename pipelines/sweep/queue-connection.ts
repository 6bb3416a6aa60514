/**
 * Where the job queue lives: a Redis server named by a URL,
 * `redis://[user@]host[:port][/db]` or `rediss://...` for TLS. The password
 * comes from `--queue-password-file`, else the `HHML_QUEUE_PASSWORD`
 * environment variable, else the URL itself; it is never printed: every URL
 * shown is redacted, and every message that leaves this module has the
 * password replaced by `***`. Job payloads never carry it: each worker
 * brings its own.
 */
import { readFileSync } from "node:fs"
import { isIP } from "node:net"
import { Data, Effect } from "effect"
import type { RedisOptions } from "bullmq"
import { Redis } from "ioredis"
import { errorMessage } from "../../stages/stage.js"

export class QueueConnectionError extends Data.TaggedError("QueueConnectionError")<{
  readonly message: string
  /** A bad URL or option (exit 2) rather than a server that cannot be reached (exit 1). */
  readonly usage: boolean
}> {}

export const passwordVariable = "HHML_QUEUE_PASSWORD"
export const defaultQueueName = "hhml-sweeps"

export interface QueueTarget {
  /** The URL without user info: safe to print and to store. */
  readonly display: string
  readonly host: string
  readonly port: number
  readonly db: number
  readonly username?: string
  readonly password?: string
  readonly tls: boolean
  /** PEM certificate(s) of the certificate authority to trust for TLS, instead of the system's. */
  readonly ca?: string
  /** BullMQ queue name. */
  readonly queueName: string
}

export interface QueueFlags {
  readonly queue: string
  readonly queuePasswordFile?: string
  readonly queueCa?: string
  readonly queueName?: string
}

const usage = (message: string) => new QueueConnectionError({ message, usage: true })

/** The URL with any password replaced by `***`, for messages about a URL that may not even parse. */
export const redactUrl = (text: string): string => text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/i, "$1:***@")

const readSecret = (file: string): string => {
  try {
    return readFileSync(file, "utf8").replace(/\r?\n$/, "")
  } catch (error) {
    throw usage(`--queue-password-file ${file}: cannot read it: ${errorMessage(error)}`)
  }
}

const readCa = (file: string): string => {
  try {
    return readFileSync(file, "utf8")
  } catch (error) {
    throw usage(`--queue-ca ${file}: cannot read it: ${errorMessage(error)}`)
  }
}

const parseTarget = (flags: QueueFlags, env: NodeJS.ProcessEnv): QueueTarget => {
  const shown = redactUrl(flags.queue)
  let url: URL
  try {
    url = new URL(flags.queue)
  } catch {
    throw usage(`--queue ${shown}: expected a URL redis://[user@]host[:port][/db] or rediss://... (TLS)`)
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw usage(`--queue ${shown}: expected the scheme redis:// or rediss:// (TLS), got ${url.protocol}//`)
  if (url.hostname === "") throw usage(`--queue ${shown}: expected a host name`)
  const db = url.pathname === "" || url.pathname === "/" ? 0 : Number(url.pathname.slice(1))
  if (!Number.isSafeInteger(db) || db < 0) throw usage(`--queue ${shown}: expected a database number after the host (/0, /1, ...), got ${url.pathname}`)
  if (url.search !== "" || url.hash !== "") throw usage(`--queue ${shown}: expected no query or fragment; give options as flags (--queue-ca, --queue-password-file)`)
  const tls = url.protocol === "rediss:"
  if (flags.queueCa !== undefined && !tls) throw usage(`--queue-ca needs a rediss:// (TLS) URL, got ${shown}`)
  const queueName = flags.queueName ?? defaultQueueName
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(queueName)) throw usage(`--queue-name: expected letters, digits, '.', '_' or '-', got ${JSON.stringify(queueName)}`)
  const password =
    flags.queuePasswordFile !== undefined
      ? readSecret(flags.queuePasswordFile)
      : (env[passwordVariable] ?? (url.password === "" ? undefined : decodeURIComponent(url.password)))
  const username = url.username === "" ? undefined : decodeURIComponent(url.username)
  const port = url.port === "" ? 6379 : Number(url.port)
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1")
  return {
    display: `${url.protocol}//${username === undefined ? "" : `${url.username}@`}${url.host}${db === 0 ? "" : `/${db}`}`,
    host,
    port,
    db,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined || password === "" ? {} : { password }),
    tls,
    ...(flags.queueCa === undefined ? {} : { ca: readCa(flags.queueCa) }),
    queueName,
  }
}

/** The queue target from the command's flags and the environment; fails naming the flag at fault. */
export const queueTarget = (flags: QueueFlags, env: NodeJS.ProcessEnv = process.env): Effect.Effect<QueueTarget, QueueConnectionError> =>
  Effect.try({
    try: () => parseTarget(flags, env),
    catch: (error) => (error instanceof QueueConnectionError ? error : usage(redactUrl(errorMessage(error)))),
  })

/** `text` with the target's password replaced by `***` (raw and URL-encoded). */
export const redact = (target: QueueTarget, text: string): string => {
  const secret = target.password
  if (secret === undefined) return redactUrl(text)
  return redactUrl(text.split(secret).join("***").split(encodeURIComponent(secret)).join("***"))
}

/** ioredis options for the target (BullMQ creates its connections from these). */
export const redisOptions = (target: QueueTarget): RedisOptions => ({
  host: target.host,
  port: target.port,
  db: target.db,
  ...(target.username === undefined ? {} : { username: target.username }),
  ...(target.password === undefined ? {} : { password: target.password }),
  // TLS names a server by host name only (RFC 6066); an IP address is checked against the certificate as is.
  ...(target.tls ? { tls: { ...(isIP(target.host) === 0 ? { servername: target.host } : {}), ...(target.ca === undefined ? {} : { ca: target.ca }) } } : {}),
  connectTimeout: 10_000,
  // BullMQ's workers block on Redis and must retry forever rather than fail a command.
  maxRetriesPerRequest: null,
})

/** Connects once and pings, so a wrong host, port, password or certificate fails at once with a clear message. */
export const probeQueue = (target: QueueTarget): Effect.Effect<void, QueueConnectionError> =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      const client = new Redis({ ...redisOptions(target), lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null })
      // connect() itself rejects with "Connection is closed"; the reason (refused, WRONGPASS, certificate) comes as an event.
      const probe = { client, reason: undefined as unknown }
      client.on("error", (error: unknown) => {
        probe.reason ??= error
      })
      return probe
    }),
    (probe) =>
      Effect.tryPromise({
        try: async () => {
          await probe.client.connect()
          await probe.client.ping()
        },
        catch: (error) =>
          new QueueConnectionError({ message: redact(target, `cannot reach the job queue at ${target.display}: ${errorMessage(probe.reason ?? error)}`), usage: false }),
      }),
    (probe) => Effect.sync(() => probe.client.disconnect()),
  )
