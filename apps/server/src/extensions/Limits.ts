/**
 * Limits: what one connection may cost the server. A token bucket per WebSocket
 * caps the message rate, and a cap on each document's encoded size refuses updates
 * that would grow it past the limit. A breach closes only the offending connection,
 * with a clear reason; everybody else keeps working. (Message size and the limits
 * before authentication are WebSocket / Hocuspocus options set in CodevServer.)
 */
import type {
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Extension,
  onDisconnectPayload,
} from '@hocuspocus/server'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { Metrics } from '../ops/metrics.ts'

export interface LimitsConfig {
  /** Messages a connection may send in a burst. */
  rateBurstMessages: number
  /** Messages per second a connection may sustain. */
  ratePerSecond: number
  /** Largest encoded size of one session document. */
  maxDocumentBytes: number
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

export class Limits implements Extension {
  // After Auth (900): only authenticated messages reach beforeHandleMessage anyway.
  priority = 800
  private readonly config: LimitsConfig
  private readonly metrics: Metrics
  private readonly log: Logger
  private readonly buckets = new Map<string, Bucket>()
  /** Upper bound of each loaded document's size: last measured size + bytes received since. */
  private readonly documentBytes = new Map<string, number>()

  constructor(config: LimitsConfig, metrics: Metrics, log: Logger) {
    this.config = config
    this.metrics = metrics
    this.log = log
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
    if (!this.take(socketId)) this.breach(LIMIT_CLOSE.rate, payload)
    if (messageType(update) !== MESSAGE_SYNC || connection.readOnly) return
    let size = (this.documentBytes.get(documentName) ?? 0) + update.byteLength
    if (size > this.config.maxDocumentBytes) {
      // The estimate only grows; measure for real before refusing (GC may have shrunk it).
      size = Y.encodeStateAsUpdate(document).byteLength + update.byteLength
      if (size > this.config.maxDocumentBytes) this.breach(LIMIT_CLOSE.documentSize, payload)
    }
    this.documentBytes.set(documentName, size)
  }

  private take(socketId: string): boolean {
    const now = performance.now()
    const bucket = this.buckets.get(socketId) ?? {
      tokens: this.config.rateBurstMessages,
      refilledAt: now,
    }
    bucket.tokens = Math.min(
      this.config.rateBurstMessages,
      bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.config.ratePerSecond,
    )
    bucket.refilledAt = now
    this.buckets.set(socketId, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
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
