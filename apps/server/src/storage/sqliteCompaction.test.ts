import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { tempDataDir } from '../testing/testServer.ts'
import { foldUpdates } from './foldUpdates.ts'
import { SqliteStore } from './SqliteStore.ts'

// The main thread's fold, watched: a file store's compaction must not call it.
vi.mock('./foldUpdates.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./foldUpdates.ts')>()
  return { foldUpdates: vi.fn(original.foldUpdates) }
})

/** A store holding fifty writes of one document in its log, and that document. */
async function storeWithLog(file: string) {
  const store = new SqliteStore(file)
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < 50; i++) doc.getMap('records').set(`k${i}`, i)
  await store.appendUpdates(updates.map((update) => ({ document: 'd', update })))
  return { store, doc }
}

async function expectFoldedInto(store: SqliteStore, doc: Y.Doc) {
  const stored = await store.loadDocument('d')
  expect(stored.updates).toEqual([])
  const copy = new Y.Doc()
  Y.applyUpdate(copy, stored.snapshot ?? new Uint8Array())
  expect(copy.getMap('records').toJSON()).toEqual(doc.getMap('records').toJSON())
}

describe('SqliteStore compaction', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanUp of cleanups.splice(0)) await cleanUp()
    vi.mocked(foldUpdates).mockClear()
  })

  it('reads and folds the log on the writer thread, not on the event loop', async () => {
    const dir = tempDataDir()
    const { store, doc } = await storeWithLog(path.join(dir, 'store.sqlite'))
    cleanups.push(async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    await store.compact('d', 1)
    expect(vi.mocked(foldUpdates)).not.toHaveBeenCalled()
    await expectFoldedInto(store, doc)
  })

  it('folds on the main thread for a database in memory, which no thread can share', async () => {
    const { store, doc } = await storeWithLog(':memory:')
    cleanups.push(() => store.close())
    await store.compact('d', 1)
    expect(vi.mocked(foldUpdates)).toHaveBeenCalledTimes(1)
    await expectFoldedInto(store, doc)
  })
})
