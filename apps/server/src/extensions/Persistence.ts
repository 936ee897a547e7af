/**
 * Persistence: loads a session document from the store and appends every update to
 * the store's log, and the sender is acknowledged only once that append is durable.
 * Hocuspocus' debounced store hook is used only to compact the log into a snapshot,
 * never as the durability mechanism (docs/decisions/0004-storage-and-scale.md).
 *
 * How the acknowledgement waits: Hocuspocus awaits every extension's `beforeSync`
 * before it applies a client's update and sends the `SyncStatus` ack. Authorization
 * (priority 500) applies the update inside its `beforeSync`; the document's update
 * handler then starts the append at once (SQLite commits right there) and chains it
 * on the document's pending appends. `DurableAcks` (priority 10, after
 * Authorization) awaits that chain, so the ack leaves only after the commit; if the
 * append fails, the hook throws and no ack is sent.
 *
 * Updates that arrive from another instance through Redis are not appended again:
 * the instance that received them from a client (or wrote them) already did.
 */
import type {
  beforeSyncPayload,
  Extension,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server'
import * as Y from 'yjs'
import type { DocumentStore } from '../storage/Storage.ts'

/** Fold the log into a snapshot once it holds this many updates. */
const COMPACT_AFTER_UPDATES = 200

export class Persistence implements Extension {
  priority = 1000
  private readonly store: DocumentStore
  /** Per document, the last append in flight (each append chains on the previous). */
  private readonly pending = new Map<string, Promise<void>>()

  constructor(store: DocumentStore) {
    this.store = store
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const stored = await this.store.loadDocument(documentName)
    Y.transact(document, () => {
      if (stored.snapshot) Y.applyUpdate(document, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(document, update)
    })
    document.on('update', (update: Uint8Array, origin: unknown) => {
      if (isFromRedis(origin)) return
      this.append(documentName, update)
    })
  }

  /** Starts the append now (SQLite commits synchronously here) and records it. */
  private append(documentName: string, update: Uint8Array): void {
    const appended = this.store.appendUpdate(documentName, update)
    const previous = this.pending.get(documentName)
    const chained = previous ? Promise.all([previous, appended]).then(() => {}) : appended
    this.pending.set(documentName, chained)
    // Forget the chain once it settles, unless a later append replaced it.
    chained.then(
      () => this.pending.get(documentName) === chained && this.pending.delete(documentName),
      () => {},
    )
  }

  /** Resolves once every update appended so far for this document is durable. */
  async durable(documentName: string): Promise<void> {
    await this.pending.get(documentName)
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    await this.durable(documentName)
    if ((await this.store.countUpdates(documentName)) < COMPACT_AFTER_UPDATES) return
    // Fold what is stored (not the live document): an update that another instance
    // appended and that has not reached this one yet stays in the log or the snapshot.
    await this.store.compact(documentName, foldUpdates, Date.now())
    void document
  }
}

/**
 * Holds the sender's acknowledgement until its update is durable. Runs after every
 * other `beforeSync` hook (Authorization applies the update in its own).
 */
export class DurableAcks implements Extension {
  priority = 10
  private readonly persistence: Persistence

  constructor(persistence: Persistence) {
    this.persistence = persistence
  }

  async beforeSync({ documentName }: beforeSyncPayload): Promise<void> {
    await this.persistence.durable(documentName)
  }
}

/** A snapshot holding every part: applied to one fresh document, then encoded (GC on). */
export function foldUpdates(parts: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc()
  Y.transact(doc, () => {
    for (const part of parts) Y.applyUpdate(doc, part)
  })
  const snapshot = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return snapshot
}

function isFromRedis(origin: unknown): boolean {
  return (
    typeof origin === 'object' &&
    origin !== null &&
    (origin as { source?: unknown }).source === 'redis'
  )
}
