/**
 * SIGKILL of an instance during writes: three instances, a loopback load balancer
 * in front. Each round kills the instance that two writers use:
 * - Alice, connected straight to it, is dropped at the kill (as in
 *   tests/faults/crash.test.ts): what she saw acknowledged must already be in the
 *   shared log — nothing can resend it for her;
 * - Bob, connected through the balancer, stays: his provider reconnects through the
 *   balancer to a live instance and keeps writing.
 * At the end fresh readers on every instance hold every acknowledged update.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createGroup } from '../e2e/support/groups.ts'
import { type Client, connect, missingFrom, synced, until } from './support/clients.ts'
import { type Cluster, startCluster } from './support/cluster.ts'
import { type LoadBalancer, startLoadBalancer } from './support/loadBalancer.ts'

const KILLS = 5
const WRITE_INTERVAL_MS = 4
const ROAM_INTERVAL_MS = 25

function writeEvery(client: Client, prefix: string, intervalMs: number) {
  let written = 0
  const timer = setInterval(() => {
    if (client.provider.isSynced) client.writeNote(`shape:${prefix}${written++}`, prefix)
  }, intervalMs)
  return { stop: () => clearInterval(timer), count: () => written }
}

describe('SIGKILL of an instance', () => {
  let cluster: Cluster
  let balancer: LoadBalancer
  const clients: Client[] = []
  beforeAll(async () => {
    cluster = await startCluster({ instances: 3 })
    balancer = await startLoadBalancer(() => cluster.instances.map((instance) => instance.port))
  })
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await balancer?.close()
    await cluster?.destroy()
  })

  it(`loses no acknowledged update over ${KILLS} kills; clients move to a live instance`, async () => {
    const { sessionId, tokens } = await createGroup(balancer.url)
    const store = await cluster.storage()
    const storedKeys = async () => {
      const stored = await store.loadDocument(sessionId)
      const doc = new Y.Doc()
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(doc, update)
      return doc.getMap('records')
    }
    const bob = connect(balancer.wsUrl, sessionId, tokens.Bob!)
    clients.push(bob)
    await synced(bob)
    const roaming = writeEvery(bob, 'bob', ROAM_INTERVAL_MS)
    const alicesAcknowledged: string[] = []
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const victim = cluster.instances.find((i) => balancer.connectionsTo(i.port) > 0)
        expect(victim, "Bob's instance").toBeDefined()
        const alice = connect(victim!.wsUrl, sessionId, tokens.Alice!)
        clients.push(alice)
        await synced(alice)
        const writing = writeEvery(alice, `a${kill}-`, WRITE_INTERVAL_MS)
        // Until a few writes are acknowledged, then a random moment later.
        await until('Alice acknowledged', () => alice.acknowledged.size >= 5, 15_000)
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 400))
        const bobBefore = roaming.count()
        await victim!.stop('SIGKILL')
        writing.stop()
        const acknowledged = [...alice.acknowledged]
        alice.destroy()
        // Strict: already in the shared log the moment the instance died.
        const stored = await storedKeys()
        expect(
          acknowledged.filter((key) => !stored.has(key)),
          `kill ${kill}`,
        ).toEqual([])
        alicesAcknowledged.push(...acknowledged)
        // Bob is back through the balancer on a live instance, writing again.
        await until(
          `Bob reconnected after kill ${kill}`,
          () => bob.provider.isSynced && roaming.count() > bobBefore + 5,
          15_000,
        )
        await victim!.start()
      }
    } finally {
      roaming.stop()
    }
    await until('Bob acknowledged', () => bob.provider.unsyncedChanges === 0, 30_000)
    const everything = [...alicesAcknowledged, ...bob.acknowledged]
    for (const instance of cluster.instances) {
      const reader = connect(instance.wsUrl, sessionId, tokens.Fanny!)
      clients.push(reader)
      await synced(reader)
      expect(missingFrom(reader, everything), instance.name).toEqual([])
      reader.destroy()
    }
    console.log(
      `failover: ${KILLS} SIGKILLs, ${alicesAcknowledged.length} acknowledged writes of the dropped writer and ${bob.acknowledged.size} of the roaming one, 0 lost`,
    )
  })
})
