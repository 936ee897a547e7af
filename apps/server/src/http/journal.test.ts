/**
 * The journal page's routes and the cycle summary on the real server: a member
 * adds entries to their own journal and shares one; nobody can share or read
 * another's; their learning notes from the boards come with it; the facilitator's
 * summary gathers sessions, clients, subjects, actions and evaluations.
 */
import { describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { api, eventually } from '../testing/testServer.ts'

describe('the journal page and the cycle summary', () => {
  const session = useGroupSession(['Alice', 'Bob'])
  const call = (name: string, method: string, path: string, body?: unknown) =>
    api(session.test.url, session.group.tokens[name]!, method, path, body)
  const journal = () => `/api/groups/${session.group.groupId}/journal`
  type Journal = {
    entries: { id: string; text: string; shared: boolean; sessionId: string; authorName: string }[]
    learnings?: { text: string; sessionNumber: number }[]
  }

  it('adds entries to the member’s own journal, shares one, and lists their learnings', async () => {
    const added = await call('Alice', 'POST', journal(), {
      text: 'Écouter sans préparer ma réponse',
    })
    expect(added.status).toBe(201)
    const entry = (await added.json()) as { id: string; sessionId: string }
    expect(entry.sessionId).toBe(session.group.sessionId)
    expect((await call('Alice', 'POST', journal(), { text: '   ' })).status).toBe(400)
    const share = `${journal()}/${entry.sessionId}/${encodeURIComponent(entry.id)}`
    expect((await call('Alice', 'PATCH', share, { shared: true })).status).toBe(204)

    const alice = await session.connect('Alice')
    const fanny = await session.connect('Fanny')
    // A learning note on the board, written in the final round.
    await fanny.command({
      type: 'setClientAndSubject',
      clientId: session.group.memberIds.Bob,
      subject: { kind: 'projet', title: 'Un projet' },
    })
    const state = () => fanny.records.get('codev_session:state') as { phase: string }
    while (state().phase !== 'apprentissage') {
      const from = state().phase
      expect(await fanny.command({ type: 'next', override: true })).toMatchObject({ ok: true })
      await eventually(() => expect(state().phase).not.toBe(from))
    }
    const learning = noteRecord({
      id: 'shape:learn1',
      text: 'Demander avant de proposer',
      author: alice.memberId,
      role: 'consultant',
      phase: 'apprentissage',
      kind: 'learning',
    })
    alice.records.set(learning.id, learning)
    await eventually(() => expect(fanny.records.has(learning.id)).toBe(true))
    expect(alice.refusals).toEqual([])

    const mine = (await (await call('Alice', 'GET', journal())).json()) as Journal
    expect(mine.entries.map((e) => [e.text, e.shared])).toEqual([
      ['Écouter sans préparer ma réponse', true],
    ])
    expect(mine.learnings?.map((l) => [l.sessionNumber, l.text])).toEqual([
      [1, 'Demander avant de proposer'],
    ])
    const shared = (await (await call('Fanny', 'GET', `${journal()}?shared=1`)).json()) as Journal
    expect(shared.entries.map((e) => [e.authorName, e.text])).toEqual([
      ['Alice', 'Écouter sans préparer ma réponse'],
    ])
  })

  it('never lets another member share or read someone’s entry', async () => {
    const mine = (await (await call('Alice', 'GET', journal())).json()) as Journal
    const entry = mine.entries[0]!
    const share = `${journal()}/${entry.sessionId}/${encodeURIComponent(entry.id)}`
    const hostile = await call('Bob', 'PATCH', share, { shared: false })
    expect(hostile.status).toBe(404)
    const bobs = (await (await call('Bob', 'GET', journal())).json()) as Journal
    expect(bobs.entries).toEqual([])
    expect(bobs.learnings).toEqual([])
    const still = (await (await call('Alice', 'GET', journal())).json()) as Journal
    expect(still.entries[0]!.shared).toBe(true)
    // A session of another group is no way in either.
    expect(
      (
        await call('Bob', 'PATCH', `${journal()}/nope/${encodeURIComponent(entry.id)}`, {
          shared: true,
        })
      ).status,
    ).toBe(404)
  })

  it('gives the facilitator the cycle summary', async () => {
    const response = await call('Fanny', 'GET', `/api/groups/${session.group.groupId}/summary`)
    expect(response.status).toBe(200)
    const summary = (await response.json()) as {
      groupName: string
      sessions: { number: number; client: string | null; subject: { title: string } | null }[]
      notYetClients: string[]
    }
    expect(summary.groupName).toBe('Groupe test')
    expect(summary.sessions.map((s) => [s.number, s.client, s.subject?.title])).toEqual([
      [1, 'Bob', 'Un projet'],
    ])
    expect(summary.notYetClients).toEqual(['Alice'])
  })
})
