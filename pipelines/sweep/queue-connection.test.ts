/**
 * The queue URL and its secrets: parsing, the password's sources and their
 * order, redaction (no message or shown URL ever holds the password), and
 * real connections to a private redis-server with a password and with TLS.
 */
import { mkdtemp, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Either } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type LocalRedis, findProgram, selfSignedCertificate, startLocalRedis } from "./local-redis.js"
import { type QueueFlags, passwordVariable, probeQueue, queueTarget, redact, redactUrl } from "./queue-connection.js"

const parse = (flags: QueueFlags, env: NodeJS.ProcessEnv = {}) => Effect.runSync(Effect.either(queueTarget(flags, env)))
const target = (flags: QueueFlags, env: NodeJS.ProcessEnv = {}) => Either.getOrThrow(parse(flags, env))
const failure = (flags: QueueFlags, env: NodeJS.ProcessEnv = {}) => {
  const result = parse(flags, env)
  if (Either.isRight(result)) throw new Error("expected a QueueConnectionError")
  return result.left
}

describe("queue URLs", () => {
  it("read host, port, database, user and TLS", () => {
    expect(target({ queue: "redis://10.1.2.3:6380/2" })).toMatchObject({ host: "10.1.2.3", port: 6380, db: 2, tls: false, display: "redis://10.1.2.3:6380/2", queueName: "hhml-sweeps" })
    expect(target({ queue: "rediss://worker@queue.example:7000", queueName: "lab-1" })).toMatchObject({
      host: "queue.example",
      port: 7000,
      db: 0,
      username: "worker",
      tls: true,
      display: "rediss://worker@queue.example:7000",
      queueName: "lab-1",
    })
    expect(target({ queue: "redis://[::1]" })).toMatchObject({ host: "::1", port: 6379 })
  })

  it("take the password from the file, else the environment, else the URL", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hhml-secret-"))
    const file = join(dir, "password")
    await writeFile(file, "from-file\n")
    const url = "redis://:from%20url@h:1"
    expect(target({ queue: url }).password).toBe("from url")
    expect(target({ queue: url }, { [passwordVariable]: "from-env" }).password).toBe("from-env")
    expect(target({ queue: url, queuePasswordFile: file }, { [passwordVariable]: "from-env" }).password).toBe("from-file")
    expect(target({ queue: "redis://h" }).password).toBeUndefined()
    for (const t of [target({ queue: url }), target({ queue: url, queuePasswordFile: file })]) expect(t.display).toBe("redis://h:1")
  })

  it("reject bad URLs and options as usage errors, naming the flag", () => {
    const cases: Array<[QueueFlags, string]> = [
      [{ queue: "http://h:1" }, "--queue http://h:1: expected the scheme redis:// or rediss:// (TLS), got http://"],
      [{ queue: "h:6379" }, "expected the scheme redis://"],
      [{ queue: "not a url" }, "--queue not a url: expected a URL redis://[user@]host[:port][/db]"],
      [{ queue: "redis://h/x" }, "expected a database number after the host (/0, /1, ...), got /x"],
      [{ queue: "redis://h?tls=1" }, "expected no query or fragment"],
      [{ queue: "redis://h", queueCa: "/ca.pem" }, "--queue-ca needs a rediss:// (TLS) URL, got redis://h"],
      [{ queue: "redis://h", queueName: "a b" }, '--queue-name: expected letters, digits, \'.\', \'_\' or \'-\', got "a b"'],
      [{ queue: "redis://h", queuePasswordFile: "/nonexistent/password" }, "--queue-password-file /nonexistent/password: cannot read it"],
    ]
    for (const [flags, message] of cases) {
      const error = failure(flags)
      expect(error.message, flags.queue).toContain(message)
      expect(error.usage).toBe(true)
    }
  })

  it("never show the password: not in the shown URL, not in errors about the URL, not in redacted text", () => {
    const password = fc.string({ minLength: 4, maxLength: 24 }).filter((p) => p.trim() === p && !/[\s]/.test(p))
    fc.assert(
      fc.property(password, fc.string(), (secret, text) => {
        const url = `redis://user:${encodeURIComponent(secret)}@queue.example:6379`
        const t = target({ queue: url })
        expect(t.password).toBe(secret)
        expect(t.display).toBe("redis://user@queue.example:6379")
        const message = redact(t, `${text} ${url} ${secret} ${text}`)
        expect(message).not.toContain(secret)
        expect(message).not.toContain(encodeURIComponent(secret))
        const bad = failure({ queue: `${url}?x` }).message
        expect(bad).not.toContain(secret)
      }),
    )
    expect(redactUrl("redis://u:s3cret@h:1 and more")).toBe("redis://u:***@h:1 and more")
    expect(failure({ queue: "redis://:s3cret@h:1/zz" }).message).not.toContain("s3cret")
    expect(failure({ queue: "rediss://:s3cret@bad host" }).message).not.toContain("s3cret")
  })
})

