/**
 * The embedded store: one SQLite file holding the sessions and, per session document,
 * an append-only log of Yjs updates plus a compacted snapshot.
 *
 * Log appends (several in one transaction when Persistence groups them: group commit)
 * are committed on a writer thread with its own connection to the file (sqliteWriter.ts,
 * decision 0011), so the event loop never waits for their fsync; the promise resolves
 * once the COMMIT returned (WAL, synchronous = FULL), before the server acknowledges
 * them, so a kill -9 loses nothing that a client saw acknowledged. Batches commit in
 * the order submitted, and a deletion waits for the appends submitted before it.
 * Compactions (read, fold, write: one transaction) run on the same thread, in the same
 * queue. Everything else (reads, groups in AppStore.ts) runs on the main connection;
 * WAL lets both connections work, busy_timeout makes them wait for each other's write
 * lock. A `:memory:` database cannot be shared: it appends and compacts in-thread. The
 * schema is versioned (migrations.ts). It reads the bytes it stores as Yjs updates
 * only to fold them (compactLog.ts, foldUpdates.ts).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { AppStore } from './AppStore.ts'
import { compactLog } from './compactLog.ts'
import { migrate } from './migrations.ts'
import type {
  DocumentStore,
  LogEntry,
  Storage,
  StorageOperation,
  StoredDocument,
} from './Storage.ts'
import { SqliteWriter } from './sqliteWriter.ts'

const BUSY_TIMEOUT_MS = 5000

export class SqliteStore implements Storage, DocumentStore {
  readonly kind = 'sqlite' as const
  readonly file: string
  /** The main connection; AppStore shares it so documents and groups live in one file. */
  readonly db: DatabaseSync
  readonly documents: DocumentStore = this
  readonly app: AppStore
  /** Called with the duration of each storage write, for the latency histogram. */
  observeLatency: (operation: StorageOperation, seconds: number) => void = () => {}
  /** Started at the first append; null for `:memory:`, which appends in-thread. */
  private writer: SqliteWriter | null = null
  /**
   * Set while a deletion waits for earlier appends or runs: later appends, reads,
   * deletions and compactions wait for it.
   */
  private exclusive: Promise<void> | null = null
  private closed = false

  constructor(file: string) {
    this.file = file
    if (!this.inMemory) mkdirSync(path.dirname(file), { recursive: true })
    this.db = new DatabaseSync(file)
    // WAL keeps readers off the writer's back; synchronous=FULL makes each commit durable.
    this.db.exec('PRAGMA journal_mode = WAL')
    this.db.exec('PRAGMA synchronous = FULL')
    this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
    this.db.exec('PRAGMA foreign_keys = ON')
    migrate(this.db)
    this.app = new SqliteAppStore(this)
  }

  private get inMemory(): boolean {
    return this.file === ':memory:' || this.file === ''
  }

  get location(): string {
    return this.file
  }

  sessionExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id) !== undefined
  }

  async appendUpdate(document: string, update: Uint8Array): Promise<void> {
    return this.appendUpdates([{ document, update }])
  }

  async appendUpdates(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return
    if (this.inMemory) return this.appendInThread(entries)
    if (this.closed) throw new Error('The SQLite store is closed')
    if (this.exclusive) await this.exclusive
    return this.writerThread().append(entries)
  }

  private writerThread(): SqliteWriter {
    // closeNow() while waiting: no thread is started for a closed store.
    if (this.closed && !this.writer) throw new Error('The SQLite store is closed')
    this.writer ??= new SqliteWriter(
      { file: this.file, busyTimeoutMs: BUSY_TIMEOUT_MS },
      (type, seconds) => this.observeLatency(type === 'append' ? 'append' : 'compact', seconds),
    )
    return this.writer
  }

  private appendInThread(entries: readonly LogEntry[]): void {
    const started = performance.now()
    const insert = this.db.prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)')
    // A savepoint, not BEGIN: inside another transaction of this connection it nests;
    // alone it is a transaction of its own.
    this.db.exec('SAVEPOINT append_batch')
    try {
      for (const { document, update } of entries) insert.run(document, update)
      this.db.exec('RELEASE append_batch')
    } catch (error) {
      this.db.exec('ROLLBACK TO append_batch')
      this.db.exec('RELEASE append_batch')
      throw error
    }
    this.observeLatency('append', (performance.now() - started) / 1000)
  }

  /**
   * Resolves once every append and deletion submitted so far has settled, so a read
   * sees the writes asked for before it, as when appends committed in-thread (the HTTP
   * API reads stored documents right after a session command).
   */
  private async earlierWrites(): Promise<void> {
    if (this.exclusive) await this.exclusive
    await this.writer?.drained()
  }

  async loadDocument(document: string): Promise<StoredDocument> {
    await this.earlierWrites()
    const snapshotRow = this.db
      .prepare('SELECT data FROM document_snapshots WHERE document = ?')
      .get(document) as { data: Uint8Array } | undefined
    const updateRows = this.db
      .prepare('SELECT data FROM document_updates WHERE document = ? ORDER BY seq')
      .all(document) as { data: Uint8Array }[]
    return { snapshot: snapshotRow?.data ?? null, updates: updateRows.map((row) => row.data) }
  }

  async countUpdates(document: string): Promise<number> {
    await this.earlierWrites()
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM document_updates WHERE document = ?')
      .get(document) as { n: number }
    return row.n
  }

  /**
   * The writer thread reads, folds and replaces the folded rows with the snapshot in
   * one transaction, in its queue like an append: none of it runs on the event loop.
   * Appends submitted before it are folded, those after it stay in the log, and a
   * deletion asked for later waits for it (`afterEarlierAppends`).
   */
  async compact(document: string, now: number): Promise<void> {
    if (this.inMemory) return this.compactInThread(document, now)
    if (this.closed) throw new Error('The SQLite store is closed')
    if (this.exclusive) await this.exclusive
    return this.writerThread().compact(document, now)
  }

  /** `:memory:`: the whole compaction in one transaction of the only connection. */
  private compactInThread(document: string, now: number): void {
    const started = performance.now()
    this.db.exec('BEGIN IMMEDIATE')
    try {
      compactLog(this.db, document, now)
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
    this.observeLatency('compact', (performance.now() - started) / 1000)
  }

  /** Removes every stored byte of these documents (group deletion). */
  async deleteDocuments(documents: readonly string[]): Promise<void> {
    return this.afterEarlierAppends(() => this.deleteDocumentsNow(documents))
  }

  /**
   * Runs `work` on the main connection once every append submitted before has
   * committed or failed on the writer thread; appends submitted meanwhile wait for it,
   * so a deletion and the appends (and compactions) around it land in the order they
   * were asked for.
   */
  afterEarlierAppends<T>(work: () => T | Promise<T>): Promise<T> {
    const before = this.exclusive ?? Promise.resolve()
    const done = before.then(() => this.writer?.drained()).then(work)
    const gate = done.then(
      () => {},
      () => {},
    )
    this.exclusive = gate
    void gate.then(() => {
      if (this.exclusive === gate) this.exclusive = null
    })
    return done
  }

  /** Synchronous, for AppStore's transactions. */
  deleteDocumentsNow(documents: readonly string[]): void {
    // A session's document and its members' private spaces (`<session>/<space>/<member>`).
    const updates = this.db.prepare(
      "DELETE FROM document_updates WHERE document = ? OR substr(document, 1, length(?) + 1) = ? || '/'",
    )
    const snapshots = this.db.prepare(
      "DELETE FROM document_snapshots WHERE document = ? OR substr(document, 1, length(?) + 1) = ? || '/'",
    )
    for (const document of documents) {
      updates.run(document, document, document)
      snapshots.run(document, document, document)
    }
  }

  /** Lets every append submitted so far commit (or fail), stops the writer thread, closes. */
  async close(): Promise<void> {
    this.closed = true
    if (this.exclusive) await this.exclusive
    await this.writer?.close()
    this.closeNow()
  }

  /**
   * Closes the main connection at once; the writer thread still commits what it was
   * given, then stops. For tests and tools that do not wait.
   */
  closeNow(): void {
    this.closed = true
    this.writer?.closeSoon()
    if (this.db.isOpen) this.db.close()
  }
}

/** AppStore whose group deletion waits for the appends submitted before it. */
class SqliteAppStore extends AppStore {
  private readonly store: SqliteStore

  constructor(store: SqliteStore) {
    super(store.db, (documents) => store.deleteDocumentsNow(documents))
    this.store = store
  }

  override deleteGroup(groupId: string): Promise<string[]> {
    return this.store.afterEarlierAppends(() => super.deleteGroup(groupId))
  }
}
