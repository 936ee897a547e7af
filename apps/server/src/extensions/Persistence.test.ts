/**
 * Persistence and DurableAcks on their own (a bare Hocuspocus, a real SQLite file
 * behind a store that can be made to fail): the sender's ack waits for the append,
 * a failing store delays acks instead of losing updates, and an append that failed
 * for good is repaired with the whole document state before anything more is acked,
 * and updates that arrive together share one commit (group commit).
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { HocuspocusProvider } from '@hocuspocus/provider'
import { Server } from '@hocuspocus/server'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SqliteStore } from '../storage/SqliteStore.ts'
import type { DocumentStore, LogEntry } from '../storage/Storage.ts'
import { eventually, tempDataDir } from '../testing/testServer.ts'
import { DurableAcks, Persistence } from './Persistence.ts'

/** A SQLite store whose commits fail while `failing` is set, or happen only on release. */
class FlakyStore implements DocumentStore {
  failing = false
  held: (() => void)[] | null = null
  /** The number of entries of each commit that succeeded, in order. */
  commits: number[] = []
  /** When each commit was asked for (performance.now()). */
  startedAt: number[] = []
  readonly inner: SqliteStore
  constructor(file: string) {
    this.inner = new SqliteStore(file)
  }
  appendUpdate(document: string, update: Uint8Array) {
    return this.appendUpdates([{ document, update }])
  }
  async appendUpdates(entries: readonly LogEntry[]) {
    this.startedAt.push(performance.now())
    if (this.failing) throw new Error('database unavailable')
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve))
    if (this.failing) throw new Error('database unavailable')
    await this.inner.appendUpdates(entries)
    this.commits.push(entries.length)
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

  async function setup({ minCommitIntervalMs }: { minCommitIntervalMs?: number } = {}) {
    const dir = tempDataDir()
    const store = new FlakyStore(path.join(dir, 'p.sqlite'))
    const persistence = new Persistence(store, { retryDelaysMs: [20, 20], minCommitIntervalMs })
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
    /** Another client, with its own replica. */
    const peer = async () => {
      const provider = new HocuspocusProvider({
        url: `ws://127.0.0.1:${server.address.port}`,
        name: 'doc',
        document: new Y.Doc(),
      })
      providers.push(provider)
      await eventually(() => expect(provider.isSynced).toBe(true))
      return { provider, records: provider.document.getMap<string>('records') }
    }
    return {
      store,
      provider: await connect(),
      connect,
      peer,
      records: doc.getMap<string>('records'),
    }
  }

  /**
   * Holds the commit of A's write; B, C and D write meanwhile and the server applies
   * (and broadcasts) theirs while that commit is in flight.
   */
  async function writesDuringACommit() {
    const ctx = await setup()
    const { store, provider: a, records, peer } = ctx
    const others = [await peer(), await peer(), await peer()]
    store.commits = []
    store.held = []
    records.set('a', '1')
    await eventually(() => expect(store.held!.length).toBe(1))
    for (const [i, other] of others.entries()) other.records.set(`k${i}`, String(i))
    // A sees them: the server applied all three while A's commit is still held.
    await eventually(() => expect([...records.keys()].sort()).toEqual(['a', 'k0', 'k1', 'k2']))
    expect(a.unsyncedChanges).toBe(1)
    for (const { provider } of others) expect(provider.unsyncedChanges).toBe(1)
    return { ...ctx, others }
  }

  it('appends the updates that arrive while a commit is in flight in one commit, and acks them all', async () => {
    const { store, provider: a, others } = await writesDuringACommit()
    const release = store.held!.splice(0)
    store.held = null
    for (const go of release) go()
    await eventually(() => expect(a.unsyncedChanges).toBe(0))
    for (const { provider } of others) {
      await eventually(() => expect(provider.unsyncedChanges).toBe(0))
    }
    expect(store.commits).toEqual([1, 3]) // A's, then B's, C's and D's together
    expect(await storedKeys(store, 'doc')).toEqual(['a', 'k0', 'k1', 'k2'])
  })

  it('acks none of the updates of a commit that fails', async () => {
    const { store, provider: a, others, connect } = await writesDuringACommit()
    const release = store.held!.splice(0)
    store.held = null
    store.failing = true // A's held commit and the grouped one both fail, through every retry
    for (const go of release) go()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(store.commits).toEqual([])
    expect(a.unsyncedChanges).toBe(1)
    for (const { provider } of others) expect(provider.unsyncedChanges).toBeGreaterThan(0)
    expect(await storedKeys(store, 'doc')).toEqual([])
    // Once the store is back, a new connection's update repairs the log with the whole state.
    store.failing = false
    a.destroy()
    const again = await connect()
    await eventually(() => expect(again.unsyncedChanges).toBe(0))
    expect(await storedKeys(store, 'doc')).toEqual(['a', 'k0', 'k1', 'k2'])
  })

  it('commits a lone update at once, and the next no sooner than the interval after it', async () => {
    const { store, provider, records } = await setup({ minCommitIntervalMs: 1000 })
    store.startedAt = []
    store.commits = []
    const firstWrite = performance.now()
    records.set('a', '1')
    await eventually(() => expect(provider.unsyncedChanges).toBe(0))
    expect(store.startedAt[0]! - firstWrite).toBeLessThan(500) // not held for the interval
    records.set('b', '2')
    records.set('c', '3')
    await eventually(() => expect(provider.unsyncedChanges).toBe(0), 5000)
    expect(store.commits).toEqual([1, 2]) // b and c waited together
    expect(store.startedAt[1]! - store.startedAt[0]!).toBeGreaterThanOrEqual(990)
    expect(await storedKeys(store, 'doc')).toEqual(['a', 'b', 'c'])
  })

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

  it("holds only the acks: a connection's next messages are applied and broadcast while its commit is in flight", async () => {
    const { store, provider: a, records, peer } = await setup()
    const b = await peer()
    store.held = []
    records.set('a', '1')
    await eventually(() => expect(store.held!.length).toBe(1))
    records.set('b', '2') // a second message of the same connection, behind the held ack
    records.set('c', '3')
    await eventually(() => expect([...b.records.keys()].sort()).toEqual(['a', 'b', 'c']))
    expect(a.unsyncedChanges).toBeGreaterThan(0) // nothing acked yet
    expect(await storedKeys(store, 'doc')).toEqual([])
    const release = store.held!.splice(0)
    store.held = null
    for (const go of release) go()
    await eventually(() => expect(a.unsyncedChanges).toBe(0))
    expect(await storedKeys(store, 'doc')).toEqual(['a', 'b', 'c'])
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
