/**
 * The `hhml` command as tests run it: a real child process on the sources,
 * as a user runs it, with its output collected.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"
import { projectRoot } from "../project.js"

const main = join(projectRoot, "pipelines", "cli", "main.ts")

export interface HhmlExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

export interface HhmlProcess {
  readonly child: ChildProcess
  /** What the process has written so far. */
  readonly stdout: () => string
  readonly stderr: () => string
  /** Both streams, interleaved as they arrived. */
  readonly output: () => string
  readonly exited: Promise<HhmlExit>
}

export interface HhmlResult extends HhmlExit {
  readonly stdout: string
  readonly stderr: string
  readonly output: string
}

export const startHhml = (args: readonly string[], options: { readonly env?: Readonly<Record<string, string>> } = {}): HhmlProcess => {
  const child = spawn(process.execPath, ["--import", "tsx", main, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let stdout = ""
  let stderr = ""
  let output = ""
  child.stdout?.on("data", (data: Buffer) => {
    stdout += data.toString()
    output += data.toString()
  })
  child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString()
    output += data.toString()
  })
  const exited = new Promise<HhmlExit>((resolve, reject) => {
    child.on("error", reject)
    child.on("close", (code, signal) => resolve({ code, signal }))
  })
  return { child, stdout: () => stdout, stderr: () => stderr, output: () => output, exited }
}

/** Waits for the process to exit and returns what it wrote. */
export const finished = async (running: HhmlProcess): Promise<HhmlResult> => {
  const exit = await running.exited
  return { ...exit, stdout: running.stdout(), stderr: running.stderr(), output: running.output() }
}

export const hhml = (...args: string[]): Promise<HhmlResult> => finished(startHhml(args))
