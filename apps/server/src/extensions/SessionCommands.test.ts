/**
 * SessionCommands: the server seeds each session document and is the only writer of
 * its state; the facilitator's commands move the session for everyone.
 */
import {
  BOARD_SEED_RECORDS,
  isInside,
  SESSION_STATE_ID,
  type SessionState,
  zoneOf,
} from '@codev/domain'
import { describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { api, eventually, type TestClient } from '../testing/testServer.ts'

describe('SessionCommands', () => {
  const session = useGroupSession(['Alice', 'Bob'], ['Olga'])
  const { connect } = session
  const stateOf = (client: TestClient) => client.records.get(SESSION_STATE_ID) as SessionState

  it('seeds a new session with the board records and the members with their roles', async () => {
    const alice = await connect('Alice')
    for (const record of BOARD_SEED_RECORDS) expect(alice.records.get(record.id)).toEqual(record)
    const state = stateOf(alice)
    expect(state).toMatchObject({ phase: 'welcome', status: 'open', firstSessionOfGroup: true })
    expect(state.roles).toEqual({
      [session.group.memberIds.Fanny!]: 'facilitator',
      [session.group.memberIds.Alice!]: 'consultant',
      [session.group.memberIds.Bob!]: 'consultant',
      [session.group.memberIds.Olga!]: 'observer',
    })
  })

  it("runs the facilitator's commands for everyone and answers each request", async () => {
    const fanny = await connect('Fanny')
    const bob = await connect('Bob')
    expect(await fanny.command({ type: 'next' })).toMatchObject({ ok: true })
    await eventually(() => expect(stateOf(bob).phase).toBe('retour'))
    expect(stateOf(bob).history).toEqual([
      expect.objectContaining({
        kind: 'advance',
        from: 'welcome',
        to: 'retour',
        by: fanny.memberId,
      }),
    ])
    expect(await fanny.command({ type: 'timerStart' })).toMatchObject({ ok: true })
    await eventually(() => expect(stateOf(bob).timer.startedAt).not.toBeNull())
    expect(await fanny.command({ type: 'skip' })).toMatchObject({ ok: true })
    await eventually(() => expect(stateOf(bob).phase).toBe('choix-sujet'))
    expect(await fanny.command({ type: 'next' })).toMatchObject({
      ok: false,
      error: 'step/subject-missing',
    })
  })

  it("carries the session's action plan and regulation into the next session's retour", async () => {
    const fanny = await connect('Fanny')
    const bob = await connect('Bob')
    const subject = { kind: 'projet', title: 'Lancer le projet' }
    expect(
      await fanny.command({ type: 'setClientAndSubject', clientId: bob.memberId, subject }),
    ).toMatchObject({ ok: true })
    for (const command of [
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
      { type: 'next', override: true },
      { type: 'next' },
    ]) {
      expect(await fanny.command(command)).toMatchObject({ ok: true })
    }
    await eventually(() => expect(stateOf(bob).phase).toBe('synthese'))
    const note = noteRecord({
      id: 'shape:act1',
      text: 'Parler au directeur',
      author: bob.memberId,
      role: 'client',
      phase: 'synthese',
      kind: 'action',
    })
    const action = {
      ...note,
      meta: {
        ...note.meta,
        action: {
          what: 'Parler au directeur',
          firstStep: 'Prendre rendez-vous',
          successIndicator: 'Rendez-vous fixé',
        },
      },
    }
    bob.records.set(action.id, action)
    await eventually(() => expect(fanny.records.get(action.id)).toEqual(action))
    expect(await fanny.command({ type: 'next' })).toMatchObject({ ok: true })
    await eventually(() => expect(stateOf(bob).phase).toBe('apprentissage'))
    const regulation = noteRecord({
      id: 'shape:reg1',
      text: 'Tenir le temps',
      author: fanny.memberId,
      role: 'facilitator',
      phase: 'apprentissage',
      kind: 'regulation',
    })
    fanny.records.set(regulation.id, regulation)
    await eventually(() => expect(bob.records.get(regulation.id)).toEqual(regulation))

    const scheduled = await api(
      session.test.url,
      session.group.tokens.Fanny!,
      'POST',
      `/api/groups/${session.group.groupId}/sessions`,
      {
        scheduledAt: Date.now() + 86_400_000,
      },
    )
    expect(scheduled.status).toBe(201)
    const next = (await scheduled.json()) as { id: string }
    const reader = await connect('Bob', next.id)
    const carried = reader.records.get('shape:prev-act1') as typeof action
    expect(carried.meta).toEqual({ ...action.meta, phase: 'retour' })
    expect(isInside(zoneOf('retour'), carried)).toBe(true)
    const carriedRegulation = reader.records.get('shape:prev-reg1') as typeof regulation
    expect(carriedRegulation.meta).toEqual({ ...regulation.meta, phase: 'retour' })
    expect(isInside(zoneOf('retour'), carriedRegulation)).toBe(true)
    expect(stateOf(reader)).toMatchObject({ phase: 'welcome', firstSessionOfGroup: false })
  })

  it('closes the session: the state says so, the session is closed for the API, and writes stop', async () => {
    const fanny = await connect('Fanny')
    const alice = await connect('Alice')
    expect(await fanny.command({ type: 'close' })).toMatchObject({ ok: true })
    await eventually(() => expect(stateOf(alice).status).toBe('closed'))

    const response = await api(
      session.test.url,
      session.group.tokens.Alice!,
      'GET',
      `/api/sessions/${session.group.sessionId}`,
    )
    expect(await response.json()).toMatchObject({ status: 'closed' })
    expect(await fanny.command({ type: 'back' })).toMatchObject({ ok: false })

    // Live connections became read-only: a write goes nowhere.
    alice.writeNote('shape:afterclose', 'too late')
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(fanny.records.has('shape:afterclose')).toBe(false)
    // New connections are read-only from the start.
    const bob = await connect('Bob')
    expect(bob.provider.authorizedScope).toBe('readonly')
  })
})
