/**
 * The embedded store: one SQLite file holding the sessions and, per session document,
 * an append-only log of Yjs updates plus a compacted snapshot.
 *
 * Updates are appended synchronously (node:sqlite is synchronous), several in one
 * transaction when Persistence groups them (group commit), before the server
 * acknowledges them, so a kill -9 loses nothing that a client saw acknowledged. Compaction folds the log into a snapshot in
 * one SQLite transaction. The schema is versioned (migrations.ts); groups, members
 * and invitations live in the same file (AppStore.ts). It does not know about Yjs beyond opaque byte arrays.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { AppStore } from './AppStore.ts'
import { migrate } from './migrations.ts'
import type {
  DocumentStore,
  LogEntry,
  Storage,
  StorageOperation,
  StoredDocument,
} from './Storage.ts'

export class SqliteStore implements Storage, DocumentStore {
  readonly kind = 'sqlite' as const
  readonly file: string
  /** The one connection; AppStore shares it so documents and groups live in one file. */
  readonly db: DatabaseSync
  readonly documents: DocumentStore = this
  readonly app: AppStore
  /** Called with the duration of each storage write, for the latency histogram. */
  observeLatency: (operation: StorageOperation, seconds: number) => void = () => {}

  constructor(file: string) {
    this.file = file
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
    this.db = new DatabaseSync(file)
    // WAL keeps readers off the writer's back; synchronous=FULL makes each commit durable.
    this.db.exec('PRAGMA journal_mode = WAL')
    this.db.exec('PRAGMA synchronous = FULL')
    this.db.exec('PRAGMA busy_timeout = 5000')
    this.db.exec('PRAGMA foreign_keys = ON')
    migrate(this.db)
    this.app = new AppStore(this.db, (documents) => this.deleteDocumentsNow(documents))
  }

  get location(): string {
    return this.file
  }

  sessionExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id) !== undefined
  }

  // The promise-returning methods do their work synchronously before returning: an
  // append is committed the moment appendUpdate returns, as before the async contract.
  async appendUpdate(document: string, update: Uint8Array): Promise<void> {
    const started = performance.now()
    this.db
      .prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)')
      .run(document, update)
    this.observeLatency('append', (performance.now() - started) / 1000)
  }

  async appendUpdates(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return
    const started = performance.now()
    const insert = this.db.prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)')
    this.db.exec('BEGIN')
    try {
      for (const { document, update } of entries) insert.run(document, update)
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
    this.observeLatency('append', (performance.now() - started) / 1000)
  }

  async loadDocument(document: string): Promise<StoredDocument> {
    const snapshotRow = this.db
      .prepare('SELECT data FROM document_snapshots WHERE document = ?')
      .get(document) as { data: Uint8Array } | undefined
    const updateRows = this.db
      .prepare('SELECT data FROM document_updates WHERE document = ? ORDER BY seq')
      .all(document) as { data: Uint8Array }[]
    return { snapshot: snapshotRow?.data ?? null, updates: updateRows.map((row) => row.data) }
  }

  async countUpdates(document: string): Promise<number> {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM document_updates WHERE document = ?')
      .get(document) as { n: number }
    return row.n
  }

  async compact(
    document: string,
    fold: (parts: Uint8Array[]) => Uint8Array,
    now: number,
  ): Promise<void> {
    const started = performance.now()
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const snapshot = (
        this.db.prepare('SELECT data FROM document_snapshots WHERE document = ?').get(document) as
          | { data: Uint8Array }
          | undefined
      )?.data
      const rows = this.db
        .prepare('SELECT seq, data FROM document_updates WHERE document = ? ORDER BY seq')
        .all(document) as { seq: number; data: Uint8Array }[]
      if (rows.length > 0) {
        const parts = snapshot
          ? [snapshot, ...rows.map((row) => row.data)]
          : rows.map((row) => row.data)
        this.db
          .prepare(
            `INSERT INTO document_snapshots (document, data, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (document) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
          )
          .run(document, fold(parts), now)
        this.db
          .prepare('DELETE FROM document_updates WHERE document = ? AND seq <= ?')
          .run(document, rows.at(-1)!.seq)
      }
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
    this.observeLatency('compact', (performance.now() - started) / 1000)
  }

  /** Removes every stored byte of these documents (group deletion). */
  async deleteDocuments(documents: readonly string[]): Promise<void> {
    this.deleteDocumentsNow(documents)
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

  async close(): Promise<void> {
    this.closeNow()
  }

  closeNow(): void {
    if (this.db.isOpen) this.db.close()
  }
}
