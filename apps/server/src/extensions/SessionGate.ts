/**
 * SessionGate: a WebSocket may only open a document that is a known session, so a
 * client cannot make the server create documents of its own choosing.
 */
import type { Extension, onConnectPayload } from '@hocuspocus/server'
import type { SqliteStore } from '../storage/SqliteStore.ts'

export class SessionGate implements Extension {
  priority = 900
  private readonly store: SqliteStore

  constructor(store: SqliteStore) {
    this.store = store
  }

  async onConnect({ documentName }: onConnectPayload): Promise<void> {
    if (!this.store.sessionExists(documentName)) {
      throw Object.assign(new Error(`unknown session "${documentName}"`), {
        reason: 'session-not-found',
      })
    }
  }
}
