/**
 * The refused-changes limit (120 a minute closes a connection) counts only what the
 * client could have avoided. A lagging honest client whose writes were sent before
 * it saw a step change gets them refused and reverted, but is not disconnected; a
 * client whose writes no recent state allowed still is.
 */
import { SESSION_STATE_ID, type SessionState } from '@codev/domain'
import { beforeAll, describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { closeReason, eventually, type TestClient } from '../testing/testServer.ts'
import { MAX_REFUSED_CHANGES_PER_MINUTE } from './Authorization.ts'

const WRITES = MAX_REFUSED_CHANGES_PER_MINUTE + 30

describe('the refused-changes limit and lagging clients', () => {
  const session = useGroupSession(['Bob', 'Mallory'])
  let fanny: TestClient
  let bob: TestClient
  let mallory: TestClient
  const phaseOf = (client: TestClient) =>
    (client.records.get(SESSION_STATE_ID) as SessionState).phase
  const tooManyClosures = async () => {
    const metrics = await (await fetch(`${session.test.url}/metrics`)).text()
    const line = metrics
      .split('\n')
      .find((l) => l.includes('limits/too-many-refused-changes') && !l.startsWith('#'))
    return line ? Number(line.split(' ').at(-1)) : 0
  }

  beforeAll(async () => {
    fanny = await session.connect('Fanny')
    bob = await session.connect('Bob')
    mallory = await session.connect('Mallory')
  })

  it('does not disconnect a client whose writes raced a step change', async () => {
    const before = phaseOf(bob)
    // Bob lags: he does not see the step change before writing.
    const offline = closeReason(bob)
    bob.provider.disconnect()
    await offline
    expect(await fanny.command({ type: 'next' })).toMatchObject({ ok: true })
    await eventually(() => expect(phaseOf(mallory)).not.toBe(before))
    for (let i = 0; i < WRITES; i++) bob.writeNote(`shape:lag${i}`, `written in ${before}`)
    expect(phaseOf(bob)).toBe(before)
    const closed = closeReason(bob)
    await bob.provider.connect()

    await eventually(() => expect(bob.refusals.length).toBeGreaterThanOrEqual(WRITES), 15_000)
    await eventually(() => expect(phaseOf(bob)).toBe(phaseOf(fanny)))
    // The reverts reach him too (a message of their own, not always before the state's).
    await eventually(() => expect(bob.records.has('shape:lag0')).toBe(false))
    expect(fanny.records.has('shape:lag0')).toBe(false)
    // Still connected: a note he may write now reaches Fanny.
    const now = bob.writeNote('shape:after-lag', 'seen the new step')
    await eventually(() => expect(fanny.records.get(now.id)).toEqual(now))
    expect(bob.provider.isSynced).toBe(true)
    expect(await tooManyClosures()).toBe(0)
    const outcome = await Promise.race([closed, new Promise((r) => setTimeout(r, 300, 'open'))])
    expect(outcome).toBe('open')
  })

  it('still disconnects a client whose refused writes no recent state allowed', async () => {
    const closed = closeReason(mallory)
    const phase = phaseOf(mallory)
    for (let i = 0; i < WRITES; i++) {
      const forged = noteRecord({
        id: `shape:forged${i}`,
        text: 'as Bob',
        author: bob.memberId,
        role: 'consultant',
        phase,
      })
      mallory.records.set(forged.id, forged)
    }
    expect(await closed).toBe('limits/too-many-refused-changes')
    expect(await tooManyClosures()).toBeGreaterThanOrEqual(1)
  })
})
