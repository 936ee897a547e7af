/**
 * AwarenessEcho on a real server (members publish awareness states on real
 * providers; each hears the others' states and not its own), then frame by frame.
 */
import {
  type Connection,
  type connectedPayload,
  Document,
  IncomingMessage,
  OutgoingMessage,
} from '@hocuspocus/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { useGroupSession } from '../testing/groupSession.ts'
import { eventually, type TestClient } from '../testing/testServer.ts'
import { AwarenessEcho } from './AwarenessEcho.ts'
import { MESSAGE_AWARENESS } from './frames.ts'

/** Records, for each awareness message the client receives from now on, the client ids it carries. */
function awarenessHeardBy(client: TestClient): number[][] {
  const heard: number[][] = []
  client.provider.on('message', ({ event }: { event: MessageEvent }) => {
    const frame = new IncomingMessage(new Uint8Array(event.data as ArrayBuffer))
    frame.readVarString()
    if (frame.readVarUint() !== MESSAGE_AWARENESS) return
    const update = new IncomingMessage(frame.readVarUint8Array())
    const clients: number[] = []
    for (let count = update.readVarUint(); count > 0; count--) {
      clients.push(update.readVarUint())
      update.readVarUint()
      update.readVarString()
    }
    heard.push(clients)
  })
  return heard
}

describe('AwarenessEcho: a connection does not hear its own awareness back', () => {
  const session = useGroupSession(['Alice', 'Bob'])
  let alice: TestClient
  let bob: TestClient

  beforeAll(async () => {
    alice = await session.connect('Alice')
    bob = await session.connect('Bob')
  })

  const markOf = (peer: TestClient, client: TestClient) =>
    (peer.provider.awareness?.getStates().get(client.doc.clientID) as { mark?: number })?.mark

  it('sends a member’s state to the others and not back to the member', async () => {
    const heardByAlice = awarenessHeardBy(alice)
    const heardByBob = awarenessHeardBy(bob)
    for (let mark = 1; mark <= 5; mark++) {
      alice.provider.awareness?.setLocalState({ mark })
      await eventually(() => expect(markOf(bob, alice)).toBe(mark))
    }
    // Bob speaks last: whatever the server sent Alice before is in by the time she hears him.
    bob.provider.awareness?.setLocalState({ mark: 100 })
    await eventually(() => expect(markOf(alice, bob)).toBe(100))

    const aliceId = alice.doc.clientID
    expect(heardByBob.filter((clients) => clients.includes(aliceId))).toHaveLength(5)
    expect(heardByAlice.some((clients) => clients.includes(bob.doc.clientID))).toBe(true)
    expect(heardByAlice.filter((clients) => clients.includes(aliceId))).toEqual([])
  })
})

describe('AwarenessEcho: which frames it holds back', () => {
  /** A connection whose awareness client is `own`; what reaches its socket is recorded. */
  async function connectionOwning(own: number) {
    const sent: Uint8Array[] = []
    const connection = {
      messageAddress: 'doc',
      document: { getClients: () => new Set([own]) },
      send: (message: Uint8Array) => sent.push(message),
    } as unknown as Connection
    await new AwarenessEcho().connected({ connection } as connectedPayload)
    return { connection, sent }
  }
  const frameOf = (document: Document, clients: number[]) =>
    new OutgoingMessage('doc')
      .createAwarenessUpdateMessage(document.awareness, clients)
      .toUint8Array()

  it('holds back only frames that carry nothing but the connection’s own live state', async () => {
    const mine = new Document('doc')
    const theirs = new Document('doc')
    mine.awareness.setLocalState({ mark: 1 })
    theirs.awareness.setLocalState({ mark: 2 })
    const { connection, sent } = await connectionOwning(mine.awareness.clientID)

    connection.send(frameOf(mine, [mine.awareness.clientID]))
    expect(sent).toHaveLength(0)
    const other = frameOf(theirs, [theirs.awareness.clientID])
    connection.send(other)
    expect(sent).toEqual([other])
    // A removal of its own state (the server timed the client out) tells it to announce itself again.
    mine.awareness.setLocalState(null)
    const removal = frameOf(mine, [mine.awareness.clientID])
    connection.send(removal)
    expect(sent).toEqual([other, removal])
  })
})
