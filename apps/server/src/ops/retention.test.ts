/**
 * Retention on the real server: a session older than the group's period is purged
 * — its notes leave the live board and the disk, its members' private spaces are
 * emptied — while the action plan and the client's consent stay; the report says
 * it was purged; every purge and export is in the log only the facilitator reads.
 */
import { DAY_MS, privateDocumentName, SESSION_STATE_ID, type SessionState } from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { readStoredRecords } from '../session/sessionDocument.ts'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { api, eventually, type TestClient } from '../testing/testServer.ts'

describe('retention, purge and the log of exports', () => {
  const session = useGroupSession(['Alice', 'Bob'])
  const stateOf = (client: TestClient) => client.records.get(SESSION_STATE_ID) as SessionState
  const call = (name: string, method: string, path: string, body?: unknown) =>
    api(session.test.url, session.group.tokens[name]!, method, path, body)
  const group = () => `/api/groups/${session.group.groupId}`
  const storedBytes = async (name: string) => {
    const stored = await session.test.server.store.documents.loadDocument(name)
    return Buffer.concat([
      ...(stored.snapshot ? [stored.snapshot] : []),
      ...stored.updates,
    ]).toString('utf8')
  }
  let pastId = ''
  let fanny: TestClient

  it('refuses the settings, the purge and the log to members', async () => {
    expect(
      (
        await call('Alice', 'PUT', `${group()}/retention`, {
          retentionDays: 1,
          keepActionPlan: true,
        })
      ).status,
    ).toBe(403)
    expect((await call('Alice', 'POST', `${group()}/purge`)).status).toBe(403)
    expect((await call('Alice', 'GET', `${group()}/log`)).status).toBe(403)
    expect((await call('Alice', 'GET', `${group()}/summary`)).status).toBe(403)
    expect(await (await call('Fanny', 'GET', `${group()}/retention`)).json()).toEqual({
      retentionDays: null,
      keepActionPlan: true,
    })
    const bad = await call('Fanny', 'PUT', `${group()}/retention`, {
      retentionDays: 0,
      keepActionPlan: true,
    })
    expect(bad.status).toBe(400)
  })

  it('purges a session past the period, keeping the action plan and the consent', async () => {
    const scheduled = await call('Fanny', 'POST', `${group()}/sessions`, {
      scheduledAt: Date.now() - 10 * DAY_MS,
    })
    pastId = ((await scheduled.json()) as { id: string }).id
    fanny = await session.connect('Fanny', pastId)
    const bob = await session.connect('Bob', pastId)
    bob.writeNote('shape:secret', 'Mon chef me harcèle')
    await eventually(() => expect(fanny.records.has('shape:secret')).toBe(true))
    const subject = { kind: 'probleme', title: 'Un sujet très confidentiel' }
    const alice = await session.connect('Alice', pastId)
    expect(
      await fanny.command({ type: 'setClientAndSubject', clientId: alice.memberId, subject }),
    ).toMatchObject({ ok: true })
    expect(await alice.command({ type: 'setReportAudience', audience: 'client' })).toMatchObject({
      ok: true,
    })
    while (stateOf(fanny).phase !== 'synthese') {
      const from = stateOf(fanny).phase
      expect(await fanny.command({ type: 'next', override: true })).toMatchObject({ ok: true })
      await eventually(() => expect(stateOf(fanny).phase).not.toBe(from))
    }
    const note = noteRecord({
      id: 'shape:act',
      text: 'Parler au directeur',
      author: alice.memberId,
      role: 'client',
      phase: 'synthese',
      kind: 'action',
    })
    const action = {
      ...note,
      meta: {
        ...note.meta,
        action: { what: 'Parler au directeur', firstStep: 'a', successIndicator: 'b' },
      },
    }
    alice.records.set(action.id, action)
    await eventually(() => expect(fanny.records.get(action.id)).toEqual(action))
    const journalName = privateDocumentName(pastId, 'journal', alice.memberId)
    const journal = await session.connect('Alice', journalName)
    journal.records.set('codev_journal:j1', {
      id: 'codev_journal:j1',
      typeName: 'codev_journal',
      author: alice.memberId,
      text: 'Oser demander de l’aide',
      shared: false,
      at: 1,
    })
    await eventually(() => expect(journal.provider.unsyncedChanges).toBe(0))
    expect([...bob.refusals, ...alice.refusals, ...journal.refusals]).toEqual([])
    // The current session (today) has a note that must survive.
    const today = await session.connect('Bob')
    today.writeNote('shape:today', 'Une note d’aujourd’hui')
    await eventually(() => expect(today.provider.unsyncedChanges).toBe(0))

    const set = await call('Fanny', 'PUT', `${group()}/retention`, {
      retentionDays: 5,
      keepActionPlan: true,
    })
    expect(set.status).toBe(200)

    // The open board sees the purge at once; the action plan and the consent stay.
    await eventually(() => expect(fanny.records.has('shape:secret')).toBe(false))
    expect(fanny.records.get('shape:act')).toEqual(action)
    expect(stateOf(fanny)).toMatchObject({
      subject: null,
      clientId: alice.memberId,
      reportAudience: 'client',
    })
    // Nothing removed stays on disk, in the session or in the private journal.
    expect(await storedBytes(pastId)).not.toContain('harcèle')
    expect(await storedBytes(pastId)).not.toContain('confidentiel')
    expect(await storedBytes(pastId)).toContain('Parler au directeur')
    expect(await storedBytes(journalName)).not.toContain('Oser demander')
    expect(await readStoredRecords(session.test.server.store.documents, journalName)).toEqual([])
    // The current session is younger than the period: untouched.
    expect(
      (await readStoredRecords(session.test.server.store.documents, session.group.sessionId)).some(
        (record) => (record as { id?: string }).id === 'shape:today',
      ),
    ).toBe(true)
    // A second run finds nothing more to purge.
    expect(await (await call('Fanny', 'POST', `${group()}/purge`)).json()).toEqual({ purged: 0 })
    const view = (await (await call('Bob', 'GET', group())).json()) as {
      sessions: { id: string; purgedAt: number | null }[]
    }
    expect(view.sessions.find((s) => s.id === pastId)?.purgedAt).toEqual(expect.any(Number))
    expect(view.sessions.find((s) => s.id === session.group.sessionId)?.purgedAt).toBeNull()
  })

  it('says the report was purged and logs every purge and export for the facilitator', async () => {
    const report = await call('Alice', 'GET', `/api/sessions/${pastId}/report?lang=fr`)
    expect(report.status).toBe(200)
    const markdown = await report.text()
    expect(markdown.startsWith('> Contenu purgé le')).toBe(true)
    expect(markdown).toContain('Parler au directeur')
    expect(markdown).not.toContain('harcèle')
    // The client's consent survived: the report is still theirs alone.
    expect((await call('Bob', 'GET', `/api/sessions/${pastId}/report`)).status).toBe(403)
    const exported = await call('Bob', 'GET', `${group()}/journal?format=markdown`)
    expect(exported.headers.get('content-type')).toContain('text/markdown')
    const log = (await (await call('Fanny', 'GET', `${group()}/log`)).json()) as {
      entries: { kind: string; sessionId: string | null; actorId: string | null }[]
    }
    expect(log.entries.map((e) => [e.kind, e.sessionId, e.actorId])).toEqual([
      ['retention/set', null, session.group.memberIds.Fanny],
      ['purge', pastId, session.group.memberIds.Fanny],
      ['export/report', pastId, session.group.memberIds.Alice],
      ['export/journal', null, session.group.memberIds.Bob],
    ])
  })
})
