/** What the server's extensions read of the frames Hocuspocus sends a connection. */
import type { Connection } from '@hocuspocus/server'

/** Hocuspocus' `MessageType.Awareness` and `MessageType.SyncStatus` (the ack of a sync message). */
export const MESSAGE_AWARENESS = 1
export const MESSAGE_SYNC_STATUS = 8

/**
 * Where the message type sits in a frame sent to this connection: every frame starts
 * with the connection's address (a varString), then the type (one byte: all < 128).
 */
export function messageTypeOffset(connection: Connection): number {
  const bytes = new TextEncoder().encode(connection.messageAddress).length
  let prefix = 1
  for (let rest = bytes >>> 7; rest > 0; rest >>>= 7) prefix++
  return prefix + bytes
}
