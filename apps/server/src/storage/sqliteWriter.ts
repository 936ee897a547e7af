/**
 * The main thread's side of the SQLite writer thread (sqliteWriterThread.ts): posts
 * batches of log entries and compactions, in order, and settles each one's promise
 * when the thread replies — resolved once its COMMIT returned (durable), rejected
 * when it rolled back. If the thread dies, every batch in flight and every later one
 * is rejected.
 */
import { Worker } from 'node:worker_threads'
import type { LogEntry } from './Storage.ts'

export interface WriterOptions {
  file: string
  busyTimeoutMs: number
}

type WriteBody =
  | { type: 'append'; entries: readonly LogEntry[] }
  | { type: 'compact'; document: string; now: number }

/** A write the thread commits in one transaction, and answers by `id`. */
export type Write = WriteBody & { id: number }

export type WriterRequest = Write | { type: 'close' }

/** `seconds`: the commit's duration, measured in the thread. */
export type WriterReply = { id: number; seconds: number } | { id: number; error: string }

interface PendingBatch {
  type: Write['type']
  committed: () => void
  failed: (error: Error) => void
}

export class SqliteWriter {
  private readonly worker: Worker
  private readonly pending = new Map<number, PendingBatch>()
  private nextId = 1
  /** Settles once every batch posted so far has committed or failed. */
  private lastSettled: Promise<void> = Promise.resolve()
  /** Set once the thread is closing or gone: every later append is refused with it. */
  private stopped: Error | null = null
  private crash: Error | null = null
  private readonly exited: Promise<void>

  constructor(options: WriterOptions, onCommit: (type: Write['type'], seconds: number) => void) {
    this.worker = new Worker(new URL('./sqliteWriterThread.ts', import.meta.url), {
      workerData: options,
      name: 'sqlite-writer',
    })
    // Idle, the thread must not keep the process alive; it does while a batch waits.
    this.worker.unref()
    this.worker.on('message', (reply: WriterReply) => {
      const batch = this.pending.get(reply.id)
      if (!batch) return
      this.pending.delete(reply.id)
      if (this.pending.size === 0) this.worker.unref()
      if ('error' in reply) {
        batch.failed(new Error(`SQLite commit failed (rolled back): ${reply.error}`))
      } else {
        onCommit(batch.type, reply.seconds)
        batch.committed()
      }
    })
    this.worker.on('error', (error) => {
      this.crash = error
    })
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        const gone = new Error(
          `SQLite writer thread exited (code ${code}): appends are refused` +
            (this.crash ? ` — ${this.crash.message}` : ''),
          { cause: this.crash ?? undefined },
        )
        this.stopped ??= gone
        for (const batch of this.pending.values()) batch.failed(gone)
        this.pending.clear()
        resolve()
      })
    })
  }

  /** Commits the entries in one transaction, after every batch posted before. */
  append(entries: readonly LogEntry[]): Promise<void> {
    return this.post({ type: 'append', entries })
  }

  /**
   * Folds the document's snapshot and log into a new snapshot and deletes the rows it
   * folded, in one transaction, after every batch posted before; rows posted after it
   * stay in the log. The reading and the folding happen on the thread too.
   */
  compact(document: string, now: number): Promise<void> {
    return this.post({ type: 'compact', document, now })
  }

  private post(write: WriteBody): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped)
    const id = this.nextId++
    const committed = new Promise<void>((resolve, reject) => {
      this.pending.set(id, { type: write.type, committed: resolve, failed: reject })
    })
    try {
      this.worker.postMessage({ ...write, id } satisfies WriterRequest)
    } catch (error) {
      this.pending.delete(id)
      return Promise.reject(error)
    }
    if (this.pending.size === 1) this.worker.ref()
    const settled = committed.then(
      () => {},
      () => {},
    )
    this.lastSettled = settled
    return committed
  }

  /** Resolves once every batch posted so far has committed or failed. */
  drained(): Promise<void> {
    return this.lastSettled
  }

  /** Lets every batch posted so far settle, then stops the thread (its connection closed). */
  async close(): Promise<void> {
    this.closeSoon()
    await this.drained()
    await this.exited
  }

  /**
   * Refuses later appends and asks the thread to stop once it has committed what it
   * holds; does not wait.
   */
  closeSoon(): void {
    if (this.stopped) return
    this.stopped = new Error('The SQLite store is closed')
    this.worker.ref()
    this.worker.postMessage({ type: 'close' } satisfies WriterRequest)
  }
}
