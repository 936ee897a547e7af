import { rmSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { tempDataDir } from '../testing/testServer.ts'
import { SqliteStore } from './SqliteStore.ts'
import { describeStorageContract } from './storageContract.ts'

describeStorageContract('SQLite', async () => {
  const dir = tempDataDir()
  return {
    storage: new SqliteStore(path.join(dir, 'contract.sqlite')),
    cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
  }
})

// A `:memory:` database cannot be shared with the writer thread: it appends in-thread.
describeStorageContract('SQLite in memory', async () => ({
  storage: new SqliteStore(':memory:'),
  cleanUp: async () => {},
}))

/** A document's log as another connection sees it on disk: each update's bytes, in order. */
function logOnDisk(file: string, document: string): number[][] {
  const db = new DatabaseSync(file)
  try {
    const rows = db
      .prepare('SELECT data FROM document_updates WHERE document = ? ORDER BY seq')
      .all(document) as { data: Uint8Array }[]
    return rows.map((row) => [...row.data])
  } finally {
    db.close()
  }
}

const bytes = (...values: number[]) => new Uint8Array(values)

/** Sets `k<i>` in the document and returns that write's update. */
function writeKey(doc: Y.Doc, i: number): Uint8Array {
  let written: Uint8Array = new Uint8Array()
  const keep = (update: Uint8Array) => {
    written = update
  }
  doc.on('update', keep)
  doc.getMap('records').set(`k${i}`, i)
  doc.off('update', keep)
  return written
}

/** A document's records as stored: the snapshot, then the log. */
async function storedRecords(store: SqliteStore, document: string) {
  const stored = await store.loadDocument(document)
  const copy = new Y.Doc()
  for (const part of [stored.snapshot, ...stored.updates]) if (part) Y.applyUpdate(copy, part)
  return copy.getMap('records').toJSON()
}

describe('SqliteStore: log appends on the writer thread', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  function open() {
    const dir = tempDataDir()
    const file = path.join(dir, 'store.sqlite')
    const store = new SqliteStore(file)
    cleanups.push(async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    return { store, file, dir }
  }

  it('resolves a batch only once it is committed: a fresh connection reads it', async () => {
    const { store, file } = open()
    const latencies: number[] = []
    store.observeLatency = (operation, seconds) => {
      if (operation === 'append') latencies.push(seconds)
    }
    const batches = Array.from({ length: 20 }, (_, i) => [
      { document: 'a', update: bytes(i, 1) },
      { document: 'b', update: bytes(i, 2) },
    ])
    // All in flight together; each, when it resolves, is on disk with every batch before it.
    await Promise.all(
      batches.map((batch, i) =>
        store.appendUpdates(batch).then(() => {
          const log = logOnDisk(file, 'a')
          expect(log.slice(0, i + 1)).toEqual(batches.slice(0, i + 1).map((b) => [...b[0]!.update]))
          expect(logOnDisk(file, 'b')).toContainEqual([i, 2])
        }),
      ),
    )
    expect(logOnDisk(file, 'a')).toEqual(batches.map((batch) => [...batch[0]!.update]))
    expect(logOnDisk(file, 'b')).toEqual(batches.map((batch) => [...batch[1]!.update]))
    // The commit durations come back from the thread, one per batch.
    expect(latencies).toHaveLength(20)
    expect(latencies.every((seconds) => seconds > 0)).toBe(true)
  })

  it('keeps the event loop running while a commit waits for the disk', async () => {
    const { store, file } = open()
    await store.appendUpdate('a', bytes(1))
    // Another connection holds the write lock: the writer thread waits (busy_timeout).
    const other = new DatabaseSync(file)
    other.exec('BEGIN IMMEDIATE')
    let committed = false
    const appended = store.appendUpdate('a', bytes(2)).then(() => {
      committed = true
    })
    // Timers still fire meanwhile: the wait is not on this thread.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(committed).toBe(false)
    expect(logOnDisk(file, 'a')).toEqual([[1]])
    other.exec('COMMIT')
    other.close()
    await appended
    expect(logOnDisk(file, 'a')).toEqual([[1], [2]])
  })

  it('rejects a batch whose commit fails, with none of it in the log', async () => {
    const { store, file } = open()
    const broken = [
      { document: 'a', update: bytes(1) },
      { document: null as unknown as string, update: bytes(2) }, // NOT NULL fails
    ]
    await expect(store.appendUpdates(broken)).rejects.toThrow(/SQLite commit failed/)
    expect(logOnDisk(file, 'a')).toEqual([])
    await store.appendUpdate('a', bytes(3))
    expect(logOnDisk(file, 'a')).toEqual([[3]])
  })

  it('lands appends submitted before a deletion before it, and later ones after it', async () => {
    const { store, file } = open()
    const before = [1, 2, 3, 4, 5].map((i) => store.appendUpdate('s', bytes(i)))
    before.push(store.appendUpdates([{ document: 's/drafts/m', update: bytes(9) }]))
    const deleted = store.deleteDocuments(['s'])
    const after = store.appendUpdate('s', bytes(7))
    await Promise.all([...before, deleted, after])
    expect(logOnDisk(file, 's')).toEqual([[7]])
    expect(logOnDisk(file, 's/drafts/m')).toEqual([])
  })

  it('deletes a group after the appends to its documents submitted before', async () => {
    const { store, file } = open()
    const { group, session } = await store.app.createGroup({
      name: 'G',
      cycleLength: 5,
      members: [{ name: 'Fanny', groupRole: 'facilitator' }],
      now: 1,
    })
    const appended = [1, 2, 3].map((i) => store.appendUpdate(session.id, bytes(i)))
    expect(await store.app.deleteGroup(group.id)).toEqual([session.id])
    await Promise.all(appended)
    expect(logOnDisk(file, session.id)).toEqual([])
    expect(await store.app.countGroupRows(group.id, [session.id])).toBe(0)
  })

  it('loses nothing when compactions race appends committing on the thread', async () => {
    const { store } = open()
    const doc = new Y.Doc()
    const appended: Promise<void>[] = []
    for (let i = 0; i < 200; i++) {
      appended.push(store.appendUpdate('d', writeKey(doc, i)))
      if (i % 10 === 9) {
        // Let the thread commit some while others are still queued, then compact.
        await new Promise((resolve) => setImmediate(resolve))
        await store.compact('d', i)
      }
    }
    await Promise.all(appended)
    expect(await storedRecords(store, 'd')).toEqual(doc.getMap('records').toJSON())
    await store.compact('d', 1000)
    expect(await store.countUpdates('d')).toBe(0)
    expect(await storedRecords(store, 'd')).toEqual(doc.getMap('records').toJSON())
  })

  it('keeps every update when compactions overlap appends and each other; a deletion after them erases all', async () => {
    const { store } = open()
    const doc = new Y.Doc()
    const work: Promise<void>[] = []
    for (let i = 0; i < 100; i++) {
      work.push(store.appendUpdate('d', writeKey(doc, i)))
      if (i % 7 === 6) work.push(store.compact('d', i)) // not awaited
    }
    await Promise.all(work)
    expect(await storedRecords(store, 'd')).toEqual(doc.getMap('records').toJSON())
    // A deletion asked for while a compaction is under way must not see its snapshot come back.
    const compacting = store.compact('d', 2000)
    const deleted = store.deleteDocuments(['d'])
    await Promise.all([compacting, deleted])
    expect(await store.loadDocument('d')).toEqual({ snapshot: null, updates: [] })
  })

  it('close lets every submitted batch commit, then refuses appends', async () => {
    const dir = tempDataDir()
    const file = path.join(dir, 'store.sqlite')
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const store = new SqliteStore(file)
    const appended = Array.from({ length: 50 }, (_, i) => store.appendUpdate('a', bytes(i)))
    await store.close()
    const settled = await Promise.allSettled(appended)
    expect(settled.every((result) => result.status === 'fulfilled')).toBe(true)
    expect(logOnDisk(file, 'a')).toHaveLength(50)
    await expect(store.appendUpdate('a', bytes(99))).rejects.toThrow(/closed/)
  })

  it('rejects the batches in flight and every later one when the thread dies', async () => {
    const { store, dir } = open()
    // The thread opens its connection at the first append: with the folder gone it fails.
    rmSync(dir, { recursive: true, force: true })
    await expect(store.appendUpdate('a', bytes(1))).rejects.toThrow(/writer thread exited/)
    await expect(store.appendUpdate('a', bytes(2))).rejects.toThrow(/writer thread exited/)
  })
})
