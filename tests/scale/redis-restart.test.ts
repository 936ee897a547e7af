/**
 * A Redis restart during writes. Redis pub/sub is at-most-once: what is published
 * while an instance is not subscribed is gone. Two instances on a Redis of the
 * test's own, killed and restarted on the same port:
 * - session X is written on A through the outage and after it: B converges;
 * - session Y is written on A only during the outage, then goes quiet: B converges
 *   too — nothing but the re-sync (SyncStep exchange on reconnection) can carry it.
 * Nothing is lost from the durable log either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGroup } from '../e2e/support/groups.ts'
import { type Client, connect, missingFrom, synced, until } from './support/clients.ts'
import { type Cluster, type RedisProcess, redisProcess, startCluster } from './support/cluster.ts'

const OUTAGE_MS = 1500

describe('Redis restart', () => {
  let redis: RedisProcess
  let cluster: Cluster
  const clients: Client[] = []
  const open = async (instance: number, sessionId: string, token: string) => {
    const client = connect(cluster.instances[instance]!.wsUrl, sessionId, token)
    clients.push(client)
    await synced(client)
    return client
  }
  beforeAll(async () => {
    redis = await redisProcess()
    await redis.start()
    cluster = await startCluster({ instances: 2, redisUrl: redis.url })
  })
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await cluster?.destroy()
    await redis?.stop()
  })

  it('loses no update and converges after Redis comes back', async () => {
    const x = await createGroup(cluster.instances[0]!.url)
    const y = await createGroup(cluster.instances[0]!.url)
    const writerX = await open(0, x.sessionId, x.tokens.Alice!)
    const readerX = await open(1, x.sessionId, x.tokens.Bob!)
    const writerY = await open(0, y.sessionId, y.tokens.Alice!)
    const readerY = await open(1, y.sessionId, y.tokens.Bob!)

    let n = 0
    const keysX: string[] = []
    const keysY: string[] = []
    const write = (client: Client, keys: string[], prefix: string) =>
      keys.push(client.writeNote(`shape:${prefix}${n++}`, prefix))
    for (let i = 0; i < 10; i++) write(writerX, keysX, 'x')
    await until('live before the outage', () => missingFrom(readerX, keysX).length === 0)

    await redis.stop()
    const outageEnds = Date.now() + OUTAGE_MS
    while (Date.now() < outageEnds) {
      write(writerX, keysX, 'x')
      write(writerY, keysY, 'y')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    // Still acknowledged during the outage: the log is in PostgreSQL, not in Redis.
    await until('acknowledged without Redis', () =>
      [writerX, writerY].every((c) => c.provider.unsyncedChanges === 0),
    )
    const duringOutage = missingFrom(readerY, keysY).length
    await redis.start()
    // X keeps being written after the restart; Y stays quiet.
    for (let i = 0; i < 20; i++) {
      write(writerX, keysX, 'x')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await until('X converges on B', () => missingFrom(readerX, keysX).length === 0, 15_000)
    await until('quiet Y converges on B', () => missingFrom(readerY, keysY).length === 0, 15_000)
    console.log(
      `redis restart: ${keysX.length + keysY.length} writes, ${duringOutage} of Y's missing on B during the outage, all present after`,
    )
    expect(duringOutage).toBeGreaterThan(0)
    // And a fresh reader on B (loads from PostgreSQL + peers) has everything too.
    const fresh = await open(1, y.sessionId, y.tokens.Fanny!)
    expect(missingFrom(fresh, keysY)).toEqual([])
  })
})
