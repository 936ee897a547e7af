/**
 * Runs the real server as its own process (as `./codev start` does), on a free port
 * and a temporary data folder, so tests can stop and restart it like an operator.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SERVER_NODE_FLAGS } from '@codev/server/nodeFlags'

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..')
const WEB_DIST = path.join(REPO_ROOT, 'apps/web/dist')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface ServerProcess {
  readonly url: string
  readonly dataDir: string
  start(): Promise<void>
  /** The running process id (throws when stopped). */
  pid(): number
  /** SIGTERM (graceful) or SIGKILL (crash). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
}

export async function serverProcess(): Promise<ServerProcess> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error('apps/web/dist is missing: run `pnpm build` before the browser tests')
  }
  const port = await freePort()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'codev-e2e-'))
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null

  return {
    url,
    dataDir,
    async start() {
      const main = path.join(REPO_ROOT, 'apps/server/src/main.ts')
      child = spawn(process.execPath, [...SERVER_NODE_FLAGS, main], {
        env: { ...process.env, CODEV_PORT: String(port), CODEV_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      // Keep the tail of the server's output for the error message of a failed start.
      let output = ''
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-16_384)
      }
      child.stdout?.on('data', keep)
      child.stderr?.on('data', keep)
      const deadline = Date.now() + 60_000
      for (;;) {
        try {
          if ((await fetch(`${url}/healthz`)).ok) return
        } catch {
          // not listening yet
        }
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`server did not start:\n${output}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    pid() {
      if (!child?.pid || child.exitCode !== null) throw new Error('server is not running')
      return child.pid
    },
    async stop(signal = 'SIGTERM') {
      const running = child
      if (!running || running.exitCode !== null) return
      const exited = new Promise((resolve) => running.once('exit', resolve))
      running.kill(signal)
      await exited
      child = null
    },
  }
}
