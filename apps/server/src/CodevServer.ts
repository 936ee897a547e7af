/**
 * Builds the Codev Board server: one Hocuspocus instance whose concerns are
 * extensions (HTTP routes, session gate, persistence), listening on one port for
 * both HTTP and WebSocket.
 */
import path from 'node:path'
import { Server } from '@hocuspocus/server'
import type { ServerConfig } from './config.ts'
import { HttpRoutes } from './extensions/HttpRoutes.ts'
import { Persistence } from './extensions/Persistence.ts'
import { SessionGate } from './extensions/SessionGate.ts'
import { SqliteStore } from './storage/SqliteStore.ts'

export const DATABASE_FILE_NAME = 'codev.sqlite'

export interface CodevServer {
  readonly hocuspocus: Server
  readonly store: SqliteStore
  /** Starts listening; resolves with the http URL (port 0 resolves to the real port). */
  listen(): Promise<string>
  /** Stops accepting, flushes documents, closes the store. */
  destroy(): Promise<void>
}

export function createCodevServer(config: ServerConfig): CodevServer {
  const store = new SqliteStore(path.join(config.dataDir, DATABASE_FILE_NAME))
  const hocuspocus = new Server({
    port: config.port,
    address: config.host,
    quiet: true,
    stopOnSignals: false,
    websocketOptions: { maxPayload: config.maxMessageBytes },
    extensions: [new HttpRoutes(store, config), new SessionGate(store), new Persistence(store)],
  })

  return {
    hocuspocus,
    store,
    async listen() {
      await hocuspocus.listen()
      const { port } = hocuspocus.address
      return `http://${config.host}:${port}`
    },
    async destroy() {
      await hocuspocus.destroy()
      store.close()
    },
  }
}
