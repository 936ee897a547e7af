/**
 * The embedded store: one SQLite file holding the sessions and, per session document,
 * an append-only log of Yjs updates plus a compacted snapshot.
 *
 * Every update is appended synchronously (node:sqlite is synchronous) from the
 * document's update handler, before the server acknowledges it, so a kill -9 loses
 * nothing that a client saw acknowledged. Compaction folds the log into a snapshot in
 * one SQLite transaction. The schema is versioned (migrations.ts); groups, members
 * and invitations live in the same file (AppStore.ts). It does not know about Yjs beyond opaque byte arrays.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { migrate } from './migrations.ts'

export interface StoredDocument {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
}

export class SqliteStore {
  readonly file: string
  /** The one connection; AppStore shares it so documents and groups live in one file. */
  readonly db: DatabaseSync
  /** Called with the duration of each storage write, for the latency histogram. */
  observeLatency: (operation: 'append' | 'compact', seconds: number) => void = () => {}

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
  }

  sessionExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id) !== undefined
  }

  appendUpdate(document: string, update: Uint8Array): void {
    const started = performance.now()
    this.db
      .prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)')
      .run(document, update)
    this.observeLatency('append', (performance.now() - started) / 1000)
  }

  loadDocument(document: string): StoredDocument {
    const snapshotRow = this.db
      .prepare('SELECT data FROM document_snapshots WHERE document = ?')
      .get(document) as { data: Uint8Array } | undefined
    const updateRows = this.db
      .prepare('SELECT data FROM document_updates WHERE document = ? ORDER BY seq')
      .all(document) as { data: Uint8Array }[]
    return { snapshot: snapshotRow?.data ?? null, updates: updateRows.map((row) => row.data) }
  }

  countUpdates(document: string): number {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM document_updates WHERE document = ?')
      .get(document) as { n: number }
    return row.n
  }

  /**
   * Replaces the log of a document by a snapshot that already contains all of it.
   * The caller encodes the snapshot from the live document in the same tick, so no
   * update can be appended between the encoding and this transaction.
   */
  compact(document: string, snapshot: Uint8Array, now: number): void {
    const started = performance.now()
    this.db.exec('BEGIN IMMEDIATE')
    try {
      this.db
        .prepare(
          `INSERT INTO document_snapshots (document, data, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (document) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
        )
        .run(document, snapshot, now)
      this.db.prepare('DELETE FROM document_updates WHERE document = ?').run(document)
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
    this.observeLatency('compact', (performance.now() - started) / 1000)
  }

  /** Removes every stored byte of these documents (group deletion). */
  deleteDocuments(documents: readonly string[]): void {
    const updates = this.db.prepare('DELETE FROM document_updates WHERE document = ?')
    const snapshots = this.db.prepare('DELETE FROM document_snapshots WHERE document = ?')
    for (const document of documents) {
      updates.run(document)
      snapshots.run(document)
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close()
  }
}
