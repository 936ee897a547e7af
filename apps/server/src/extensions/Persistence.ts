/**
 * Persistence: loads a session document from the store and appends every update to
 * the store's log, and the sender is acknowledged only once that append is durable.
 * Hocuspocus' debounced store hook is used only to compact the log into a snapshot,
 * never as the durability mechanism (docs/decisions/0004-storage-and-scale.md).
 *
 * How the acknowledgement waits: Hocuspocus awaits every extension's `beforeSync`
 * before it applies a client's update and sends the `SyncStatus` ack. Authorization
 * (priority 500) applies the update inside its `beforeSync`; the document's update
 * handler then queues the append and chains it on the document's pending appends.
 * `DurableAcks` (priority 10, after Authorization) awaits that chain, so the ack
 * leaves only after the commit; if the append fails, the hook throws and no ack is
 * sent.
 *
 * Group commit (docs/decisions/0007-group-commit.md): the updates of every document
 * applied in one event-loop turn, or while the previous commit is in flight, are
 * appended in ONE transaction, and their acks are released together once it is
 * durable. One fsync then covers a whole turn's updates instead of one each.
 *
 * Updates that arrive from another instance through Redis are not appended again:
 * the instance that received them from a client (or wrote them) already did.
 */
import type {
  afterUnloadDocumentPayload,
  beforeSyncPayload,
  Extension,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server'
import * as Y from 'yjs'
import type { DocumentStore, LogEntry } from '../storage/Storage.ts'

/**
 * A failed append is retried after these delays (~10 s in all) before the ack is
 * refused: a short database hiccup only delays acknowledgements.
 */
const APPEND_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600, 3200, 3200]
const MESSAGE_SYNC_STEP_1 = 0

/** The log of one loaded document: the live document and its appends in flight. */
interface DocumentLog {
  document: Y.Doc
  /** Settles when every append started so far has; rejects if one failed for good. */
  tail: Promise<void>
}

/** An update waiting for the next group commit, and how to tell its waiters. */
interface QueuedEntry {
  entry: LogEntry
  durable: () => void
  failed: (error: unknown) => void
}

export class Persistence implements Extension {
  priority = 1000
  private readonly store: DocumentStore
  private readonly logs = new Map<string, DocumentLog>()
  private readonly retryDelaysMs: readonly number[]
  private readonly compactAfterUpdates: number
  /** Updates of any document waiting for the next commit, in the order they were applied. */
  private queue: QueuedEntry[] = []
  private flushScheduled = false
  private committing = false

  constructor(
    store: DocumentStore,
    {
      compactAfterUpdates = 200,
      retryDelaysMs = APPEND_RETRY_DELAYS_MS,
    }: { compactAfterUpdates?: number; retryDelaysMs?: readonly number[] } = {},
  ) {
    this.store = store
    this.compactAfterUpdates = compactAfterUpdates
    this.retryDelaysMs = retryDelaysMs
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const stored = await this.store.loadDocument(documentName)
    Y.transact(document, () => {
      if (stored.snapshot) Y.applyUpdate(document, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(document, update)
    })
    const log: DocumentLog = { document, tail: Promise.resolve() }
    this.logs.set(documentName, log)
    document.on('update', (update: Uint8Array, origin: unknown) => {
      if (isFromRedis(origin)) return
      this.append(documentName, log, update)
    })
  }

  private append(documentName: string, log: DocumentLog, update: Uint8Array): void {
    const appended = this.enqueue({ document: documentName, update })
    log.tail = Promise.all([log.tail, appended]).then(() => {})
    log.tail.catch(() => {}) // handled by durable()
  }

  /** Queues an entry for the next group commit; resolves once it is durable. */
  private enqueue(entry: LogEntry): Promise<void> {
    const appended = new Promise<void>((durable, failed) => {
      this.queue.push({ entry, durable, failed })
    })
    this.scheduleFlush()
    return appended
  }

  /**
   * The commit runs once the current event-loop turn is over (`setImmediate`: after
   * every message read in this turn has been applied), or right after the commit in
   * flight. Under load the batches grow by themselves: the longer a commit takes, the
   * more updates the next one carries.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.committing) return
    this.flushScheduled = true
    setImmediate(() => {
      this.flushScheduled = false
      void this.flush()
    })
  }

  private async flush(): Promise<void> {
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    this.committing = true
    try {
      await this.withRetries(() => this.store.appendUpdates(batch.map((queued) => queued.entry)))
      for (const queued of batch) queued.durable()
    } catch (error) {
      // The transaction is all or nothing: none of the batch is in the log.
      for (const queued of batch) queued.failed(error)
    } finally {
      this.committing = false
      if (this.queue.length > 0) this.scheduleFlush()
    }
  }

  private async withRetries(append: () => Promise<void>): Promise<void> {
    for (const delayMs of this.retryDelaysMs) {
      try {
        return await append()
      } catch {
        await new Promise((resolve) => setTimeout(resolve, delayMs))
      }
    }
    return append()
  }

  /**
   * Resolves once every update applied so far to this document is durable. If an
   * append failed for good, the log misses an update that the live document holds
   * (and that a client's resend would not re-apply): append the whole document
   * state, which covers it, before anything more is acknowledged. Throws while the
   * store stays unavailable, so no ack is sent.
   */
  async durable(documentName: string): Promise<void> {
    const log = this.logs.get(documentName)
    if (!log) return
    try {
      await log.tail
      return
    } catch {
      const repair = this.enqueue({
        document: documentName,
        update: Y.encodeStateAsUpdate(log.document),
      })
      log.tail = repair
      log.tail.catch(() => {})
      await repair
    }
  }

  async onStoreDocument({ documentName }: onStoreDocumentPayload): Promise<void> {
    await this.durable(documentName)
    if ((await this.store.countUpdates(documentName)) < this.compactAfterUpdates) return
    // Fold what is stored (not the live document): an update that another instance
    // appended and that has not reached this one yet stays in the log or the snapshot.
    await this.store.compact(documentName, foldUpdates, Date.now())
  }

  async afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload): Promise<void> {
    // A document loaded again meanwhile has a log of its own already.
    if (!instance.documents.has(documentName)) this.logs.delete(documentName)
  }
}
/**
 * Holds the sender's acknowledgement until its update is durable. Runs after every
 * other `beforeSync` hook: Authorization (priority 500) has applied the update and
 * its append has started. Hocuspocus applies the payload again after the hooks and
 * then acks; applying it here first is the same no-op when Authorization already
 * did, and makes this extension sufficient on its own.
 */
export class DurableAcks implements Extension {
  priority = 10
  private readonly persistence: Persistence

  constructor(persistence: Persistence) {
    this.persistence = persistence
  }

  async beforeSync({
    type,
    payload,
    connection,
    document,
    documentName,
  }: beforeSyncPayload): Promise<void> {
    // Read-only writes are dropped by Hocuspocus after the hooks: never apply them.
    if (type === MESSAGE_SYNC_STEP_1 || connection.readOnly) return
    Y.applyUpdate(document, payload, { source: 'connection', connection })
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