const redisServer = findProgram("redis-server")
if (redisServer === null) console.warn("queue-connection.test.ts: skipping the live connection tests: redis-server is not installed (apt-get install redis-server)")

describe.skipIf(redisServer === null)("connecting to a redis-server", () => {
  const secret = "correct horse battery staple"
  let redis: LocalRedis
  beforeAll(async () => {
    redis = await startLocalRedis({ password: secret })
  })
  afterAll(() => redis?.stop())

  const probe = (flags: QueueFlags, env: NodeJS.ProcessEnv = {}) => Effect.runPromise(Effect.either(Effect.flatMap(queueTarget(flags, env), probeQueue)))

  it("connects with the right password", async () => {
    expect(Either.isRight(await probe({ queue: redis.url }, { [passwordVariable]: secret }))).toBe(true)
  })

  it("fails with a clear message, without the password, for a wrong password, a missing one, or nothing listening", async () => {
    const wrong = await probe({ queue: redis.url }, { [passwordVariable]: `not ${secret}` })
    expect(Either.isLeft(wrong) && wrong.left.message).toMatch(new RegExp(`^cannot reach the job queue at ${redis.url}: WRONGPASS`))
    expect(Either.isLeft(wrong) && wrong.left.message).not.toContain(secret)
    expect(Either.isLeft(wrong) && wrong.left.usage).toBe(false)
    const missing = await probe({ queue: redis.url })
    expect(Either.isLeft(missing) && missing.left.message).toContain("NOAUTH")
    const closed = await probe({ queue: "redis://127.0.0.1:1" })
    expect(Either.isLeft(closed) && closed.left.message).toMatch(/^cannot reach the job queue at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/)
  })
})

const openssl = findProgram("openssl")
if (redisServer !== null && openssl === null) console.warn("queue-connection.test.ts: skipping the TLS test: openssl is not installed")

describe.skipIf(redisServer === null || openssl === null)("connecting over TLS", () => {
  let redis: LocalRedis
  let ca: string
  beforeAll(async () => {
    const files = selfSignedCertificate(await mkdtemp(join(tmpdir(), "hhml-tls-")))
    ca = files.ca
    redis = await startLocalRedis({ tls: files })
  })
  afterAll(() => redis?.stop())

  it("connects to rediss:// trusting the given certificate authority, and refuses an unknown one", async () => {
    expect(redis.url.startsWith("rediss://")).toBe(true)
    const trusted = await Effect.runPromise(Effect.either(Effect.flatMap(queueTarget({ queue: redis.url, queueCa: ca }), probeQueue)))
    expect(trusted).toEqual(Either.right(undefined))
    const untrusted = await Effect.runPromise(Effect.either(Effect.flatMap(queueTarget({ queue: redis.url }), probeQueue)))
    expect(Either.isLeft(untrusted) && untrusted.left.message).toMatch(/certificate/)
  })
})
