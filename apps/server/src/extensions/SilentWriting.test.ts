/**
 * Silent writing: consultants write alone, in drafts only they can open; the others
 * see only how many each has written; at the reveal the server publishes every
 * draft at once. The notebook stays private for good.
 */
import { privateDocumentName, SESSION_STATE_ID, type SessionState } from '@codev/domain'
import { beforeAll, describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { api, eventually, refusal, type TestClient } from '../testing/testServer.ts'

describe('silent writing and the notebook', () => {
  const session = useGroupSession(['Alice', 'Bob', 'Carol'])
  const { open, connect } = session
  const drafts = (name: string) =>
    privateDocumentName(session.group.sessionId, 'drafts', session.group.memberIds[name]!)
  const question = (id: string, author: string) =>
    noteRecord({
      id,
      text: id,
      author,
      role: 'consultant',
      phase: 'clarification',
      kind: 'question',
    })
  let fanny: TestClient
  let bob: TestClient
  const counts: Record<string, number>[] = []

  beforeAll(async () => {
    fanny = await connect('Fanny')
    bob = await connect('Bob')
    bob.provider.on('stateless', ({ payload }: { payload: string }) => {
      const message = JSON.parse(payload) as { type: string; counts?: Record<string, number> }
      if (message.type === 'draft-counts' && message.counts) counts.push(message.counts)
    })
    const subject = { kind: 'probleme', title: 'Un problème' }
    for (const command of [
      { type: 'next' },
      { type: 'skip' },
      { type: 'setClientAndSubject', clientId: session.group.memberIds.Carol, subject },
      { type: 'next' },
      { type: 'next' },
    ]) {
      expect(await fanny.command(command)).toMatchObject({ ok: true })
    }
    await eventually(() =>
      expect((bob.records.get(SESSION_STATE_ID) as SessionState).phase).toBe('clarification'),
    )
  })

  it('refuses drafts before the facilitator turns silent writing on', async () => {
    const alice = await connect('Alice', drafts('Alice'))
    const early = question('shape:early', alice.memberId)
    alice.records.set(early.id, early)
    await eventually(() =>
      expect(alice.refusals).toContainEqual({ id: early.id, op: 'create', error: 'silent/not-on' }),
    )
    await eventually(() => expect(alice.records.has(early.id)).toBe(false))
    alice.destroy()
  })

  it('keeps drafts private, shows only their count, and publishes them at the reveal', async () => {
    expect(await fanny.command({ type: 'setSilentWriting', on: true })).toMatchObject({ ok: true })
    const alice = await connect('Alice', drafts('Alice'))
    const draft = question('shape:draft1', alice.memberId)
    alice.records.set(draft.id, draft)
    await eventually(() => expect(counts.at(-1)).toEqual({ [alice.memberId]: 1 }))
    expect(bob.records.has(draft.id)).toBe(false)
    expect(alice.refusals).toEqual([])

    // Nobody else opens Alice's drafts.
    const snoop = open('Bob', drafts('Alice'))
    expect(await refusal(snoop)).toBe('session/not-member')

    expect(await fanny.command({ type: 'reveal' })).toMatchObject({ ok: true })
    await eventually(() => expect(bob.records.get(draft.id)).toEqual(draft))
    await eventually(() => expect(alice.records.size).toBe(0))
    await eventually(() => expect(counts.at(-1)).toEqual({ [alice.memberId]: 0 }))
    await eventually(() =>
      expect((bob.records.get(SESSION_STATE_ID) as SessionState).silentWriting).toBe(false),
    )
  })

  it('reveals the drafts when the facilitator moves on without revealing', async () => {
    expect(await fanny.command({ type: 'setSilentWriting', on: true })).toMatchObject({ ok: true })
    const bobsDrafts = await connect('Bob', drafts('Bob'))
    const late = question('shape:late', bob.memberId)
    bobsDrafts.records.set(late.id, late)
    await eventually(() => expect(counts.at(-1)?.[bob.memberId]).toBe(1))
    expect(await fanny.command({ type: 'next' })).toMatchObject({ ok: true })
    await eventually(() => expect(bob.records.get(late.id)).toEqual(late))
  })

  it('keeps the notebook for its owner only, anywhere on the page, out of the session', async () => {
    const notebookName = privateDocumentName(
      session.group.sessionId,
      'notebook',
      session.group.memberIds.Alice!,
    )
    const notebook = await connect('Alice', notebookName)
    const mine = { ...question('shape:mine', notebook.memberId), x: -4000, y: 7000 }
    notebook.records.set(mine.id, mine)
    const forged = question('shape:forged', bob.memberId)
    notebook.records.set(forged.id, forged)
    await eventually(() => expect(notebook.refusals.map((r) => r.id)).toEqual([forged.id]))
    expect(notebook.records.get(mine.id)).toEqual(mine)

    const snoop = open('Fanny', notebookName)
    expect(await refusal(snoop)).toBe('session/not-member')
    expect(bob.records.has(mine.id)).toBe(false)

    // Still there after a restart: it is stored, just never shown to others.
    session.closeAll()
    await session.test.restart()
    const again = await connect('Alice', notebookName)
    expect(again.records.get(mine.id)).toEqual(mine)
  })

  it('goes with its group: deleting the group closes and erases every private space', async () => {
    const notebookName = privateDocumentName(
      session.group.sessionId,
      'notebook',
      session.group.memberIds.Alice!,
    )
    const notebook = await connect('Alice', notebookName)
    const closed = new Promise<string>((resolve) =>
      notebook.provider.on('close', ({ event }: { event: { reason: string } }) =>
        resolve(event.reason),
      ),
    )
    const response = await api(
      session.test.url,
      session.group.tokens.Fanny!,
      'DELETE',
      `/api/groups/${session.group.groupId}`,
    )
    expect(response.status).toBe(204)
    expect(await closed).toBe('session/not-found')
    const { documents } = session.test.server.store
    for (const name of [notebookName, drafts('Alice'), drafts('Bob')]) {
      expect(await documents.loadDocument(name), name).toEqual({ snapshot: null, updates: [] })
    }
  })
})
