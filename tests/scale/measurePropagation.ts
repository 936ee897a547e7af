/**
 * Measures update propagation (writer's change → a peer's replica) on one instance
 * and across two instances (PostgreSQL + Redis), for the bench's cross-instance
 * figure (issue 8: p99 across <= p99 on one instance + 10 ms). One writer at 50 Hz
 * (a light load); one reader on the writer's instance, one on the other, both
 * observing the same writes, so both figures come from the same run.
 *
 * `pnpm bench` calls `measureCrossInstance`; on its own:
 * `node tests/scale/measurePropagation.ts [writes]`. Needs PostgreSQL and Redis as the
 * scale tests do (`servicesMissing` says which is not reachable).
 */
import { createConnection } from 'node:net'
import { createGroup } from '../e2e/support/groups.ts'
import { type Client, connect, synced } from './support/clients.ts'
import { DATABASE_URL, REDIS_URL, startCluster } from './support/cluster.ts'

const INTERVAL_MS = 20

export interface PropagationStats {
  received: number
  p50: number
  p95: number
  p99: number
  max: number
}

export interface CrossInstanceResult {
  writes: number
  intervalMs: number
  sameInstance: PropagationStats
  otherInstance: PropagationStats
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) })
    socket.setTimeout(2000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** What is missing for a cluster (none: an empty list), in words for the bench's output. */
export async function servicesMissing(): Promise<string[]> {
  const missing: string[] = []
  if (!(await reachable(DATABASE_URL))) missing.push(`PostgreSQL (${DATABASE_URL})`)
  if (!(await reachable(REDIS_URL))) missing.push(`Redis (${REDIS_URL})`)
  return missing
}

async function measure(
  writer: Client,
  readers: Record<string, Client>,
  prefix: string,
  writes: number,
) {
  const seen = new Map<string, Map<string, number>>()
  for (const [name, reader] of Object.entries(readers)) {
    const times = new Map<string, number>()
    seen.set(name, times)
    reader.records.observe((event) => {
      const now = performance.now()
      for (const key of event.keysChanged) if (!times.has(key)) times.set(key, now)
    })
  }
  const sentAt = new Map<string, number>()
  for (let i = 0; i < writes; i++) {
    const key = `shape:${prefix}-${i}`
    sentAt.set(key, performance.now())
    writer.writeNote(key, 'x')
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS))
  }
  const deadline = Date.now() + 10_000
  while ([...seen.values()].some((t) => t.size < writes) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const results: Record<string, PropagationStats> = {}
  for (const [name, times] of seen) {
    const sorted = [...sentAt]
      .map(([key, at]) => (times.get(key) ?? Number.NaN) - at)
      .filter((ms) => !Number.isNaN(ms))
      .sort((x, y) => x - y)
    results[name] = {
      received: sorted.length,
      p50: +percentile(sorted, 50).toFixed(2),
      p95: +percentile(sorted, 95).toFixed(2),
      p99: +percentile(sorted, 99).toFixed(2),
      max: +sorted.at(-1)!.toFixed(2),
    }
  }
  return results
}

/** Two instances, one session; a warm-up of a quarter of `writes`, then `writes` measured. */
export async function measureCrossInstance(writes: number): Promise<CrossInstanceResult> {
  const cluster = await startCluster({ instances: 2 })
  try {
    const [a, b] = cluster.instances
    const { sessionId, tokens } = await createGroup(a!.url)
    const writer = connect(a!.wsUrl, sessionId, tokens.Alice!)
    const sameInstance = connect(a!.wsUrl, sessionId, tokens.Bob!)
    const otherInstance = connect(b!.wsUrl, sessionId, tokens.Fanny!)
    const clients = [writer, sameInstance, otherInstance]
    try {
      await Promise.all(clients.map((client) => synced(client, 30_000)))
      const readers = { sameInstance, otherInstance }
      await measure(writer, readers, 'warmup', Math.ceil(writes / 4))
      const results = await measure(writer, readers, 'run', writes)
      return {
        writes,
        intervalMs: INTERVAL_MS,
        sameInstance: results.sameInstance!,
        otherInstance: results.otherInstance!,
      }
    } finally {
      for (const client of clients) client.destroy()
    }
  } finally {
    await cluster.destroy()
  }
}

if (import.meta.main) {
  const missing = await servicesMissing()
  if (missing.length > 0) {
    console.error(`cannot measure: not reachable: ${missing.join(', ')}`)
    process.exit(1)
  }
  const result = await measureCrossInstance(Number(process.argv[2] ?? 400))
  console.log(JSON.stringify(result))
  const { sameInstance: same, otherInstance: cross } = result
  console.log(
    `propagation p99: same instance ${same.p99} ms, across instances ${cross.p99} ms (+${(cross.p99 - same.p99).toFixed(2)} ms)`,
  )
}
