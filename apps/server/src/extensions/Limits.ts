/**
 * Limits: what one client may cost the server. A token bucket per address caps how
 * fast WebSockets are opened (refused with HTTP 429 on the upgrade), a token bucket
 * per WebSocket caps the message rate, and a cap on each document's encoded size
 * refuses updates that would grow it past the limit. A breach closes only the
 * offending connection, with a clear reason; everybody else keeps working. (Message
 * size and the limits before authentication are WebSocket / Hocuspocus options set
 * in CodevServer.)
 */
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import type {
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Extension,
  onDisconnectPayload,
  onUpgradePayload,
} from '@hocuspocus/server'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import { SECURITY_HEADERS } from '../http/respond.ts'
import type { Metrics } from '../ops/metrics.ts'

export interface LimitsConfig {
  /** Messages a connection may send in a burst. */
  rateBurstMessages: number
  /** Messages per second a connection may sustain. */
  ratePerSecond: number
  /** Largest encoded size of one session document. */
  maxDocumentBytes: number
  /** WebSockets one address may open per minute (and in a burst). */
  connectsPerMinutePerAddress: number
  /** Limit loopback addresses too (they are exempt by default: tests, bench, a same-host proxy). */
  connectLimitLoopback: boolean
  /** Take the client's address from the last X-Forwarded-For entry (set by a trusted proxy). */
  trustProxy: boolean
}

/** The refusal of a WebSocket upgrade past the connect rate (docs/PROTOCOL.md). */
export const CONNECT_REFUSAL = { status: 429, error: 'limits/connect-rate' } as const

/** Buckets kept before the full (idle) ones are dropped. */
const MAX_ADDRESS_BUCKETS = 10_000

/** The address a connection comes from: the socket's peer, or what a trusted proxy says. */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for']
  if (trustProxy && forwarded) {
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',').at(-1)
    const address = last?.trim() ?? ''
    if (isIP(address)) return address
  }
  return request.socket.remoteAddress ?? 'unknown'
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

/** Close codes and reasons of limit breaches (see docs/PROTOCOL.md). */
export const LIMIT_CLOSE = {
  rate: { code: 4429, reason: 'limits/rate' },
  documentSize: { code: 4413, reason: 'limits/document-size' },
} as const

/** y-protocols message type of document sync messages (SyncStep2 and updates). */
const MESSAGE_SYNC = 0

class LimitBreach extends Error {
  readonly code: number
  readonly reason: string
  constructor(close: { code: number; reason: string }) {
    super(close.reason)
    this.code = close.code
    this.reason = close.reason
  }
}

interface Bucket {
  tokens: number
  refilledAt: number
}

/** Reads a lib0 varUint at `offset`; returns [value, nextOffset]. */
function readVarUint(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0
  let shift = 0
  let index = offset
  for (;;) {
    const byte = bytes[index++]
    if (byte === undefined) return [-1, index]
    value += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) return [value, index]
    shift += 7
    if (shift > 35) return [-1, index]
  }
}

/** The y-protocols message type after the document name, or -1 if unreadable. */
export function messageType(message: Uint8Array): number {
  const [nameLength, afterLength] = readVarUint(message, 0)
  if (nameLength < 0) return -1
  return readVarUint(message, afterLength + nameLength)[0]
}

/** Takes one token from the bucket of `key` (full at first); false when it is empty. */
function take(
  buckets: Map<string, Bucket>,
  key: string,
  capacity: number,
  perSecond: number,
): boolean {
  const now = performance.now()
  const bucket = buckets.get(key) ?? { tokens: capacity, refilledAt: now }
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.refilledAt) / 1000) * perSecond)
  bucket.refilledAt = now
  buckets.set(key, bucket)
  if (bucket.tokens < 1) return false
  bucket.tokens -= 1
  return true
}

export class Limits implements Extension {
  // After Auth (900): only authenticated messages reach beforeHandleMessage anyway.
  priority = 800
  private readonly config: LimitsConfig
  private readonly metrics: Metrics
  private readonly log: Logger
  private readonly buckets = new Map<string, Bucket>()
  private readonly addressBuckets = new Map<string, Bucket>()
  /** Upper bound of each loaded document's size: last measured size + bytes received since. */
  private readonly documentBytes = new Map<string, number>()

