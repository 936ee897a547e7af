/**
 * Two consultations in one meeting: the facilitator starts the second on the real
 * server; it opens at the exposé with its client and subject, the first board
 * links to it at once, the group page and the rotation count both clients, and the
 * next meeting's retour follows up both action plans. Members cannot start one.
 */
import { SESSION_STATE_ID, type SessionState } from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { api, eventually, type TestClient } from '../testing/testServer.ts'

describe('two consultations in one meeting', () => {
  const session = useGroupSession(['Alice', 'Bob', 'Chloé'], ['Olga'])
  const stateOf = (client: TestClient) => client.records.get(SESSION_STATE_ID) as SessionState
  const call = (name: string, method: string, path: string, body?: unknown) =>
    api(session.test.url, session.group.tokens[name]!, method, path, body)
  const start = (name: string, sessionId: string, clientId: string) =>
    call(name, 'POST', `/api/sessions/${sessionId}/second-consultation`, {
      clientId,
      subject: { kind: 'probleme', title: 'Un conflit dans l’équipe' },
    })
  const ids = () => session.group.memberIds
  let secondId = ''

  it('is refused before the first client is confirmed, and to members', async () => {
    const first = session.group.sessionId
    expect(await (await start('Fanny', first, ids().Bob!)).json()).toMatchObject({
      error: 'meeting/no-first-client',
    })
    const fanny = await session.connect('Fanny')
    const subject = { kind: 'projet', title: 'Lancer le projet' }
    expect(
      await fanny.command({ type: 'setClientAndSubject', clientId: ids().Alice, subject }),
    ).toMatchObject({ ok: true })
    const hostile = await start('Bob', first, ids().Bob!)
    expect(hostile.status).toBe(403)
    expect(await hostile.json()).toMatchObject({ error: 'group/not-facilitator' })
    for (const [clientId, error] of [
      [ids().Alice!, 'meeting/same-client'],
      [ids().Fanny!, 'meeting/client-not-member'],
      [ids().Olga!, 'meeting/client-not-member'],
    ] as const) {
      const refused = await start('Fanny', first, clientId)
      expect(refused.status).toBe(409)
      expect(await refused.json()).toMatchObject({ error })
    }
    expect(
      (await call('Fanny', 'POST', `/api/sessions/${first}/second-consultation`, {})).status,
    ).toBe(400)
  })

  it('starts the second at the exposé, and the first board links to it at once', async () => {
    const alice = await session.connect('Alice')
    const created = await start('Fanny', session.group.sessionId, ids().Bob!)
    expect(created.status).toBe(201)
    const second = (await created.json()) as { id: string; number: number; consultation: number }
    expect(second).toMatchObject({ number: 2, consultation: 2 })
    secondId = second.id
    await eventually(() =>
      expect(stateOf(alice).meeting).toEqual({ consultation: 1, other: secondId }),
    )
    const bob = await session.connect('Bob', secondId)
    expect(stateOf(bob)).toMatchObject({
      phase: 'expose',
      clientId: ids().Bob,
      subject: { title: 'Un conflit dans l’équipe' },
      skipped: ['welcome', 'retour', 'choix-sujet'],
      meeting: { consultation: 2, other: session.group.sessionId },
    })
    expect(stateOf(bob).roles[ids().Bob!]).toBe('client')
    expect(stateOf(bob).roles[ids().Alice!]).toBe('consultant')
    // Nothing of the previous meeting comes into a second consultation.
    expect([...bob.records.keys()].some((key) => key.startsWith('shape:prev-'))).toBe(false)
  })

  it('is one per meeting, from the first consultation only', async () => {
    expect(
      await (await start('Fanny', session.group.sessionId, ids().Chloé!)).json(),
    ).toMatchObject({
      error: 'meeting/full',
    })
    expect(await (await start('Fanny', secondId, ids().Chloé!)).json()).toMatchObject({
      error: 'meeting/not-first',
    })
  })

  it('lists both on the group page and counts both clients in the rotation', async () => {
    const group = (await (
      await call('Alice', 'GET', `/api/groups/${session.group.groupId}`)
    ).json()) as {
      sessions: { id: string; consultation: number; meetingId: string; clientId: string }[]
      clientHistory: string[]
    }
    expect(group.sessions.map((s) => [s.consultation, s.meetingId, s.clientId])).toEqual([
      [1, session.group.sessionId, ids().Alice],
      [2, session.group.sessionId, ids().Bob],
    ])
    expect(group.clientHistory).toEqual([ids().Alice, ids().Bob])
    const one = (await (await call('Bob', 'GET', `/api/sessions/${secondId}`)).json()) as object
    expect(one).toMatchObject({ consultation: 2, meetingId: session.group.sessionId })
  })

  it("follows up both consultations' action plans in the next meeting's retour", async () => {
    const writeAction = async (sessionId: string, name: string, id: string, what: string) => {
      const fanny = await session.connect('Fanny', sessionId)
      while (stateOf(fanny).phase !== 'synthese') {
        const from = stateOf(fanny).phase
        expect(await fanny.command({ type: 'next', override: true })).toMatchObject({ ok: true })
        await eventually(() => expect(stateOf(fanny).phase).not.toBe(from))
      }
      const client = await session.connect(name, sessionId)
      const note = noteRecord({
        id,
        text: what,
        author: client.memberId,
        role: 'client',
        phase: 'synthese',
        kind: 'action',
      })
      const action = {
        ...note,
        meta: { ...note.meta, action: { what, firstStep: 'a', successIndicator: 'b' } },
      }
      client.records.set(id, action)
      await eventually(() => expect(fanny.records.get(id)).toEqual(action))
    }
    await writeAction(session.group.sessionId, 'Alice', 'shape:alice1', 'Déléguer')
    await writeAction(secondId, 'Bob', 'shape:bob1', 'Parler à Léa')
    const scheduled = await call('Fanny', 'POST', `/api/groups/${session.group.groupId}/sessions`, {
      scheduledAt: Date.now() + 86_400_000,
    })
    const next = (await scheduled.json()) as { id: string; number: number }
    expect(next.number).toBe(3)
    const reader = await session.connect('Chloé', next.id)
    expect(reader.records.has('shape:prev-alice1')).toBe(true)
    expect(reader.records.has('shape:prev-bob1')).toBe(true)
  })
})
