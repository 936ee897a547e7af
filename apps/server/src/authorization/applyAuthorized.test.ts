import { HocuspocusProvider } from '@hocuspocus/provider'
import { type beforeSyncPayload, Server } from '@hocuspocus/server'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { eventually } from '../testing/testServer.ts'
import {
  applyAuthorized,
  checkUpdateShape,
  emptyAppliedPayload,
  type RecordChange,
} from './applyAuthorized.ts'

const REVERT_ID = 424242
const ROOTS = new Set(['records'])

/** A judge for the mechanics alone: ids under "locked:" may not be created, changed or deleted. */
const lockedPrefix = (change: RecordChange) =>
  change.id.startsWith('locked:')
    ? { ok: false as const, error: 'zone/locked' }
    : { ok: true as const }

function server() {
  const doc = new Y.Doc()
  const records = doc.getMap<unknown>('records')
  const forwarded: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => forwarded.push(update))
  return { doc, records, forwarded }
}

function clientOf(source: Y.Doc) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
  return { doc, records: doc.getMap<unknown>('records') }
}

/** What a client sends for one local transaction. */
function edit(doc: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  change()
  return Y.encodeStateAsUpdate(doc, before)
}

describe('applyAuthorized', () => {
  it('keeps allowed changes and reverts refused ones in the same update', () => {
    const s = server()
    s.doc.transact(() => s.records.set('locked:a', { v: 1 }))
    const c = clientOf(s.doc)
    const peer = clientOf(s.doc)
    const seenByPeer: unknown[] = []
    peer.records.observe((event) => {
      for (const key of event.keysChanged) seenByPeer.push([key, peer.records.get(key)])
    })
    const update = edit(c.doc, () => {
      c.records.set('open:b', { v: 2 })
      c.records.set('locked:a', { v: 99 })
      c.records.set('locked:new', { v: 3 })
    })
    s.forwarded.length = 0
    const result = applyAuthorized(s.doc, s.records, update, 'conn', REVERT_ID, lockedPrefix)

    expect(result.refused.map((r) => [r.change.op, r.change.id]).sort()).toEqual([
      ['create', 'locked:new'],
      ['update', 'locked:a'],
    ])
    expect(s.records.toJSON()).toEqual({ 'locked:a': { v: 1 }, 'open:b': { v: 2 } })
    expect(s.forwarded).toHaveLength(1)

    // A peer that receives what the server forwards never observes a forbidden value.
    for (const u of s.forwarded) Y.applyUpdate(peer.doc, u)
    expect(peer.records.toJSON()).toEqual(s.records.toJSON())
    expect(seenByPeer).not.toContainEqual(['locked:a', { v: 99 }])
    expect(seenByPeer).not.toContainEqual(['locked:new', { v: 3 }])

    // The sender converges once it receives the forwarded update.
    for (const u of s.forwarded) Y.applyUpdate(c.doc, u)
    expect(c.records.toJSON()).toEqual(s.records.toJSON())
  })

  it('reverts a refused delete by restoring the old value', () => {
    const s = server()
    s.doc.transact(() => s.records.set('locked:a', { v: 1 }))
    const c = clientOf(s.doc)
    const update = edit(c.doc, () => c.records.delete('locked:a'))
    const result = applyAuthorized(s.doc, s.records, update, 'conn', REVERT_ID, lockedPrefix)
    expect(result.refused[0]?.change).toEqual({ op: 'delete', id: 'locked:a', before: { v: 1 } })
    expect(s.records.get('locked:a')).toEqual({ v: 1 })
  })

  it('keeps the server client id stable and writes reverts under the revert id', () => {
    const s = server()
    const ownId = s.doc.clientID
    s.doc.transact(() => s.records.set('locked:x', 1))
    const c = clientOf(s.doc)
    const update = edit(c.doc, () => c.records.set('locked:x', 2)) // reverted by re-setting 1
    applyAuthorized(s.doc, s.records, update, 'conn', REVERT_ID, lockedPrefix)
    expect(s.doc.clientID).toBe(ownId)
    expect(Y.encodeStateVector(s.doc)).toEqual(
      Y.encodeStateVector(
        (() => {
          const d = new Y.Doc()
          Y.applyUpdate(d, Y.encodeStateAsUpdate(s.doc))
          return d
        })(),
      ),
    )
    const clients = Y.decodeUpdate(Y.encodeStateAsUpdate(s.doc)).structs.map((x) => x.id.client)
    expect(clients).toContain(REVERT_ID)
  })

  it('reports an update whose dependencies are missing and parks nothing', () => {
    const s = server()
    const c = clientOf(s.doc)
    edit(c.doc, () => c.records.set('open:1', 1))
    const second = edit(c.doc, () => c.records.set('open:1', 2)) // depends on the first
    const result = applyAuthorized(s.doc, s.records, second, 'conn', REVERT_ID, lockedPrefix)
    expect(result.missingDependencies).toBe(true)
    expect(s.doc.store.pendingStructs).toBeNull()
    expect(s.records.size).toBe(0)
  })
})

