/**
 * Evaluations are really anonymous: each member's evaluation lives in a space only
 * they open; the session shows the aggregate, naming only those who signed.
 */
import {
  EVALUATION_ENTRY_ID,
  privateDocumentName,
  SESSION_STATE_ID,
  type SessionState,
} from '@codev/domain'
import { beforeAll, describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { eventually, refusal, type TestClient } from '../testing/testServer.ts'

describe('session evaluations', () => {
  const session = useGroupSession(['Alice', 'Bob', 'Carol'])
  const space = (name: string) =>
    privateDocumentName(session.group.sessionId, 'evaluation', session.group.memberIds[name]!)
  const stateOf = (client: TestClient) => client.records.get(SESSION_STATE_ID) as SessionState
  let fanny: TestClient

  beforeAll(async () => {
    fanny = await session.connect('Fanny')
    const subject = { kind: 'projet', title: 'Un projet' }
    for (const command of [
      { type: 'next' },
      { type: 'skip' },
      { type: 'setClientAndSubject', clientId: session.group.memberIds.Carol, subject },
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
      { type: 'next', override: true },
      { type: 'next' },
      { type: 'next' },
    ]) {
      expect(await fanny.command(command)).toMatchObject({ ok: true })
    }
    await eventually(() => expect(stateOf(fanny).phase).toBe('apprentissage'))
  })

  it('shows the aggregate to the session, with names only where signed', async () => {
    const alice = await session.connect('Alice', space('Alice'))
    alice.records.set(EVALUATION_ENTRY_ID, {
      id: EVALUATION_ENTRY_ID,
      typeName: 'codev_evaluation',
      author: alice.memberId,
      evaluation: { anonymous: true, appreciation: 3, comment: 'Trop long' },
    })
    const bob = await session.connect('Bob', space('Bob'))
    bob.records.set(EVALUATION_ENTRY_ID, {
      id: EVALUATION_ENTRY_ID,
      typeName: 'codev_evaluation',
      author: bob.memberId,
      evaluation: {
        anonymous: false,
        appreciation: 5,
        comment: 'Merci',
        regulateNextTime: 'Le temps',
      },
    })
    await eventually(() =>
      expect(stateOf(fanny).evaluations).toEqual({
        count: 2,
        averageAppreciation: 4,
        averageMethodRespected: null,
        comments: [
          { text: 'Trop long', author: null },
          { text: 'Merci', author: 'Bob' },
        ],
        regulateNextTime: ['Le temps'],
        expectations: [],
        learnings: [],
        applications: [],
      }),
    )
    // Nothing in the session says who wrote the anonymous one.
    const carol = await session.connect('Carol')
    const values = [...carol.records.values()] as { typeName?: string }[]
    expect(values.some((value) => value.typeName === 'codev_evaluation')).toBe(false)
    expect(JSON.stringify(stateOf(carol).evaluations)).not.toContain(alice.memberId)
    expect(JSON.stringify(stateOf(carol).evaluations)).not.toContain('Alice')
    expect(alice.refusals).toEqual([])

    // Changing one's mind updates the aggregate.
    alice.records.set(EVALUATION_ENTRY_ID, {
      id: EVALUATION_ENTRY_ID,
      typeName: 'codev_evaluation',
      author: alice.memberId,
      evaluation: { anonymous: false, appreciation: 4, comment: 'Finalement, bien' },
    })
    await eventually(() =>
      expect(stateOf(fanny).evaluations.comments).toContainEqual({
        text: 'Finalement, bien',
        author: 'Alice',
      }),
    )
  })

  it("keeps each member's evaluation closed to everyone else, the facilitator included", async () => {
    const snoop = session.open('Fanny', space('Alice'))
    expect(await refusal(snoop)).toBe('session/not-member')
  })
})
