/**
 * The files the tap serves over HTTP: the dashboard (sinks/monitor/dashboard/)
 * and the libraries it uses, read from node_modules, so a browser needs no
 * network beyond this server. The table of paths is fixed when the server
 * starts; nothing else on disk can be requested.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, extname, join } from "node:path"
import { fileURLToPath } from "node:url"

export interface StaticFile {
  readonly body: Buffer
  readonly contentType: string
}

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
}

const here = dirname(fileURLToPath(import.meta.url))

/** The dashboard folder beside this module in the sources, or in the package root when running from dist/. */
export const dashboardDirectory = (): string => {
  const candidates = [join(here, "dashboard"), join(here, "..", "..", "..", "sinks", "monitor", "dashboard")]
  const found = candidates.find((candidate) => existsSync(join(candidate, "index.html")))
  if (found === undefined) throw new Error(`cannot find the dashboard files (index.html) in ${candidates.join(" or ")}`)
  return found
}

const require = createRequire(import.meta.url)

/** The bundled libraries the dashboard loads from /vendor/. */
const vendorFiles = (): Record<string, string> => {
  const rxjs = dirname(require.resolve("rxjs/package.json"))
  return {
    "/vendor/uPlot.esm.js": require.resolve("uplot/dist/uPlot.esm.js"),
    "/vendor/uPlot.min.css": require.resolve("uplot/dist/uPlot.min.css"),
    "/vendor/rxjs.umd.min.js": join(rxjs, "dist", "bundles", "rxjs.umd.min.js"),
  }
}

const load = (path: string): StaticFile => ({ body: readFileSync(path), contentType: contentTypes[extname(path)] ?? "application/octet-stream" })

/** Every path the server answers, with its contents. */
export const staticFiles = (): ReadonlyMap<string, StaticFile> => {
  const directory = dashboardDirectory()
  const files = new Map<string, StaticFile>()
  for (const name of readdirSync(directory).filter((n) => extname(n) in contentTypes)) files.set(`/${name}`, load(join(directory, name)))
  files.set("/", files.get("/index.html")!)
  for (const [path, file] of Object.entries(vendorFiles())) files.set(path, load(file))
  return files
}
