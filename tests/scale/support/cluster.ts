/**
 * Several real server processes on one PostgreSQL schema and one Redis, as in
 * production (docs/DEPLOY.md), plus what the scale tests need around them: a
 * loopback load balancer, a Redis server of their own, and clean-up of the schema.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PostgresStore } from '@codev/server'
import { SERVER_NODE_FLAGS } from '@codev/server/nodeFlags'
import { freePort, REPO_ROOT } from '../../e2e/support/serverProcess.ts'

export const DATABASE_URL =
  process.env.CODEV_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const REDIS_URL = process.env.CODEV_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

const START_TIMEOUT_MS = 20_000

export interface Instance {
  readonly name: string
  readonly port: number
  readonly url: string
  readonly wsUrl: string
  readonly running: boolean
  start(): Promise<void>
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
}

export interface ClusterOptions {
  instances: number
  redisUrl?: string
}

export interface Cluster {
  readonly instances: Instance[]
  /** The PostgreSQL schema of this cluster (unique per cluster). */
  readonly schema: string
  /** A store on the cluster's schema, for reading what is stored. */
  storage(): Promise<PostgresStore>
  /** Stops every instance (SIGKILL) and drops the schema. */
  destroy(): Promise<void>
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const id = randomBytes(5).toString('hex')
  const schema = `scale_${id}`
  const secret = randomBytes(32).toString('hex')
  const instances: Instance[] = []
  for (let i = 0; i < options.instances; i++) {
    instances.push(
      await instanceProcess(`i${i}`, {
        DATABASE_URL,
        CODEV_DATABASE_SCHEMA: schema,
        REDIS_URL: options.redisUrl ?? REDIS_URL,
        CODEV_REDIS_PREFIX: `codev-test-${id}`,
        CODEV_SECRET: secret,
      }),
    )
  }
  // One first, so that the migrations run once; the others then start together.
  await instances[0]!.start()
  await Promise.all(instances.slice(1).map((instance) => instance.start()))
  const stores: PostgresStore[] = []
  return {
    instances,
    schema,
    async storage() {
      const store = await PostgresStore.open({ connectionString: DATABASE_URL, schema })
      stores.push(store)
      return store
    },
    async destroy() {
      await Promise.all(instances.map((instance) => instance.stop('SIGKILL')))
      for (const store of stores.splice(0)) await store.close()
      const admin = await PostgresStore.open({ connectionString: DATABASE_URL, schema: null })
      try {
        await admin.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      } finally {
        await admin.close()
      }
    },
  }
}

export async function instanceProcess(
  name: string,
  env: Record<string, string>,
): Promise<Instance> {
  const port = await freePort()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'codev-scale-'))
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  const running = () => child !== null && child.exitCode === null && child.signalCode === null
  return {
    name,
    port,
    url,
    wsUrl: url.replace('http', 'ws'),
    get running() {
      return running()
    },
    async start() {
      const main = path.join(REPO_ROOT, 'apps/server/src/main.ts')
      child = spawn(process.execPath, [...SERVER_NODE_FLAGS, main], {
        env: {
          ...process.env,
          ...env,
          CODEV_PORT: String(port),
          CODEV_DATA_DIR: dataDir,
          CODEV_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-16_384)
      }
      child.stdout?.on('data', keep)
      child.stderr?.on('data', keep)
      const started = child
      await waitFor(
        `instance ${name}`,
        async () => {
          if (started.exitCode !== null) throw new Error(`instance ${name} exited:\n${output}`)
          return (await fetch(`${url}/healthz`)).ok
        },
        START_TIMEOUT_MS,
      ).catch((error) => {
        throw new Error(`${error.message}\n${output}`)
      })
    },
    async stop(signal = 'SIGTERM') {
      const current = child
      if (!current || !running()) return
      const exited = new Promise((resolve) => current.once('exit', resolve))
      current.kill(signal)
      await exited
      if (signal === 'SIGTERM') rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A redis-server of the test's own, on a free port, that the test may kill and restart. */
export interface RedisProcess {
  readonly url: string
  start(): Promise<void>
  stop(): Promise<void>
}

export async function redisProcess(): Promise<RedisProcess> {
  const port = await freePort()
  let child: ChildProcess | null = null
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      )
      const started = child
      await waitFor(
        'redis-server',
        async () => {
          if (started.exitCode !== null) throw new Error('redis-server exited')
          const { connect } = await import('node:net')
          return new Promise<boolean>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => {
              socket.end()
              resolve(true)
            })
            socket.on('error', () => resolve(false))
          })
        },
        5000,
      )
    },
    async stop() {
      const current = child
      if (!current || current.exitCode !== null) return
      const exited = new Promise((resolve) => current.once('exit', resolve))
      current.kill('SIGKILL')
      await exited
    },
  }
}
