/**
 * The notebook (a member's private space beside the session): only its owner
 * opens it, even before it exists — another member's attempt neither reads it
 * nor creates it — and what the owner writes reaches no one else.
 */
import { privateDocumentName } from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { eventually, refusal } from '../testing/testServer.ts'

describe('the notebook', () => {
  const session = useGroupSession(['Alice', 'Bob'])
  const notebookOf = (name: string) =>
    privateDocumentName(session.group.sessionId, 'notebook', session.group.memberIds[name]!)

  it('refuses another member, the facilitator too, before the owner ever opened it', async () => {
    const name = notebookOf('Alice')
    const { documents } = session.test.server.store
    expect(await documents.loadDocument(name)).toEqual({ snapshot: null, updates: [] })
    for (const snoop of ['Bob', 'Fanny']) {
      expect(await refusal(session.open(snoop, name)), snoop).toBe('session/not-member')
    }
    // The refused attempts left nothing behind.
    expect(await documents.loadDocument(name)).toEqual({ snapshot: null, updates: [] })
  })

  it('keeps what its owner writes to them: not in the session, not in another notebook', async () => {
    const alice = await session.connect('Alice', notebookOf('Alice'))
    const text = 'Penser à relancer Karim'
    const mine = noteRecord({
      id: 'shape:private1',
      text,
      author: alice.memberId,
      role: 'consultant',
      phase: 'welcome',
      kind: 'note',
    })
    alice.records.set(mine.id, mine)
    const { documents } = session.test.server.store
    await eventually(async () => {
      const stored = await documents.loadDocument(notebookOf('Alice'))
      expect(stored.updates.length + (stored.snapshot ? 1 : 0)).toBeGreaterThan(0)
    })
    expect(await refusal(session.open('Bob', notebookOf('Alice')))).toBe('session/not-member')
    const bobsOwn = await session.connect('Bob', notebookOf('Bob'))
    const board = await session.connect('Bob')
    expect(bobsOwn.records.size).toBe(0)
    expect(JSON.stringify([...board.records.values()])).not.toContain(text)
  })
})
