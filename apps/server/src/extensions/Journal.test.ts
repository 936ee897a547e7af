/**
 * The learning journal: each member's entries, private to them across the cycle,
 * unless they share one — then the facilitator's cycle summary shows it.
 */
import { privateDocumentName } from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { api, eventually, refusal } from '../testing/testServer.ts'

describe('the learning journal across the cycle', () => {
  const session = useGroupSession(['Alice', 'Bob'])
  const journalOf = (sessionId: string, name: string) =>
    privateDocumentName(sessionId, 'journal', session.group.memberIds[name]!)
  const entry = (author: string, n: number, text: string, shared: boolean) => ({
    id: `codev_journal:e${n}`,
    typeName: 'codev_journal',
    author,
    text,
    shared,
    at: n,
  })
  const journal = async (name: string, query = '') =>
    api(
      session.test.url,
      session.group.tokens[name]!,
      'GET',
      `/api/groups/${session.group.groupId}/journal${query}`,
    )

  it('keeps entries private to their author, across the sessions of the cycle', async () => {
    await session.connect('Fanny') // the session is open, as during a meeting
    const first = await session.connect('Alice', journalOf(session.group.sessionId, 'Alice'))
    first.records.set('codev_journal:e1', entry(first.memberId, 1, 'Écouter jusqu’au bout', false))
    first.records.set('codev_journal:e2', entry(first.memberId, 2, 'Oser demander', true))
    await eventually(() => expect(first.provider.unsyncedChanges).toBe(0))
    expect(first.refusals).toEqual([])

    const scheduled = await api(
      session.test.url,
      session.group.tokens.Fanny!,
      'POST',
      `/api/groups/${session.group.groupId}/sessions`,
      {
        scheduledAt: Date.now() + 86_400_000,
      },
    )
    const next = (await scheduled.json()) as { id: string }
    await session.connect('Fanny', next.id)
    const second = await session.connect('Alice', journalOf(next.id, 'Alice'))
    second.records.set('codev_journal:e3', entry(second.memberId, 3, 'Déléguer le suivi', false))
    await eventually(() => expect(second.provider.unsyncedChanges).toBe(0))

    const mine = (await (await journal('Alice')).json()) as {
      entries: { text: string; sessionNumber: number }[]
    }
    expect(mine.entries.map((e) => [e.sessionNumber, e.text])).toEqual([
      [1, 'Écouter jusqu’au bout'],
      [1, 'Oser demander'],
      [2, 'Déléguer le suivi'],
    ])
    const bobs = (await (await journal('Bob')).json()) as { entries: unknown[] }
    expect(bobs.entries).toEqual([])

    const snoop = session.open('Bob', journalOf(session.group.sessionId, 'Alice'))
    expect(await refusal(snoop)).toBe('session/not-member')
  })

  it('gives the facilitator only the entries their authors shared, and to nobody else', async () => {
    const shared = (await (await journal('Fanny', '?shared=1')).json()) as {
      entries: { text: string; authorName: string }[]
    }
    expect(shared.entries.map((e) => [e.authorName, e.text])).toEqual([['Alice', 'Oser demander']])
    expect((await journal('Bob', '?shared=1')).status).toBe(403)
  })
})
