/**
 * Measures update propagation (writer's change → a peer's replica) on one instance
 * and across two instances (PostgreSQL + Redis), for the bench's cross-instance
 * figure. Not a test: `node tests/scale/measurePropagation.ts [writes]`.
 * Needs PostgreSQL and Redis as the scale tests do.
 */
import { createGroup } from '../e2e/support/groups.ts'
import { type Client, connect, synced } from './support/clients.ts'
import { startCluster } from './support/cluster.ts'

const WRITES = Number(process.argv[2] ?? 400)
const INTERVAL_MS = 20

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function measure(writer: Client, readers: Record<string, Client>, prefix: string) {
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
  for (let i = 0; i < WRITES; i++) {
    const key = `shape:${prefix}-${i}`
    sentAt.set(key, performance.now())
    writer.writeNote(key, 'x')
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS))
  }
  const deadline = Date.now() + 10_000
  while ([...seen.values()].some((t) => t.size < WRITES) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const results: Record<
    string,
    { p50: number; p95: number; p99: number; max: number; received: number }
  > = {}
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
  console.log(JSON.stringify({ prefix, writes: WRITES, intervalMs: INTERVAL_MS, results }))
  return results
}

const cluster = await startCluster({ instances: 2 })
try {
  const [a, b] = cluster.instances
  const { sessionId, tokens } = await createGroup(a!.url)
  const writer = connect(a!.wsUrl, sessionId, tokens.Alice!)
  const sameInstance = connect(a!.wsUrl, sessionId, tokens.Bob!)
  const otherInstance = connect(b!.wsUrl, sessionId, tokens.Fanny!)
  await Promise.all([writer, sameInstance, otherInstance].map((client) => synced(client)))
  const readers = { sameInstance, otherInstance }
  await measure(writer, readers, 'warmup')
  // Both readers observe the same writes.
  const { sameInstance: same, otherInstance: cross } = await measure(writer, readers, 'run')
  console.log(
    `propagation p99: same instance ${same!.p99} ms, across instances ${cross!.p99} ms (+${(cross!.p99 - same!.p99).toFixed(2)} ms)`,
  )
  for (const client of [writer, sameInstance, otherInstance]) client.destroy()
} finally {
  await cluster.destroy()
}
