/**
 * Where a running job's tap can be found: `monitor.json` in the run directory
 * (address, no secret) and `monitor.token` beside it, readable only by the
 * user who started the run (mode 0600). `hhml monitor <run-id>` reads both;
 * both are removed when the tap stops.
 */
import { chmod, readFile, rename, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Effect, type Scope } from "effect"
import { errorMessage } from "../../stages/stage.js"
import { MonitorError, type MonitorTap } from "./tap.js"

export const monitorAddressFile = "monitor.json"
export const monitorTokenFile = "monitor.token"

export interface MonitorAddress {
  readonly version: 1
  /** The dashboard, without the token. */
  readonly url: string
  /** The live stream, without the token. */
  readonly websocket: string
  readonly host: string
  readonly port: number
  readonly pid: number
  readonly startedAt: string
}

const withoutToken = (url: string) => url.replace(/\?token=.*$/, "")

const writePrivate = async (path: string, contents: string) => {
  const temporary = `${path}.tmp-${process.pid}`
  await writeFile(temporary, contents, { mode: 0o600 })
  // The mode given at creation is reduced by the umask; the token must stay private whatever the umask.
  await chmod(temporary, 0o600)
  await rename(temporary, path)
}

const remove = (runPath: string) =>
  Effect.promise(() => Promise.all([rm(join(runPath, monitorAddressFile), { force: true }), rm(join(runPath, monitorTokenFile), { force: true })]))

/** Writes the tap's address and token into the run directory for as long as the scope is open. */
export const publishMonitorAddress = (runPath: string, tap: MonitorTap): Effect.Effect<void, MonitorError, Scope.Scope> => {
  const address: MonitorAddress = {
    version: 1,
    url: withoutToken(tap.url),
    websocket: withoutToken(tap.websocketUrl),
    host: tap.host,
    port: tap.port,
    pid: process.pid,
    startedAt: new Date().toISOString(),
  }
  return Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        await writePrivate(join(runPath, monitorTokenFile), `${tap.token}\n`)
        await writePrivate(join(runPath, monitorAddressFile), `${JSON.stringify(address, null, 2)}\n`)
      },
      catch: (error) => new MonitorError({ message: `cannot write the monitor address into ${runPath}: ${errorMessage(error)}` }),
    }),
    () => remove(runPath),
  )
}

/** The address and token of a run's tap, or null when the run has none (never had, or it stopped). */
export const readMonitorAddress = async (runPath: string): Promise<{ readonly address: MonitorAddress; readonly token: string } | null> => {
  let address: string
  try {
    address = await readFile(join(runPath, monitorAddressFile), "utf8")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null
    throw error
  }
  const token = (await readFile(join(runPath, monitorTokenFile), "utf8")).trim()
  return { address: JSON.parse(address) as MonitorAddress, token }
}
