/**
 * Persistence: loads a session document from the store and appends every update to
 * the store's log, and the sender is acknowledged only once that append is durable.
 * Hocuspocus' debounced store hook is used only to compact the log into a snapshot,
 * never as the durability mechanism (docs/decisions/0004-storage-and-scale.md).
 *
 * How the acknowledgement waits: applying a client's update (Authorization, then
 * Hocuspocus) fires the document's update handler, which queues the append and chains
 * it on the document's pending appends. `DurableAcks` holds the `SyncStatus` ack that
 * Hocuspocus sends next until that chain has committed; the connection's later
 * messages are applied and broadcast meanwhile. If the append fails for good, the
 * connection is closed and no ack is sent.
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
  Connection,
  Extension,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server'
import * as Y from 'yjs'
import type { DocumentStore, LogEntry } from '../storage/Storage.ts'
import { MESSAGE_SYNC_STATUS, messageTypeOffset } from './frames.ts'

/**
 * A failed append is retried after these delays (~10 s in all) before the ack is
 * refused: a short database hiccup only delays acknowledgements.
 */
const APPEND_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600, 3200, 3200]
/**
 * Under load, a commit starts at most this long after the one before: at most 100
 * commits (fsyncs, and wake-ups of the writer thread) a second, each carrying more
 * updates; an update waits up to 10 ms more for its ack. Idle, a lone update is
 * committed at once.
 */
const MIN_COMMIT_INTERVAL_MS = 10
/** Closes a connection whose updates could not be stored (docs/PROTOCOL.md). */
const STORAGE_UNAVAILABLE = { code: 4503, reason: 'storage/unavailable' }

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
  private readonly minCommitIntervalMs: number
  private lastCommitAt = Number.NEGATIVE_INFINITY

  constructor(
    store: DocumentStore,
    {
      compactAfterUpdates = 200,
      retryDelaysMs = APPEND_RETRY_DELAYS_MS,
      minCommitIntervalMs = MIN_COMMIT_INTERVAL_MS,
    }: {
      compactAfterUpdates?: number
      retryDelaysMs?: readonly number[]
      minCommitIntervalMs?: number
    } = {},
  ) {
    this.store = store
    this.compactAfterUpdates = compactAfterUpdates
    this.retryDelaysMs = retryDelaysMs
    this.minCommitIntervalMs = minCommitIntervalMs
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
   * flight, but not sooner than `minCommitIntervalMs` after the previous one started.
   * Under load the batches grow by themselves: the longer a commit takes, the more
   * updates the next one carries.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.committing) return
    this.flushScheduled = true
    const run = () => {
      this.flushScheduled = false
      void this.flush()
    }
    const wait = this.lastCommitAt + this.minCommitIntervalMs - performance.now()
    if (wait > 0) setTimeout(run, wait)
    else setImmediate(run)
  }

  private async flush(): Promise<void> {
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    this.committing = true
    this.lastCommitAt = performance.now()
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
    await this.store.compact(documentName, Date.now())
  }

  async afterUnloadDocument({ documentName, instance }: afterUnloadDocumentPayload): Promise<void> {
    // A document loaded again meanwhile has a log of its own already.
    if (!instance.documents.has(documentName)) this.logs.delete(documentName)
  }
}
/**
 * Holds each acknowledgement (`SyncStatus`) until the update it acknowledges is
 * durable, and nothing else: the connection's messages are applied and broadcast at
 * once, and only the acks wait, in order, for the commit that holds them. Waiting in
 * `beforeSync` instead would hold the connection's whole message queue (Hocuspocus
 * handles a connection's messages one by one), so a burst of N messages would take N
 * commits to get through (docs/decisions/0007-group-commit.md, "Acks, not messages").
 *
 * Hocuspocus sends the ack from its `MessageReceiver` right after applying the update,
 * so the ack is held where it leaves: the connection's `send`. When it is called with
 * an ack, every update of the document applied so far (this one included) is in the
 * commit queue, and `durable` settles once they are stored. If they cannot be stored,
 * the connection is closed without the ack; the client resends on reconnection and
 * `durable` repairs the log with the whole state first.
 */
export class DurableAcks implements Extension {
  priority = 10
  private readonly persistence: Persistence
  private readonly holding = new WeakSet<Connection>()

  constructor(persistence: Persistence) {
    this.persistence = persistence
  }

  // The first sync message of a connection comes before its first ack.
  async beforeSync({ connection }: beforeSyncPayload): Promise<void> {
    // A read-only connection's acks say "not saved": nothing to wait for.
    if (connection.readOnly || this.holding.has(connection)) return
    this.holding.add(connection)
    holdAcksUntilDurable(connection, () => this.persistence.durable(connection.document.name))
  }
}

function holdAcksUntilDurable(connection: Connection, durable: () => Promise<void>): void {
  const send = connection.send.bind(connection)
  const typeAt = messageTypeOffset(connection)
  let acks = Promise.resolve()
  connection.send = (message: Uint8Array) => {
    if (message[typeAt] !== MESSAGE_SYNC_STATUS) return send(message)
    const stored = durable()
    acks = acks.then(() => stored).then(() => send(message))
    acks.catch(() => connection.close(STORAGE_UNAVAILABLE))
  }
}

function isFromRedis(origin: unknown): boolean {
  return (
    typeof origin === 'object' &&
    origin !== null &&
    (origin as { source?: unknown }).source === 'redis'
  )
}