  constructor(config: LimitsConfig, metrics: Metrics, log: Logger) {
    this.config = config
    this.metrics = metrics
    this.log = log
  }

  /** Refuses the upgrade with 429 when the address opens WebSockets too fast. */
  async onUpgrade({ request, socket }: onUpgradePayload): Promise<void> {
    const address = clientAddress(request, this.config.trustProxy)
    if (isLoopback(address) && !this.config.connectLimitLoopback) return
    const perMinute = this.config.connectsPerMinutePerAddress
    if (this.addressBuckets.size > MAX_ADDRESS_BUCKETS) this.dropFullBuckets(perMinute)
    if (take(this.addressBuckets, address, perMinute, perMinute / 60)) return
    const retryAfterSeconds = Math.ceil(60 / perMinute)
    this.metrics.connectionsClosedByLimits.inc({ reason: CONNECT_REFUSAL.error })
    this.log.warn({ address, reason: CONNECT_REFUSAL.error }, 'connect rate exceeded, refusing')
    const body = JSON.stringify({
      error: CONNECT_REFUSAL.error,
      message: `Too many connections from this address; retry in ${retryAfterSeconds} s`,
    })
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'retry-after': String(retryAfterSeconds),
      connection: 'close',
    }
    socket.end(
      `HTTP/1.1 429 Too Many Requests\r\n${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}\r\n${body}`,
    )
    // A hook that rejects with nothing stops the upgrade without an error.
    return Promise.reject()
  }

  private dropFullBuckets(capacity: number) {
    const now = performance.now()
    for (const [address, bucket] of this.addressBuckets) {
      const refilled = bucket.tokens + ((now - bucket.refilledAt) / 60_000) * capacity
      if (refilled >= capacity) this.addressBuckets.delete(address)
    }
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    this.documentBytes.set(documentName, Y.encodeStateAsUpdate(document).byteLength)
  }

  async afterUnloadDocument({ documentName }: { documentName: string }): Promise<void> {
    this.documentBytes.delete(documentName)
  }

  async onDisconnect({ socketId }: onDisconnectPayload): Promise<void> {
    // A new connection must authenticate again before it gets a fresh bucket.
    this.buckets.delete(socketId)
  }

  async beforeHandleMessage(payload: beforeHandleMessagePayload): Promise<void> {
    const { socketId, update, document, documentName, connection } = payload
    const { rateBurstMessages, ratePerSecond } = this.config
    if (!take(this.buckets, socketId, rateBurstMessages, ratePerSecond)) {
      this.breach(LIMIT_CLOSE.rate, payload)
    }
    if (messageType(update) !== MESSAGE_SYNC || connection.readOnly) return
    let size = (this.documentBytes.get(documentName) ?? 0) + update.byteLength
    if (size > this.config.maxDocumentBytes) {
      // The estimate only grows; measure for real before refusing (GC may have shrunk it).
      size = Y.encodeStateAsUpdate(document).byteLength + update.byteLength
      if (size > this.config.maxDocumentBytes) this.breach(LIMIT_CLOSE.documentSize, payload)
    }
    this.documentBytes.set(documentName, size)
  }

  /** Closes the whole socket of the offender, after telling its document why. */
  private breach(close: { code: number; reason: string }, payload: beforeHandleMessagePayload) {
    const { connection, socketId, documentName } = payload
    this.metrics.connectionsClosedByLimits.inc({ reason: close.reason })
    this.metrics.countRefusedChange(close.reason)
    this.log.warn({ socketId, documentName, reason: close.reason }, 'limit breached, closing')
    this.buckets.delete(socketId)
    // Hocuspocus closes the document connection with this reason; the socket follows so
    // queued messages of a flood are dropped instead of processed.
    setImmediate(() => connection.webSocket.close(close.code, close.reason))
    throw new LimitBreach(close)
  }
}
