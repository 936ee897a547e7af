/**
 * The duties beside the roles hold against a modified client: only the client
 * sorts the contributions, a timekeeper runs the timer but never the steps, a
 * co-facilitator moves the steps only while delegated, the secretary writes for
 * the consultants.
 */
import { SESSION_STATE_ID, type SessionState } from '@codev/domain'
import { beforeAll, describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { eventually, type TestClient } from '../testing/testServer.ts'

describe('duties and triage against a hostile client', () => {
  const session = useGroupSession(['Alice', 'Bob', 'Carol'])
  const stateOf = (client: TestClient) => client.records.get(SESSION_STATE_ID) as SessionState
  let fanny: TestClient
  let alice: TestClient
  let bob: TestClient
  let carol: TestClient

  beforeAll(async () => {
    fanny = await session.connect('Fanny')
    alice = await session.connect('Alice')
    bob = await session.connect('Bob')
    carol = await session.connect('Carol')
    const subject = { kind: 'probleme', title: 'Un problème' }
    for (const command of [
      { type: 'next' },
      { type: 'skip' },
      { type: 'setClientAndSubject', clientId: carol.memberId, subject },
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
      { type: 'next', override: true },
    ]) {
      expect(await fanny.command(command)).toMatchObject({ ok: true })
    }
    await eventually(() => expect(stateOf(alice).phase).toBe('consultation'))
  })

  it('lets only the client sort the contributions', async () => {
    const idea = noteRecord({
      id: 'shape:idea',
      text: 'Essayer un binôme',
      author: bob.memberId,
      role: 'consultant',
      phase: 'consultation',
      kind: 'idea',
    })
    bob.records.set(idea.id, idea)
    await eventually(() => expect(alice.records.get(idea.id)).toEqual(idea))

    const ranked = { ...idea, meta: { ...idea.meta, flags: { keep: 'not-now' } } }
    alice.records.set(idea.id, ranked)
    await eventually(() =>
      expect(alice.refusals).toContainEqual({
        id: idea.id,
        op: 'update',
        error: 'note/flags-client-only',
      }),
    )
    await eventually(() => expect(alice.records.get(idea.id)).toEqual(idea))

    const kept = { ...idea, meta: { ...idea.meta, flags: { keep: 'yes' } } }
    carol.records.set(idea.id, kept)
    await eventually(() => expect(bob.records.get(idea.id)).toEqual(kept))
  })

  it('lets the timekeeper run the timer but not the steps', async () => {
    expect(
      await fanny.command({ type: 'assignDuty', duty: 'timekeeper', memberId: alice.memberId }),
    ).toMatchObject({ ok: true })
    await eventually(() => expect(stateOf(alice).duties.timekeeper).toBe(alice.memberId))
    expect(await alice.command({ type: 'timerStart' })).toMatchObject({ ok: true })
    expect(await alice.command({ type: 'next' })).toMatchObject({
      ok: false,
      error: 'step/not-facilitator',
    })
    expect(await bob.command({ type: 'timerPause' })).toMatchObject({
      ok: false,
      error: 'step/not-facilitator',
    })
    // Writing the state directly is no way around it.
    const state = stateOf(alice)
    alice.records.set(SESSION_STATE_ID, { ...state, phase: 'synthese' })
    await eventually(() =>
      expect(alice.refusals).toContainEqual({
        id: SESSION_STATE_ID,
        op: 'update',
        error: 'session/server-only',
      }),
    )
    await eventually(() => expect(stateOf(fanny).phase).toBe('consultation'))
  })

  it('lets the co-facilitator move the steps only while the facilitator delegates it', async () => {
    expect(
      await fanny.command({ type: 'assignDuty', duty: 'coFacilitator', memberId: bob.memberId }),
    ).toMatchObject({ ok: true })
    expect(await bob.command({ type: 'back' })).toMatchObject({
      ok: false,
      error: 'step/not-delegated',
    })
    expect(await fanny.command({ type: 'delegateSteps', on: true })).toMatchObject({ ok: true })
    expect(await bob.command({ type: 'back' })).toMatchObject({ ok: true })
    await eventually(() => expect(stateOf(carol).phase).toBe('contrat'))
    expect(await bob.command({ type: 'close' })).toMatchObject({
      ok: false,
      error: 'step/not-facilitator',
    })
  })
})