describe('checkUpdateShape', () => {
  const ids = new Set([1, 2])
  it('accepts JSON values in the records map', () => {
    const c = new Y.Doc()
    expect(
      checkUpdateShape(
        edit(c, () => c.getMap('records').set('a', { x: 1 })),
        ROOTS,
        ids,
      ),
    ).toBeNull()
  })
  it('refuses unknown roots, nested types, text, and server client ids', () => {
    const c = new Y.Doc()
    expect(
      checkUpdateShape(
        edit(c, () => c.getMap('evil').set('a', 1)),
        ROOTS,
        ids,
      ),
    ).toBe('update/unknown-root')
    const n = new Y.Doc()
    expect(
      checkUpdateShape(
        edit(n, () => n.getMap('records').set('a', new Y.Map())),
        ROOTS,
        ids,
      ),
    ).toBe('update/unsupported-content')
    const t = new Y.Doc()
    expect(
      checkUpdateShape(
        edit(t, () => t.getText('records').insert(0, 'hi')),
        ROOTS,
        ids,
      ),
    ).toBe('update/unsupported-content')
    const forged = new Y.Doc()
    forged.clientID = 2
    expect(
      checkUpdateShape(
        edit(forged, () => forged.getMap('records').set('a', 1)),
        ROOTS,
        ids,
      ),
    ).toBe('update/server-client-id')
    expect(checkUpdateShape(new Uint8Array([9, 9, 9, 9]), ROOTS, ids)).toBe('update/malformed')
  })
})

describe('applyAuthorized: the vanished session state (RELIABILITY.md, failure 2)', () => {
  it('restores a refused overwrite even when the same update deletes older items of the same client', () => {
    // The exact sequence the long fuzz hit: the live value of a key is one of the
    // server's reverts (so it has the highest clock of the revert client id), and
    // one client update both overwrites it and deletes two older reverts. Yjs
    // records the overwrite's deletion first, then the update's delete set: the
    // transaction's delete set is unsorted until cleanup, and a lookup by binary
    // search there misses the overwritten value — which then looked "absent
    // before", so the refused overwrite was "reverted" by deleting the key.
    const s = server()
    const reverter = new Y.Doc()
    reverter.clientID = REVERT_ID
    const restored = reverter.getMap<unknown>('records')
    restored.set('open:n1', { v: 1 })
    restored.set('open:n2', { v: 2 })
    restored.set('locked:state', { step: 'retour' })
    Y.applyUpdate(s.doc, Y.encodeStateAsUpdate(reverter))
    const c = clientOf(s.doc)
    const update = edit(c.doc, () => {
      c.records.delete('open:n1')
      c.records.delete('open:n2')
      c.records.set('locked:state', { step: 'forged' })
    })

    const result = applyAuthorized(s.doc, s.records, update, 'conn', REVERT_ID + 1, lockedPrefix)

    expect(result.refused.map((r) => [r.change.op, r.change.id])).toEqual([
      ['update', 'locked:state'],
    ])
    expect(s.records.toJSON()).toEqual({ 'locked:state': { step: 'retour' } })
  })
})

describe('emptyAppliedPayload', () => {
  it('leaves an update that applies as nothing, whatever it held', () => {
    const source = new Y.Doc()
    source.getMap('records').set('a', { id: 'a' })
    source.getMap('records').delete('a')
    source.getMap('records').set('b', { id: 'b' })
    const update = Y.encodeStateAsUpdate(source)
    emptyAppliedPayload(update)
    const target = new Y.Doc()
    Y.applyUpdate(target, update)
    expect(target.getMap('records').size).toBe(0)
    expect(Y.encodeStateVector(target)).toEqual(Y.encodeStateVector(new Y.Doc()))
  })

  it('empties what Hocuspocus applies after the hooks (the payload is a view of its message)', async () => {
    const emptied = await serverRecordsAfterOneWrite(true)
    const control = await serverRecordsAfterOneWrite(false)
    expect(control).toEqual(['a'])
    expect(emptied).toEqual([])
  })
})

/** A bare Hocuspocus whose only hook empties (or not) every sync payload; one client writes 'a'. */
async function serverRecordsAfterOneWrite(empty: boolean): Promise<string[]> {
  let applied: Y.Doc | null = null
  const server = new Server({
    port: 0,
    quiet: true,
    stopOnSignals: false,
    extensions: [
      {
        async beforeSync({ type, payload, document }: beforeSyncPayload) {
          applied = document
          if (empty && type !== 0) emptyAppliedPayload(payload)
        },
      },
    ],
  })
  await server.listen()
  const provider = new HocuspocusProvider({
    url: `ws://127.0.0.1:${server.address.port}`,
    name: 'doc',
    document: new Y.Doc(),
  })
  try {
    await eventually(() => expect(provider.isSynced).toBe(true))
    provider.document.getMap('records').set('a', 1)
    await eventually(() => expect(provider.unsyncedChanges).toBe(0))
    return [...(applied as Y.Doc | null)!.getMap('records').keys()]
  } finally {
    provider.destroy()
    await server.destroy()
  }
}
