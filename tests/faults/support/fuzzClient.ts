/**
 * Small helpers shared by the fault suites: a seeded generator, a provider-backed
 * client that can run session commands, polling without sleeps, and canonical JSON
 * to compare replicas. No assertions here: the suites decide what must hold.
 */
import { parseServerMessage } from '@codev/domain'
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as Y from 'yjs'

/** A small seeded generator (LCG), so a failing run replays with its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

export function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!
}

export function seedFromEnv(): number {
  return Number(process.env.CODEV_SEED ?? Date.now() % 1_000_000)
}

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** JSON with sorted keys, so two replicas holding the same records compare equal. */
export function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort)
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((key) => [key, sort((v as Record<string, unknown>)[key])]),
      )
    }
    return v
  }
  return JSON.stringify(sort(value))
}

export interface FuzzClient {
  name: string
  memberId: string
  doc: Y.Doc
  records: Y.Map<unknown>
  provider: HocuspocusProvider
  /** Refusals the server reported to this client. */
  refused: number
  /** Whether the provider has been told to stay offline. */
  offline: boolean
  /** Close reasons and authentication failures this client saw, for failure messages. */
  closes: string[]
  /** Times the server closed this client for missing dependencies and it reconnected. */
  resyncs: number
  /** Sends a command; resolves with ok/error, or null if no answer came in time. */
  command(command: unknown, timeoutMs?: number): Promise<{ ok: boolean; error?: string } | null>
  destroy(): void
}

/**
 * The close reason Authorization sends when an update left pending structs. An
 * honest client hits it when the server crashed after receiving, and before
 * storing, an update the client's next queued update depends on (see
 * docs/RELIABILITY.md); reconnecting makes the provider send a full SyncStep2.
 */
export const MISSING_DEPENDENCIES = 'update/missing-dependencies'

export function fuzzClient(
  wsUrl: string,
  sessionId: string,
  name: string,
  memberId: string,
  token: string,
  options: { resyncOnMissingDependencies?: boolean } = {},
): FuzzClient {
  const doc = new Y.Doc()
  const provider = new HocuspocusProvider({
    url: `${wsUrl}/collab`,
    name: sessionId,
    document: doc,
    token,
  })
  const waiting = new Map<string, (result: { ok: boolean; error?: string }) => void>()
  let requests = 0
  const client: FuzzClient = {
    name,
    memberId,
    doc,
    records: doc.getMap<unknown>('records'),
    provider,
    refused: 0,
    offline: false,
    closes: [],
    resyncs: 0,
    command(command, timeoutMs = 3000) {
      const requestId = `${name}-${++requests}`
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(requestId)
          resolve(null)
        }, timeoutMs)
        waiting.set(requestId, (result) => {
          clearTimeout(timer)
          waiting.delete(requestId)
          resolve(result)
        })
        provider.sendStateless(JSON.stringify({ type: 'command', requestId, command }))
      })
    },
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
  provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
    client.closes.push(`${event.code}:${event.reason}`)
    if (event.reason === MISSING_DEPENDENCIES && options.resyncOnMissingDependencies) {
      client.resyncs++
      setTimeout(() => {
        if (!client.offline) void provider.connect()
      }, 50)
    }
  })
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    client.closes.push(`auth:${reason}`)
  })
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const message = parseServerMessage(payload)
    if (message?.type === 'refused') client.refused += message.refusals.length
    if (message?.type === 'command-result') waiting.get(message.requestId)?.(message)
  })
  return client
}

/** Every client connected, synced and with nothing left to acknowledge. */
export function settled(clients: readonly FuzzClient[]): boolean {
  return clients.every((client) => client.provider.isSynced && !client.provider.hasUnsyncedChanges)
}
