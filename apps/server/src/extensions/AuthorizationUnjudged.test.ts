/**
 * The net behind the judge: after the hooks, Hocuspocus applies each
 * payload again. Any change that re-apply makes (structs that were missing their
 * dependencies when Authorization judged, then became applicable) must be judged
 * and undone like any other, and above all the session state must never vanish —
 * without it every member is refused everything (RELIABILITY.md, failure 2).
 */
import { SESSION_STATE_ID, type SessionState } from '@codev/domain'
import type { Connection } from '@hocuspocus/server'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { JUDGED } from '../authorization/applyAuthorized.ts'
import { RECORDS_ROOT } from '../session/sessionDocument.ts'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { eventually, type TestClient } from '../testing/testServer.ts'
import type { AuthContext } from './Auth.ts'

describe('Authorization: changes that escape the judge are undone', () => {
  const session = useGroupSession(['Mallory', 'Bob'])
  let fanny: TestClient
  let mallory: TestClient
  let bob: TestClient

  const serverDocument = () => {
    const document = session.test.server.hocuspocus.hocuspocus.documents.get(
      session.group.sessionId,
    )
    if (!document) throw new Error('the session document is not loaded')
    return document
  }
  const connectionOf = (client: TestClient): Connection => {
    const connection = serverDocument()
      .getConnections()
      .find((c) => (c.context as AuthContext).memberId === client.memberId)
    if (!connection) throw new Error('no server connection for this member')
    return connection
  }
  /** An update Mallory's replica would send after `edit`, built on a copy of it. */
  const malloryUpdate = (edit: (records: Y.Map<unknown>) => void): Uint8Array => {
    const copy = new Y.Doc()
    copy.clientID = mallory.doc.clientID
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(mallory.doc))
    edit(copy.getMap(RECORDS_ROOT))
    const update = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(mallory.doc))
    copy.destroy()
    return update
  }

  beforeAll(async () => {
    fanny = await session.connect('Fanny')
    mallory = await session.connect('Mallory')
    bob = await session.connect('Bob')
  })

  it('undoes a deleted state and a forbidden note applied outside applyAuthorized, keeps an allowed note', async () => {
    const state = bob.records.get(SESSION_STATE_ID) as SessionState
    const allowed = noteRecord({
      id: 'shape:unjudged-allowed',
      text: 'mine',
      author: mallory.memberId,
      role: 'consultant',
    })
    const forged = noteRecord({
      id: 'shape:unjudged-forged',
      text: 'as Bob',
      author: bob.memberId,
      role: 'consultant',
    })
    const update = malloryUpdate((records) => {
      records.delete(SESSION_STATE_ID)
      records.set(forged.id, forged)
      records.set(allowed.id, allowed)
    })
    // What Hocuspocus' MessageReceiver does after the hooks.
    Y.applyUpdate(serverDocument(), update, {
      source: 'connection',
      connection: connectionOf(mallory),
    })

    const records = serverDocument().getMap<unknown>(RECORDS_ROOT)
    expect(records.get(SESSION_STATE_ID)).toEqual(state)
    expect(records.has(forged.id)).toBe(false)
    expect(records.get(allowed.id)).toEqual(allowed)
    await eventually(() => {
      expect(bob.records.get(SESSION_STATE_ID)).toEqual(state)
      expect(bob.records.get(allowed.id)).toEqual(allowed)
      expect(bob.records.has(forged.id)).toBe(false)
    })
    // The session goes on: the facilitator's commands still work.
    expect(await fanny.command({ type: 'next' })).toMatchObject({ ok: true })
    await eventually(() =>
      expect((bob.records.get(SESSION_STATE_ID) as SessionState).phase).not.toBe(state.phase),
    )
  })

  it('restores the state if a judged transaction of a connection left it changed (a lost revert)', async () => {
    const state = bob.records.get(SESSION_STATE_ID) as SessionState
    const document = serverDocument()
    const records = document.getMap<unknown>(RECORDS_ROOT)
    document.transact(
      (transaction) => {
        transaction.meta.set(JUDGED, true)
        records.delete(SESSION_STATE_ID)
      },
      { source: 'connection', connection: connectionOf(mallory) },
    )
    expect(records.get(SESSION_STATE_ID)).toEqual(state)

    session.closeAll()
    await session.test.restart()
    const reader = await session.connect('Bob')
    expect(reader.records.get(SESSION_STATE_ID)).toEqual(state)
    expect(reader.records.get('shape:unjudged-allowed')).toBeDefined()
    expect(reader.records.has('shape:unjudged-forged')).toBe(false)
  })
})
