/**
 * What one instance decides about live connections and every instance must apply:
 * a revoked join link, deleted sessions, a session closed or reopened through the
 * HTTP API. The instance that handled the request acts on its own connections and
 * publishes the event on a Redis channel of the deployment; the others act on
 * theirs. Documents themselves travel through `@hocuspocus/extension-redis`; this
 * channel carries only these few control events.
 *
 * Pub/sub is at-most-once: an event published while Redis is down is lost, and the
 * connections it concerned on other instances keep going until they reconnect
 * (Auth checks the database on every connection).
 */
import { randomUUID } from 'node:crypto'
import { Redis as IORedis } from 'ioredis'
import { z } from 'zod'
import type { Logger } from '../ops/logger.ts'

export const ClusterEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sessions-deleted'), sessionIds: z.array(z.string()) }),
  z.object({ type: z.literal('invitation-revoked'), invitationId: z.string() }),
  z.object({ type: z.literal('session-closed'), sessionId: z.string(), closed: z.boolean() }),
])
export type ClusterEvent = z.infer<typeof ClusterEventSchema>

export interface ClusterEvents {
  publish(event: ClusterEvent): void
  close(): Promise<void>
}

const MAX_RECONNECT_DELAY_MS = 1000

export function createClusterEvents(
  url: string,
  prefix: string,
  log: Logger,
  onEvent: (event: ClusterEvent) => void,
): ClusterEvents {
  const channel = `${prefix}#events`
  const self = randomUUID()
  const options = {
    retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    maxRetriesPerRequest: null,
  }
  const pub = new IORedis(url, options)
  const sub = new IORedis(url, options)
  for (const client of [pub, sub]) {
    client.on('error', (error: Error) => log.warn({ error: error.message }, 'redis error (events)'))
  }
  sub
    .subscribe(channel)
    .catch((error: Error) => log.error({ err: error }, 'redis subscribe failed'))
  sub.on('message', (_channel: string, message: string) => {
    try {
      const { from, event } = JSON.parse(message) as { from: string; event: unknown }
      if (from === self) return
      const parsed = ClusterEventSchema.safeParse(event)
      if (parsed.success) onEvent(parsed.data)
    } catch {
      // Not ours: ignore.
    }
  })
  return {
    publish(event) {
      pub
        .publish(channel, JSON.stringify({ from: self, event }))
        .catch((error: Error) => log.warn({ err: error, event }, 'cluster event not published'))
    },
    async close() {
      pub.disconnect(false)
      sub.disconnect(false)
    },
  }
}
