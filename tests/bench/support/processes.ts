/**
 * Starts the servers the bench measures as their own processes, and reads their
 * resident memory and CPU time from /proc. The project's server runs exactly as
 * `./codev start` runs it (apps/server/src/main.ts, a temporary data folder).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { setPriority, tmpdir } from 'node:os'
import path from 'node:path'
import { SERVER_NODE_FLAGS } from '@codev/server/nodeFlags'
import { freePort, REPO_ROOT } from '../../e2e/support/serverProcess.ts'

const START_TIMEOUT_MS = 20_000
/**
 * The checkout whose server is measured: this one, or CODEV_BENCH_REPO (e.g. a clean
 * `git worktree` of a commit, to measure it apart from work in progress).
 */
export const SERVER_REPO = process.env.CODEV_BENCH_REPO ?? REPO_ROOT
const CLOCK_TICKS_PER_S = 100

export interface BenchServer {
  readonly url: string
  pid(): number
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
}

function keepTail(child: ChildProcess) {
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8192)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => output
}

function stopper(getChild: () => ChildProcess | null, clear: () => void) {
  return async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const running = getChild()
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill(signal)
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
    clear()
  }
}

/** Node flags from an environment variable, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'. */
export const nodeArgsFrom = (variable: string) =>
  (process.env[variable] ?? '').split(' ').filter(Boolean)

/** CODEV_BENCH_SERVER_NODE_ARGS: flags for the servers (the project's and the baselines). */
const serverNodeArgs = () => nodeArgsFrom('CODEV_BENCH_SERVER_NODE_ARGS')

/** A baseline script of tests/bench/servers that prints `listening <port>`. */
export async function startBaseline(script: string): Promise<BenchServer> {
  const scriptPath = path.join(import.meta.dirname, '../servers', script)
  const child = spawn(process.execPath, [...serverNodeArgs(), scriptPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const tail = keepTail(child)
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start:\n${tail()}`)),
      START_TIMEOUT_MS,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString())
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('exit', () => reject(new Error(`${script} exited:\n${tail()}`)))
  })
  let current: ChildProcess | null = child
  return {
    url: `http://127.0.0.1:${port}`,
    pid: () => current?.pid ?? 0,
    stop: stopper(
      () => current,
      () => {
        current = null
      },
    ),
  }
}

export interface ProjectServer extends BenchServer {
  readonly dataDir: string
  start(): Promise<void>
}

/** The project's server with everything on; restartable on the same port and data. */
export async function projectServer(options: { web?: boolean } = {}): Promise<ProjectServer> {
  const port = await freePort()
  // CODEV_BENCH_DATA_PARENT=/dev/shm measures the server without the disk's fsync cost.
  const dataDir = mkdtempSync(
    path.join(process.env.CODEV_BENCH_DATA_PARENT ?? tmpdir(), 'codev-bench-'),
  )
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  return {
    url,
    dataDir,
    async start() {
      const main = path.join(SERVER_REPO, 'apps/server/src/main.ts')
      child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...serverNodeArgs(), main], {
        env: {
          ...process.env,
          CODEV_PORT: String(port),
          CODEV_DATA_DIR: dataDir,
          CODEV_LOG_LEVEL: 'warn',
          CODEV_WEB_DIST: options.web
            ? path.join(SERVER_REPO, 'apps/web/dist')
            : path.join(dataDir, 'no-web'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const tail = keepTail(child)
      const deadline = Date.now() + START_TIMEOUT_MS
      for (;;) {
        try {
          if ((await fetch(`${url}/healthz`)).ok) return
        } catch {
          // not listening yet
        }
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`server did not start:\n${tail()}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    pid: () => child?.pid ?? 0,
    stop: stopper(
      () => child,
      () => {
        child = null
      },
    ),
  }
}

/**
 * Lets a process run only on CPU time that no other process wants: Linux's
 * SCHED_IDLE, through util-linux's `chrt`, for all its threads. A bulk load process
 * stands for other machines' browsers; at a nice level it still took the server's
 * and the probe's cores for a scheduler slice when they woke (decision 0013).
 * `CODEV_BENCH_BULK_NICE=N` sets that nice level instead (sessions 5 and 6 ran at 10).
 * Returns the policy it set.
 */
export function runOnIdleCpuOnly(pid: number): string {
  const nice = process.env.CODEV_BENCH_BULK_NICE
  if (nice === undefined) {
    try {
      execFileSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(pid)], { stdio: 'pipe' })
      return 'SCHED_IDLE'
    } catch {
      // no chrt here: the lowest nice level is the nearest
    }
  }
  setPriority(pid, Number(nice ?? 19))
  return `nice ${nice ?? 19}`
}

/** Resident set size of a process, in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  return match ? Number(match[1]) * 1024 : 0
}

/** User + system CPU time a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`)
}

/** The CPU time of a process' main thread alone: a Node server's event loop. */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`)
}

function statCpuSeconds(file: string): number {
  const stat = readFileSync(file, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S
}

export function cpuModel(): string {
  const match = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))
  return match?.[1]?.trim() ?? 'unknown'
}

const INSPECTOR = 'http://127.0.0.1:9229'

/**
 * The memory a Node process holds alive: its JS heap in use plus its external memory
 * (buffers), right after a full garbage collection. Read through its inspector:
 * SIGUSR1 opens it on 127.0.0.1:9229 (Node's default; it stays open for the process'
 * life), HeapProfiler.collectGarbage collects, Runtime.evaluate reads memoryUsage().
 * Unlike RSS, this leaves out garbage waiting for the next collection and the pages
 * V8 keeps committed after one.
 */
export async function liveBytesAfterGc(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR1')
  const deadline = Date.now() + 10_000
  let address: string | undefined
  while (!address) {
    try {
      const targets = (await (await fetch(`${INSPECTOR}/json/list`)).json()) as {
        webSocketDebuggerUrl: string
      }[]
      address = targets[0]?.webSocketDebuggerUrl
    } catch {
      // not listening yet
    }
    if (!address && Date.now() > deadline) throw new Error(`no inspector for process ${pid}`)
    if (!address) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const socket = new WebSocket(address)
  await new Promise((resolve, reject) => {
    socket.onopen = resolve
    socket.onerror = () => reject(new Error(`inspector of process ${pid}: cannot connect`))
  })
  let id = 0
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: unknown } } }>((resolve) => {
      const asked = ++id
      socket.onmessage = (event) => {
        const reply = JSON.parse(String(event.data)) as { id?: number }
        if (reply.id === asked) resolve(reply as never)
      }
      socket.send(JSON.stringify({ id: asked, method, params }))
    })
  try {
    // The inspector on 9229 must be this process' (another one could hold the port).
    const answer = await call('Runtime.evaluate', { expression: 'process.pid' })
    if (answer.result?.result?.value !== pid)
      throw new Error(`the inspector on 9229 is not process ${pid}'s`)
    await call('HeapProfiler.collectGarbage')
    const usage = await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
    })
    const memory = JSON.parse(String(usage.result?.result?.value)) as {
      heapUsed: number
      external: number
    }
    return memory.heapUsed + memory.external
  } finally {
    socket.close()
  }
}
