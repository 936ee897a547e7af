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
import { compactLog } from './compactLog.ts'
import type { Write, WriterOptions, WriterReply, WriterRequest } from './sqliteWriter.ts'

const port = parentPort!
const { file, busyTimeoutMs } = workerData as WriterOptions

const db = new DatabaseSync(file)
// busy_timeout first: the main connection may hold the write lock (compaction, groups).
db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
db.exec('PRAGMA journal_mode = WAL')
db.exec('PRAGMA synchronous = FULL')
const insert = db.prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)')

function write(request: Write): void {
  if (request.type === 'append') {
    for (const { document, update } of request.entries) insert.run(document, update)
  } else {
    // This connection's later appends come after this message.
    compactLog(db, request.document, request.now)
  }
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
