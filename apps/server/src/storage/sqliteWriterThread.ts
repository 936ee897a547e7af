/**
 * The SQLite writer thread (started by SqliteWriter, sqliteWriter.ts): its own
 * connection to the store's file commits the log appends and the compactions, so the
 * server's event loop never waits for their fsync, nor for a compaction's reading and
 * folding (milliseconds per document, more as it grows). One message at a time, in
 * the order received: each is ONE transaction, and the reply leaves only once its
 * COMMIT has returned.
 *
 * Runs as plain Node (type stripping, no build step): keep it free of TypeScript-only
 * syntax.
 */
import { DatabaseSync } from 'node:sqlite'
import { parentPort, workerData } from 'node:worker_threads'
import { foldUpdates } from './foldUpdates.ts'
import type { Write, WriterOptions, WriterReply, WriterRequest } from './sqliteWriter.ts'

const port = parentPort!
const { file, busyTimeoutMs } = workerData as WriterOptions

const db = new DatabaseSync(file)
// busy_timeout first: the main connection may hold the write lock (compaction, groups).
db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
db.exec('PRAGMA journal_mode = WAL')
db.exec('PRAGMA synchronous = FULL')
const insert = db.prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)')
const putSnapshot = db.prepare(
  `INSERT INTO document_snapshots (document, data, updated_at) VALUES (?, ?, ?)
   ON CONFLICT (document) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
)
const deleteFolded = db.prepare('DELETE FROM document_updates WHERE document = ? AND seq <= ?')
const readSnapshot = db.prepare('SELECT data FROM document_snapshots WHERE document = ?')
const readLog = db.prepare('SELECT seq, data FROM document_updates WHERE document = ? ORDER BY seq')

function write(request: Write): void {
  if (request.type === 'append') {
    for (const { document, update } of request.entries) insert.run(document, update)
  } else {
    compact(request.document, request.now)
  }
}

/**
 * Inside the transaction, which holds the write lock: every row read here is folded,
 * and no row can be added before the deletion (this connection's appends come after
 * this message; another connection's wait for the lock).
 */
function compact(document: string, now: number): void {
  const rows = readLog.all(document) as { seq: number; data: Uint8Array }[]
  if (rows.length === 0) return
  const snapshot = (readSnapshot.get(document) as { data: Uint8Array } | undefined)?.data
  const parts = rows.map((row) => row.data)
  putSnapshot.run(document, foldUpdates(snapshot ? [snapshot, ...parts] : parts), now)
  deleteFolded.run(document, rows.at(-1)!.seq)
}

function commit(request: Write): WriterReply {
  const started = performance.now()
  try {
    // IMMEDIATE takes the write lock up front, through the busy handler (a deferred
    // transaction could fail with SQLITE_BUSY_SNAPSHOT when upgrading).
    db.exec('BEGIN IMMEDIATE')
    try {
      write(request)
      db.exec('COMMIT')
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK')
      throw error
    }
    return { id: request.id, seconds: (performance.now() - started) / 1000 }
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) }
  }
}

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    db.close()
    port.close()
    return
  }
  port.postMessage(commit(request))
})
