/**
 * Persistence: loads a session document from the store and appends every update to
 * the store's log the moment it is applied, before the sender gets its
 * acknowledgement. Hocuspocus' debounced store hook is used only to compact the log
 * into a snapshot, never as the durability mechanism.
 */
import type { Extension, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server'
import * as Y from 'yjs'
import type { SqliteStore } from '../storage/SqliteStore.ts'

/** Fold the log into a snapshot once it holds this many updates. */
const COMPACT_AFTER_UPDATES = 200

export class Persistence implements Extension {
  priority = 1000
  private readonly store: SqliteStore

  constructor(store: SqliteStore) {
    this.store = store
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const stored = this.store.loadDocument(documentName)
    Y.transact(document, () => {
      if (stored.snapshot) Y.applyUpdate(document, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(document, update)
    })
    document.on('update', (update: Uint8Array) => {
      this.store.appendUpdate(documentName, update)
    })
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    if (this.store.countUpdates(documentName) < COMPACT_AFTER_UPDATES) return
    this.store.compact(documentName, Y.encodeStateAsUpdate(document), Date.now())
  }
}
