/**
 * TimelyBroadcast on a real Hocuspocus server with real providers: a change applied
 * at the start of a long turn goes out before the turn ends; changes of a short turn
 * are still merged into one message.
 */

import { HocuspocusProvider } from '@hocuspocus/provider'
import { type Connection, Server } from '@hocuspocus/server'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { eventually } from '../testing/testServer.ts'
import { TimelyBroadcast } from './TimelyBroadcast.ts'

const BUDGET_MS = 5
const MESSAGE_SYNC = 0

/** Lets the hooks of the changes made so far run, without leaving this turn. */
async function runHooks() {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

function busyFor(ms: number) {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // a turn that keeps the event loop, as a burst of messages does
  }
}

describe('TimelyBroadcast: no change waits for the end of a long turn', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  async function setup(extensions: TimelyBroadcast[]) {
    const server = new Server({ port: 0, quiet: true, stopOnSignals: false, extensions })
    await server.listen()
    const providers = ['a', 'b'].map(
      (name) =>
        new HocuspocusProvider({
          url: `ws://127.0.0.1:${server.address.port}`,
          name,
          document: new Y.Doc(),
        }),
    )
    cleanups.push(async () => {
      for (const provider of providers) provider.destroy()
      await server.destroy()
    })
    for (const provider of providers) await eventually(() => expect(provider.isSynced).toBe(true))
    const documentA = server.hocuspocus.documents.get('a')!
    const documentB = server.hocuspocus.documents.get('b')!
    // What the server sends to the provider of `a`, and whether this turn had ended then.
    let turnEnded = false
    const sent: { sync: boolean; turnEnded: boolean }[] = []
    for (const connection of documentA.getConnections() as Connection[]) {
      const send = connection.send.bind(connection)
      connection.send = (message: Uint8Array) => {
        const address = new TextDecoder().decode(message.subarray(1, 1 + message[0]!))
        sent.push({ sync: message[1 + address.length] === MESSAGE_SYNC, turnEnded })
        send(message)
      }
    }
    const startTurn = () => setImmediate(() => (turnEnded = true))
    /** One turn: a change of `a`, twice the budget of work, then a change of `b`. */
    const longTurn = async () => {
      startTurn()
      documentA.getMap('records').set('first', 1)
      await runHooks()
      busyFor(2 * BUDGET_MS)
      documentB.getMap('records').set('later', 1)
      await runHooks()
    }
    const syncSent = () => sent.filter((message) => message.sync)
    return {
      documentA,
      syncSent,
      startTurn,
      longTurn,
      records: providers[0]!.document.getMap('records'),
    }
  }

  it('broadcasts the first change once the turn has applied changes for the budget', async () => {
    const { syncSent, longTurn, records } = await setup([new TimelyBroadcast(BUDGET_MS)])
    await longTurn()
    expect(syncSent()).toEqual([{ sync: true, turnEnded: false }])
    await eventually(() => expect(records.get('first')).toBe(1))
  })

  it('without it, Hocuspocus holds the change until the turn ends', async () => {
    const { syncSent, longTurn, records } = await setup([])
    await longTurn()
    expect(syncSent()).toEqual([])
    await eventually(() => expect(records.get('first')).toBe(1))
    expect(syncSent()).toEqual([{ sync: true, turnEnded: true }])
  })

  it('still merges the changes of a short turn into one message', async () => {
    const { documentA, syncSent, startTurn, records } = await setup([
      new TimelyBroadcast(BUDGET_MS),
    ])
    startTurn()
    documentA.getMap('records').set('one', 1)
    await runHooks()
    documentA.getMap('records').set('two', 2)
    await runHooks()
    await eventually(() => expect(records.get('two')).toBe(2))
    expect(records.get('one')).toBe(1)
    expect(syncSent()).toEqual([{ sync: true, turnEnded: true }])
  })
})
