/**
 * One document's compaction on a SQLite connection, inside the caller's transaction,
 * which must hold the write lock (`BEGIN IMMEDIATE`): every row read here is folded,
 * and none can come in before the deletion. Run by the writer thread
 * (sqliteWriterThread.ts) and, for a `:memory:` database, by SqliteStore itself.
 */
import type { DatabaseSync } from 'node:sqlite'
import { foldUpdates } from './foldUpdates.ts'

export function compactLog(db: DatabaseSync, document: string, now: number): void {
  const rows = db
    .prepare('SELECT seq, data FROM document_updates WHERE document = ? ORDER BY seq')
    .all(document) as { seq: number; data: Uint8Array }[]
  if (rows.length === 0) return
  const snapshot = (
    db.prepare('SELECT data FROM document_snapshots WHERE document = ?').get(document) as
      | { data: Uint8Array }
      | undefined
  )?.data
  const parts = rows.map((row) => row.data)
  db.prepare(
    `INSERT INTO document_snapshots (document, data, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (document) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  ).run(document, foldUpdates(snapshot ? [snapshot, ...parts] : parts), now)
  db.prepare('DELETE FROM document_updates WHERE document = ? AND seq <= ?').run(
    document,
    rows.at(-1)!.seq,
  )
}
