/**
 * Awareness against a hostile client: members of a session in the consultation,
 * each on a real provider, publish awareness states; a peer sees only what the
 * server lets through. Every published state carries a `mark`, a field the guard
 * never judges: once the peer sees the mark, it sees the whole state.
 */
import {
  LIVE_DRAG_FIELD,
  type LiveDragEntry,
  MAX_LIVE_DRAG_SHAPES,
  privateDocumentName,
  SESSION_STATE_ID,
  type SessionState,
  zoneOf,
} from '@codev/domain'
import { HocuspocusProvider } from '@hocuspocus/provider'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { useGroupSession } from '../testing/groupSession.ts'
import { noteRecord } from '../testing/records.ts'
import { eventually, type TestClient } from '../testing/testServer.ts'

type State = Record<string, unknown>

describe('AwarenessGuard: what a connection says in awareness', () => {
  const session = useGroupSession(['Alice', 'Bob', 'Carol', 'Mallory'])
  const stateOf = (client: TestClient) => client.records.get(SESSION_STATE_ID) as SessionState
  const consultation = zoneOf('consultation')
  let fanny: TestClient // facilitator
  let alice: TestClient // consultant, the one who drags
  let bob: TestClient // consultant, the peer who watches
  let carol: TestClient // client
  let mallory: TestClient // consultant with a modified client
  let marks = 0

  const awarenessOf = (client: TestClient) => client.provider.awareness!
  const idea = (client: TestClient, id: string) =>
    noteRecord({
      id,
      text: id,
      author: client.memberId,
      role: 'consultant',
      phase: 'consultation',
      kind: 'idea',
    })
  const at = (id: string, dx: number, dy: number): LiveDragEntry => ({
    id,
    x: consultation.x + dx,
    y: consultation.y + dy,
    rotation: 0,
  })

  /** Publishes `fields` as the client's whole awareness state, with a fresh mark; returns the mark. */
  function publish(client: TestClient, fields: State): number {
    const mark = ++marks
    awarenessOf(client).setLocalState({ ...fields, mark })
    return mark
  }

  /** The state of `client` as `peer` sees it once it carries `mark`. */
  function seenBy(peer: TestClient, client: TestClient, mark: number): Promise<State> {
    return eventually(() => {
      const state = awarenessOf(peer).getStates().get(client.doc.clientID) as State | undefined
      expect(state?.mark).toBe(mark)
      return state!
    })
  }

  beforeAll(async () => {
    fanny = await session.connect('Fanny')
    alice = await session.connect('Alice')
    bob = await session.connect('Bob')
    carol = await session.connect('Carol')
    mallory = await session.connect('Mallory')
    const subject = { kind: 'probleme', title: 'Un problème' }
    for (const command of [
      { type: 'next' },
      { type: 'skip' },
      { type: 'setClientAndSubject', clientId: carol.memberId, subject },
      { type: 'next' },
      { type: 'next' },
    ]) {
      expect(await fanny.command(command)).toMatchObject({ ok: true })
    }
    await eventually(() => expect(stateOf(alice).phase).toBe('clarification'))
    const question = noteRecord({
      id: 'shape:question',
      text: 'Depuis quand ?',
      author: alice.memberId,
      role: 'consultant',
      phase: 'clarification',
      kind: 'question',
    })
    alice.records.set(question.id, question)
    await eventually(() => expect(bob.records.get(question.id)).toEqual(question))
    for (const command of [{ type: 'next' }, { type: 'next', override: true }]) {
      expect(await fanny.command(command)).toMatchObject({ ok: true })
    }
    await eventually(() => expect(stateOf(alice).phase).toBe('consultation'))
    alice.records.set('shape:alices', idea(alice, 'shape:alices'))
    bob.records.set('shape:bobs', idea(bob, 'shape:bobs'))
    await eventually(() => {
      expect(bob.records.has('shape:alices')).toBe(true)
      expect(alice.records.has('shape:bobs')).toBe(true)
    })
    expect(alice.refusals).toEqual([])
    expect(bob.refusals).toEqual([])
  })

  it('relays a drag of one’s own note in the open zone unchanged, and only its allowed entries', async () => {
    const own = at('shape:alices', 300, 200)
    let mark = publish(alice, { [LIVE_DRAG_FIELD]: [own] })
    expect((await seenBy(bob, alice, mark))[LIVE_DRAG_FIELD]).toEqual([own])

    mark = publish(alice, { [LIVE_DRAG_FIELD]: [own, at('shape:bobs', 320, 220)] })
    expect((await seenBy(bob, alice, mark))[LIVE_DRAG_FIELD]).toEqual([own])

    // The facilitator tidies anyone's note.
    const tidy = at('shape:bobs', 100, 150)
    mark = publish(fanny, { [LIVE_DRAG_FIELD]: [tidy] })
    expect((await seenBy(bob, fanny, mark))[LIVE_DRAG_FIELD]).toEqual([tidy])
  })

  it('strips drags of someone else’s note, out of the zone, or of a note in a closed zone, and relays the rest', async () => {
    const clarification = zoneOf('clarification')
    const refused: LiveDragEntry[][] = [
      [at('shape:bobs', 300, 200)],
      [at('shape:alices', consultation.w + 500, 200)],
      [{ id: 'shape:question', x: clarification.x + 60, y: clarification.y + 90, rotation: 0 }],
      [at('shape:question', 300, 200)],
    ]
    for (const drag of refused) {
      const mark = publish(alice, { [LIVE_DRAG_FIELD]: drag })
      const seen = await seenBy(bob, alice, mark)
      expect(seen[LIVE_DRAG_FIELD], JSON.stringify(drag)).toBeNull()
    }
    // The client flags the consultants' ideas but does not move them.
    const mark = publish(carol, { [LIVE_DRAG_FIELD]: [at('shape:alices', 300, 200)] })
    expect((await seenBy(bob, carol, mark))[LIVE_DRAG_FIELD]).toBeNull()
  })

  it('relays one’s own identity and strips a forged one', async () => {
    const own = { memberId: alice.memberId, name: 'Alice', color: '#3366ff' }
    let mark = publish(alice, { codev: own })
    expect((await seenBy(bob, alice, mark)).codev).toEqual(own)

    const posing = { memberId: fanny.memberId, name: 'Fanny', color: '#ff0000', summon: 7 }
    mark = publish(mallory, { codev: { ...posing, lead: true } })
    expect(await seenBy(bob, mallory, mark)).not.toHaveProperty('codev')

    mark = publish(mallory, { codev: fanny.memberId })
    expect(await seenBy(bob, mallory, mark)).not.toHaveProperty('codev')
  })

  it('relays one’s own cursor and strips one drawn as someone else', async () => {
    const cursor = (memberId: string) => ({
      typeName: 'instance_presence',
      userId: `user:${memberId}`,
      userName: 'Fanny',
      cursor: { x: 10, y: 20, type: 'default', rotation: 0 },
    })
    let mark = publish(alice, { presence: cursor(alice.memberId) })
    expect((await seenBy(bob, alice, mark)).presence).toEqual(cursor(alice.memberId))

    mark = publish(mallory, { presence: cursor(fanny.memberId) })
    expect(await seenBy(bob, mallory, mark)).not.toHaveProperty('presence')
    mark = publish(mallory, { presence: 'user:x' })
    expect(await seenBy(bob, mallory, mark)).not.toHaveProperty('presence')
    mark = publish(mallory, { presence: null })
    expect((await seenBy(bob, mallory, mark)).presence).toBeNull()
  })

  it('drops updates of another connection’s client id', async () => {
    const bobId = bob.doc.clientID
    const bobsState = () => awarenessOf(fanny).getStates().get(bobId)
    const bobMark = publish(bob, { codev: { memberId: bob.memberId, name: 'Bob', color: '#0a0' } })
    await seenBy(fanny, bob, bobMark)
    const before = bobsState()
    const forgedClock = awarenessOf(fanny).meta.get(bobId)!.clock + 10

    // One message: Mallory's own state (with a mark) and a forged one for Bob's id.
    const awareness = awarenessOf(mallory)
    const mark = ++marks
    const ownClock = awareness.meta.get(awareness.clientID)!.clock + 1
    awareness.states.set(awareness.clientID, { mark })
    awareness.meta.set(awareness.clientID, { clock: ownClock, lastUpdated: Date.now() })
    awareness.states.set(bobId, { mark: 'hijacked', codev: { memberId: 'x' } })
    awareness.meta.set(bobId, { clock: forgedClock, lastUpdated: Date.now() })
    awareness.emit('update', [{ added: [], updated: [awareness.clientID, bobId], removed: [] }, {}])
    await seenBy(fanny, mallory, mark)
    expect(bobsState()).toEqual(before)

    // A new connection that announces Bob's id as its own, with a newer clock.
    const doc = new Y.Doc()
    doc.clientID = bobId
    const hijacker = new HocuspocusProvider({
      url: `${session.test.wsUrl}/collab`,
      name: session.group.sessionId,
      document: doc,
      token: session.group.tokens.Mallory!,
    })
    try {
      hijacker.awareness!.meta.set(bobId, { clock: forgedClock + 10, lastUpdated: Date.now() })
      hijacker.awareness!.setLocalState({ mark: 'hijacked' })
      await eventually(() => expect(hijacker.isSynced).toBe(true))
      // Its awareness message came before anything it sends now: a command is a barrier.
      const answered = new Promise<void>((resolve) => hijacker.on('stateless', () => resolve()))
      hijacker.sendStateless(JSON.stringify({ type: 'command', requestId: 'barrier', command: {} }))
      await answered
      const next = publish(alice, {})
      await seenBy(fanny, alice, next)
      expect(bobsState()).toEqual(before)
      const serverDoc = session.test.server.hocuspocus.hocuspocus.documents.get(
        session.group.sessionId,
      )!
      expect(serverDoc.awareness.getStates().get(bobId)).toEqual(before)
    } finally {
      hijacker.destroy()
      doc.destroy()
    }
  })

  it('strips garbage in the drag field and keeps the connection open', async () => {
    const entry = at('shape:alices', 300, 200)
    const garbage: unknown[] = [
      'shape:alices',
      42,
      { ...entry },
      Array.from({ length: MAX_LIVE_DRAG_SHAPES + 1 }, () => entry),
      Array.from({ length: 20_000 }, (_, i) => i),
      [{ ...entry, props: { text: 'sneaky' } }],
      [{ ...entry, x: String(entry.x) }],
      [{ ...entry, x: 1e12 }],
      [[entry]],
      [{ id: 'page:page', x: 0, y: 0, rotation: 0 }],
    ]
    for (const value of garbage) {
      const mark = publish(alice, { [LIVE_DRAG_FIELD]: value })
      expect(await seenBy(bob, alice, mark)).not.toHaveProperty(LIVE_DRAG_FIELD)
    }
    expect(alice.provider.isSynced).toBe(true)
    const mark = publish(alice, { [LIVE_DRAG_FIELD]: [entry] })
    expect((await seenBy(bob, alice, mark))[LIVE_DRAG_FIELD]).toEqual([entry])
  })

  it('removes the drag field in a private document', async () => {
    const notebook = privateDocumentName(session.group.sessionId, 'notebook', alice.memberId)
    const tab1 = await session.connect('Alice', notebook)
    const tab2 = await session.connect('Alice', notebook)
    const mark = publish(tab1, { [LIVE_DRAG_FIELD]: [at('shape:alices', 300, 200)] })
    expect(await seenBy(tab2, tab1, mark)).not.toHaveProperty(LIVE_DRAG_FIELD)
    tab1.destroy()
    tab2.destroy()
  })

  it('lets a member reconnect with the same client id, and forgets her state when she leaves', async () => {
    const socket = alice.provider.configuration.websocketProvider
    const aliceSeenByBob = () => awarenessOf(bob).getStates().has(alice.doc.clientID)
    socket.disconnect()
    await eventually(() => expect(aliceSeenByBob()).toBe(false))
    await socket.connect()
    await alice.synced()
    let mark = publish(alice, { [LIVE_DRAG_FIELD]: [at('shape:alices', 310, 210)] })
    expect((await seenBy(bob, alice, mark))[LIVE_DRAG_FIELD]).toEqual([
      at('shape:alices', 310, 210),
    ])
    // Hocuspocus removes a leaving connection's state only if it saw it add it;
    // after a reconnect its id was only updated.
    socket.disconnect()
    await eventually(() => expect(aliceSeenByBob()).toBe(false))
    await socket.connect()
    await alice.synced()

    // A second connection with her id while the server still holds the first (a
    // reconnect over a socket the server has not seen die yet) takes it over.
    const doc = new Y.Doc()
    doc.clientID = alice.doc.clientID
    const again = new HocuspocusProvider({
      url: `${session.test.wsUrl}/collab`,
      name: session.group.sessionId,
      document: doc,
      token: session.group.tokens.Alice!,
    })
    try {
      const clock = awarenessOf(bob).meta.get(alice.doc.clientID)!.clock + 1
      again.awareness!.meta.set(doc.clientID, { clock, lastUpdated: Date.now() })
      mark = ++marks
      again.awareness!.setLocalState({ mark })
      await seenBy(bob, alice, mark)
    } finally {
      again.destroy()
      doc.destroy()
    }
  })
})
