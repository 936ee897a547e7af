/**
 * SessionCommands: the server seeds each session document and is the only writer of
 * its state; the facilitator's commands move the session for everyone.
 */
import { BOARD_SEED_RECORDS, SESSION_STATE_ID, type SessionState } from '@codev/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  api,
  connectClient,
  createGroup,
  eventually,
  startTestServer,
  type TestClient,
  type TestGroup,
  type TestServer,
} from '../testing/testServer.ts'

describe('SessionCommands', () => {
  let test: TestServer
  let group: TestGroup
  const clients: TestClient[] = []
  const connect = async (name: string) => {
    const next = connectClient(test.wsUrl, group.sessionId, group.tokens[name]!)
    clients.push(next)
    await next.synced()
    return next
  }
  const stateOf = (client: TestClient) => client.records.get(SESSION_STATE_ID) as SessionState

  beforeAll(async () => {
    test = await startTestServer()
    group = await createGroup(test.url, ['Alice', 'Bob'], ['Olga'])
  })
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await test.stop()
  })

  it('seeds a new session with the board records and the members with their roles', async () => {
    const alice = await connect('Alice')
    for (const record of BOARD_SEED_RECORDS) expect(alice.records.get(record.id)).toEqual(record)
    const state = stateOf(alice)
    expect(state).toMatchObject({ phase: 'welcome', status: 'open', firstSessionOfGroup: true })
    expect(state.roles).toEqual({
      [group.memberIds.Fanny!]: 'facilitator',
      [group.memberIds.Alice!]: 'consultant',
      [group.memberIds.Bob!]: 'consultant',
      [group.memberIds.Olga!]: 'observer',
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

  it('closes the session: the state says so, the session is closed for the API, and writes stop', async () => {
    const fanny = await connect('Fanny')
    const alice = await connect('Alice')
    expect(await fanny.command({ type: 'close' })).toMatchObject({ ok: true })
    await eventually(() => expect(stateOf(alice).status).toBe('closed'))

    const response = await api(
      test.url,
      group.tokens.Alice!,
      'GET',
      `/api/sessions/${group.sessionId}`,
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
