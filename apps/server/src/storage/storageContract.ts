/**
 * The storage contract as one test suite, run against every implementation:
 * SqliteStore.test.ts (server project) and PostgresStore.test.ts (scale project,
 * real PostgreSQL). A store that passes it can back the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Storage } from './Storage.ts'

export function describeStorageContract(
  name: string,
  open: () => Promise<{ storage: Storage; cleanUp: () => Promise<void> }>,
): void {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage
    let cleanUp: () => Promise<void>
    beforeAll(async () => {
      ;({ storage, cleanUp } = await open())
    })
    afterAll(async () => {
      await storage?.close()
      await cleanUp?.()
    })

    const noteUpdate = (doc: Y.Doc, key: string, value: string) => {
      let update: Uint8Array | null = null
      const capture = (bytes: Uint8Array) => {
        update = bytes
      }
      doc.once('update', capture)
      doc.getMap('records').set(key, value)
      return update! as Uint8Array
    }
    const replay = (stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }) => {
      const doc = new Y.Doc()
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(doc, update)
      return doc.getMap('records').toJSON()
    }

    it('appends updates in order and loads them back', async () => {
      const doc = new Y.Doc()
      const name = `doc-${Math.random()}`
      expect(await storage.documents.loadDocument(name)).toEqual({ snapshot: null, updates: [] })
      for (let i = 0; i < 5; i++) {
        await storage.documents.appendUpdate(name, noteUpdate(doc, `k${i}`, `v${i}`))
      }
      const stored = await storage.documents.loadDocument(name)
      expect(stored.snapshot).toBeNull()
      expect(stored.updates).toHaveLength(5)
      expect(await storage.documents.countUpdates(name)).toBe(5)
      expect(replay(stored)).toEqual(doc.getMap('records').toJSON())
    })

    it('appends a batch of several documents in one go, each log in order', async () => {
      const first = `doc-${Math.random()}`
      const second = `doc-${Math.random()}`
      const a = new Y.Doc()
      const b = new Y.Doc()
      const before = noteUpdate(a, 'k0', 'before')
      await storage.documents.appendUpdate(first, before)
      const batch = [
        { document: first, update: noteUpdate(a, 'k1', 'x') },
        { document: second, update: noteUpdate(b, 'k0', 'y') },
        { document: first, update: noteUpdate(a, 'k1', 'x2') },
        { document: second, update: noteUpdate(b, 'k1', 'z') },
      ]
      await storage.documents.appendUpdates(batch)
      await storage.documents.appendUpdates([])
      const stored = await storage.documents.loadDocument(first)
      // Each document's log holds its entries, byte for byte, in the batch's order.
      expect(stored.updates.map((u) => [...u])).toEqual(
        [before, batch[0]!.update, batch[2]!.update].map((u) => [...u]),
      )
      expect(replay(stored)).toEqual({ k0: 'before', k1: 'x2' })
      const secondStored = await storage.documents.loadDocument(second)
      expect(secondStored.updates.map((u) => [...u])).toEqual(
        [batch[1]!.update, batch[3]!.update].map((u) => [...u]),
      )
      expect(replay(secondStored)).toEqual({ k0: 'y', k1: 'z' })
      expect(await storage.documents.countUpdates(second)).toBe(2)
    })

    it('compacts into a snapshot without losing an update appended by another writer', async () => {
      const name = `doc-${Math.random()}`
      const a = new Y.Doc()
      const b = new Y.Doc()
      for (let i = 0; i < 3; i++)
        await storage.documents.appendUpdate(name, noteUpdate(a, `a${i}`, 'x'))
      // B appends while A compacts: both asked for at once, so the append commits
      // before, during or after the compaction's transaction, and is kept in any case.
      await Promise.all([
        storage.documents.compact(name, 1),
        storage.documents.appendUpdate(name, noteUpdate(b, 'b0', 'y')),
      ])
      await storage.documents.appendUpdate(name, noteUpdate(b, 'b1', 'z'))
      const stored = await storage.documents.loadDocument(name)
      expect(stored.snapshot).not.toBeNull()
      expect(replay(stored)).toEqual({ a0: 'x', a1: 'x', a2: 'x', b0: 'y', b1: 'z' })
      // A second compaction folds the old snapshot too.
      await storage.documents.compact(name, 2)
      expect(await storage.documents.countUpdates(name)).toBe(0)
      expect(replay(await storage.documents.loadDocument(name))).toEqual({
        a0: 'x',
        a1: 'x',
        a2: 'x',
        b0: 'y',
        b1: 'z',
      })
    })

    it('numbers sessions in the cycle and answers the read API', async () => {
      const { app } = storage
      const { group, members, session } = await app.createGroup({
        name: 'G',
        cycleLength: 5,
        members: [
          { name: 'Fanny', groupRole: 'facilitator', email: 'f@example.org' },
          { name: 'Olga', groupRole: 'observer' },
        ],
        now: 10,
      })
      expect(await app.getGroup(group.id)).toEqual(group)
      const second = await app.scheduleSession(group.id, 20, 11)
      expect([session.number, second.number]).toEqual([1, 2])
      expect(await app.getSession(second.id)).toEqual({
        id: second.id,
        groupId: group.id,
        number: 2,
        scheduledAt: 20,
        status: 'open',
      })
      expect(await app.listMembers(group.id)).toEqual([
        { id: members[0]!.id, name: 'Fanny', groupRole: 'facilitator' },
        { id: members[1]!.id, name: 'Olga', groupRole: 'observer' },
      ])
      expect(await app.listMemberRows(group.id)).toEqual(members)
      expect(await app.getMember(members[1]!.id)).toMatchObject({
        groupId: group.id,
        groupRole: 'observer',
      })
      await app.setSessionStatus(session.id, 'closed')
      expect((await app.currentSession(group.id))?.id).toBe(second.id)
      expect(await app.listSessions(group.id)).toHaveLength(2)
      await expect(
        app.createGroup({ name: 'bad', cycleLength: 9, members: [], now: 1 }),
      ).rejects.toThrow()
      expect(await app.getSession('nope')).toBeNull()
      expect(await app.getMember('nope')).toBeNull()
    })

    it('issues and revokes invitations, and deletes a group whole', async () => {
      const { app } = storage
      const { group, members, session } = await app.createGroup({
        name: 'H',
        cycleLength: 6,
        members: [{ name: 'Fanny', groupRole: 'facilitator' }],
        now: 1,
      })
      const first = await app.createInvitation(members[0]!.id, 5, 100)
      const second = await app.createInvitation(members[0]!.id, 6, 200)
      expect(await app.getInvitation(first.id)).toEqual(first)
      expect(await app.listInvitations(group.id)).toEqual([first, second])
      await app.revokeInvitation(first.id, 7)
      await app.revokeInvitation(first.id, 8) // a second revocation keeps the first time
      expect((await app.getInvitation(first.id))?.revokedAt).toBe(7)

      await storage.documents.appendUpdate(session.id, new Uint8Array([0, 0]))
      // The members' private spaces beside the session go with it, and nothing else.
      const drafts = `${session.id}/drafts/${members[0]!.id}`
      const elsewhere = `${session.id}x/drafts/${members[0]!.id}`
      await storage.documents.appendUpdate(drafts, new Uint8Array([0, 0]))
      await storage.documents.appendUpdate(elsewhere, new Uint8Array([0, 0]))
      expect(await app.countGroupRows(group.id, [session.id])).toBeGreaterThan(0)
      expect(await app.deleteGroup(group.id)).toEqual([session.id])
      expect(await app.countGroupRows(group.id, [session.id])).toBe(0)
      expect(await app.getInvitation(second.id)).toBeNull()
      expect(await storage.documents.loadDocument(session.id)).toEqual({
        snapshot: null,
        updates: [],
      })
      expect(await storage.documents.countUpdates(drafts)).toBe(0)
      expect(await storage.documents.countUpdates(elsewhere)).toBe(1)
    })
  })
}
