/**
 * Several instances, one document: `@hocuspocus/extension-redis` relays every
 * change and awareness update between the instances that hold a document, and
 * keeps them in step by SyncStep exchanges (each change publishes the instance's
 * state vector; peers answer with what it lacks). That exchange is what makes Redis
 * pub/sub's at-most-once delivery safe: a lost message is re-sent as part of the next
 * exchange. One gap remains — a document that goes quiet right after Redis lost a
 * message — so when the subscriber connection comes back after an outage, every
 * loaded document publishes its state vector again (`resyncAll`).
 *
 * No home-made cluster: no ownership, no routing; the durable log in the shared
 * store stays the source of truth (docs/decisions/0004-storage-and-scale.md).
 */

import { Redis } from '@hocuspocus/extension-redis'
import type { Hocuspocus } from '@hocuspocus/server'
import { Redis as IORedis } from 'ioredis'
import type { Logger } from '../ops/logger.ts'

/** ioredis retries forever by default; back off to at most this between attempts. */
const MAX_RECONNECT_DELAY_MS = 1000

export function createRedisSync(url: string, prefix: string, log: Logger): Redis {
  const clients: IORedis[] = []
  const createClient = () => {
    const client = new IORedis(url, {
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      // Publishes made while Redis is down wait for the reconnection instead of failing.
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    })
    client.on('error', (error: Error) => log.warn({ error: error.message }, 'redis error'))
    clients.push(client)
    return client
  }
  const extension = new Redis({ createClient, prefix })
  let instance: Hocuspocus | null = null
  const onConfigure = extension.onConfigure.bind(extension)
  extension.onConfigure = async (payload) => {
    instance = payload.instance
    await onConfigure(payload)
  }

  /** Publishes the state vector of every loaded document: peers answer with what we lack. */
  const resyncAll = () => {
    if (!instance) return
    for (const [documentName, document] of instance.documents) {
      void extension.onChange({
        documentName,
        document,
        transactionOrigin: { source: 'local' },
      } as Parameters<Redis['onChange']>[0])
    }
  }
  // The second client made is the subscriber; ioredis re-subscribes on reconnection.
  const subscriber = clients[1]
  let readyCount = 0
  subscriber?.on('ready', () => {
    readyCount += 1
    if (readyCount === 1) return
    log.info({ documents: instance?.documents.size ?? 0 }, 'redis reconnected: resyncing')
    // Let ioredis restore the subscriptions first (it does so on 'ready').
    setTimeout(resyncAll, 50)
  })
  return extension
}
