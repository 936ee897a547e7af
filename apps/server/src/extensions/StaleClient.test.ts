/**
 * An honest client that edited offline in a zone that was locked meanwhile is
 * brought back in line with a clear reason — never left diverged or wedged.
 */
import { SESSION_STATE_ID, type SessionState } from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord, textOf } from '../testing/records.ts'
import { eventually } from '../testing/testServer.ts'

describe('the stale offline client', () => {
  const { connect } = useGroupSession()

  it('gets its offline notes in a now read-only zone undone, is told why, and keeps working', async () => {
    const fanny = await connect('Fanny')
    const alice = await connect('Alice')
    const bob = await connect('Bob')
    const acked = alice.writeNote('shape:before', 'written online')
    await eventually(() => expect(bob.records.get(acked.id)).toEqual(acked))

    // Alice loses the connection and keeps writing in the welcome zone.
    alice.provider.disconnect()
    const offline = noteRecord({
      id: 'shape:offline',
      text: 'written offline',
      author: alice.memberId,
      role: 'consultant',
      phase: 'welcome',
    })
    alice.records.set(offline.id, offline)
    alice.records.set(acked.id, { ...acked, props: { text: 'edited offline' } })

    // Meanwhile the facilitator moves on: the welcome zone is read-only now.
    expect(await fanny.command({ type: 'next' })).toMatchObject({ ok: true })
    await eventually(() =>
      expect((bob.records.get(SESSION_STATE_ID) as SessionState).phase).toBe('retour'),
    )

    await alice.provider.connect()
    await eventually(() =>
      expect(alice.refusals.map((r) => [r.id, r.error]).sort()).toEqual([
        ['shape:before', 'zone/read-only'],
        ['shape:offline', 'zone/read-only'],
      ]),
    )
    // Back in line: her replica equals everyone's, with the step change she missed.
    await eventually(() => expect(alice.records.toJSON()).toEqual(bob.records.toJSON()))
    expect(alice.records.has(offline.id)).toBe(false)
    expect(textOf(alice.records.get(acked.id))).toBe('written online')
    expect((alice.records.get(SESSION_STATE_ID) as SessionState).phase).toBe('retour')

    // Not wedged: her next allowed note, in the current zone, reaches the others.
    const next = alice.writeNote('shape:after', 'written in the retour')
    await eventually(() => expect(bob.records.get(next.id)).toEqual(next))
    expect(fanny.records.toJSON()).toEqual(bob.records.toJSON())
  })
})
