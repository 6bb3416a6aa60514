/**
 * A private redis-server for the job queue's tests and benchmarks: on a free
 * loopback port, without persistence, in a temporary folder that `stop`
 * removes. Optionally with a password, and with TLS only (the certificate
 * files are the caller's, e.g. from `selfSignedCertificate`).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, writeFileSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { delimiter, join } from "node:path"

/** The path of a program on PATH, or null. */
export const findProgram = (name: string): string | null =>
  (process.env.PATH ?? "")
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path)) ?? null

export interface LocalRedis {
  /** `redis://127.0.0.1:<port>` (or `rediss://` with TLS), without the password. */
  readonly url: string
  readonly port: number
  readonly stop: () => Promise<void>
}

export interface TlsFiles {
  readonly cert: string
  readonly key: string
  readonly ca: string
}

export interface LocalRedisOptions {
  readonly password?: string
  readonly tls?: TlsFiles
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))))
    })
  })

const readyWithin = (child: ChildProcess, ms: number): Promise<void> =>
  new Promise((resolve, reject) => {
    let output = ""
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${ms} ms:\n${output}`)), ms)
    child.stdout?.on("data", (data: Buffer) => {
      output += data.toString()
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with status ${code}:\n${output}`))
    })
  })

export const startLocalRedis = async (options: LocalRedisOptions = {}): Promise<LocalRedis> => {
  const program = findProgram("redis-server")
  if (program === null) throw new Error("redis-server is not installed (Debian: apt-get install redis-server)")
  const dir = await mkdtemp(join(tmpdir(), "hhml-redis-"))
  const port = await freePort()
  const listen = options.tls === undefined
    ? ["--port", String(port)]
    : ["--port", "0", "--tls-port", String(port), "--tls-cert-file", options.tls.cert, "--tls-key-file", options.tls.key, "--tls-ca-cert-file", options.tls.ca, "--tls-auth-clients", "no"]
  const child = spawn(
    program,
    [...listen, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...(options.password === undefined ? [] : ["--requirepass", options.password])],
    { stdio: ["ignore", "pipe", "inherit"] },
  )
  try {
    await readyWithin(child, 10_000)
  } catch (error) {
    child.kill("SIGKILL")
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  return {
    url: `${options.tls === undefined ? "redis" : "rediss"}://127.0.0.1:${port}`,
    port,
    stop: async () => {
      child.kill("SIGTERM")
      await exited
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A certificate authority and a server certificate for 127.0.0.1 it signed, made by openssl in `dir`. */
export const selfSignedCertificate = (dir: string): TlsFiles => {
  const files = { ca: join(dir, "ca.pem"), caKey: join(dir, "ca.key"), key: join(dir, "server.key"), csr: join(dir, "server.csr"), cert: join(dir, "server.pem") }
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" })
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=hhml test CA", "-keyout", files.caKey, "-out", files.ca)
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", files.key, "-out", files.csr)
  const extensions = join(dir, "server.ext")
  writeFileSync(extensions, "subjectAltName=IP:127.0.0.1\n")
  openssl("x509", "-req", "-in", files.csr, "-CA", files.ca, "-CAkey", files.caKey, "-CAcreateserial", "-days", "1", "-extfile", extensions, "-out", files.cert)
  return { cert: files.cert, key: files.key, ca: files.ca }
}
