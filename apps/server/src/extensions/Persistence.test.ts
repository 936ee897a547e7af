/**
 * Persistence and DurableAcks on their own (a bare Hocuspocus, a real SQLite file
 * behind a store that can be made to fail): the sender's ack waits for the append,
 * a failing store delays acks instead of losing updates, and an append that failed
 * for good is repaired with the whole document state before anything more is acked.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { HocuspocusProvider } from '@hocuspocus/provider'
import { Server } from '@hocuspocus/server'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SqliteStore } from '../storage/SqliteStore.ts'
import type { DocumentStore } from '../storage/Storage.ts'
import { eventually, tempDataDir } from '../testing/testServer.ts'
import { DurableAcks, Persistence } from './Persistence.ts'

/** A SQLite store whose appends fail while `failing` is set, or resolve only on release. */
class FlakyStore implements DocumentStore {
  failing = false
  held: (() => void)[] | null = null
  appends = 0
  readonly inner: SqliteStore
  constructor(file: string) {
    this.inner = new SqliteStore(file)
  }
  async appendUpdate(document: string, update: Uint8Array) {
    if (this.failing) throw new Error('database unavailable')
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve))
    this.appends++
    return this.inner.appendUpdate(document, update)
  }
  loadDocument = (document: string) => this.inner.loadDocument(document)
  countUpdates = (document: string) => this.inner.countUpdates(document)
  compact: DocumentStore['compact'] = (...args) => this.inner.compact(...args)
  deleteDocuments = (documents: readonly string[]) => this.inner.deleteDocuments(documents)
}

async function storedKeys(store: FlakyStore, name: string) {
  const stored = await store.inner.loadDocument(name)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return [...doc.getMap('records').keys()].sort()
}

describe('Persistence: acknowledged means stored', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setup() {
    const dir = tempDataDir()
    const store = new FlakyStore(path.join(dir, 'p.sqlite'))
    const persistence = new Persistence(store, { retryDelaysMs: [20, 20] })
    const server = new Server({
      port: 0,
      quiet: true,
      stopOnSignals: false,
      extensions: [persistence, new DurableAcks(persistence)],
    })
    await server.listen()
    const doc = new Y.Doc()
    const providers: HocuspocusProvider[] = []
    const connect = async () => {
      const provider = new HocuspocusProvider({
        url: `ws://127.0.0.1:${server.address.port}`,
        name: 'doc',
        document: doc,
      })
      providers.push(provider)
      await eventually(() => expect(provider.isSynced).toBe(true))
      return provider
    }
    cleanups.push(async () => {
      for (const provider of providers) provider.destroy()
      await server.destroy()
      store.inner.closeNow()
      rmSync(dir, { recursive: true, force: true })
    })
    return { store, provider: await connect(), connect, records: doc.getMap<string>('records') }
  }

  it('acks only once the append has committed', async () => {
    const { store, provider, records } = await setup()
    store.held = []
    records.set('a', '1')
    await eventually(() => expect(store.held!.length).toBe(1))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(provider.unsyncedChanges).toBe(1) // applied, broadcast, but not acked
    for (const release of store.held!.splice(0)) release()
    store.held = null
    await eventually(() => expect(provider.unsyncedChanges).toBe(0))
    expect(await storedKeys(store, 'doc')).toEqual(['a'])
  })

  it('repairs the log with the whole state after an append failed for good', async () => {
    const { store, provider, connect, records } = await setup()
    records.set('a', '1')
    await eventually(() => expect(provider.unsyncedChanges).toBe(0))
    store.failing = true
    records.set('b', '2') // fails through every retry: not acked, the document connection closes
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(provider.unsyncedChanges).toBeGreaterThan(0)
    expect(await storedKeys(store, 'doc')).toEqual(['a'])
    store.failing = false
    // A new connection of the same replica resends 'b' in its SyncStep2; those bytes
    // are no news to the live document, so only the repair puts 'b' in the log.
    provider.destroy()
    const again = await connect()
    await eventually(() => expect(again.unsyncedChanges).toBe(0))
    expect(await storedKeys(store, 'doc')).toEqual(['a', 'b'])
  })
})
