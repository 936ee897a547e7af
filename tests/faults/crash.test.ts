/**
 * Nothing acknowledged is lost on kill -9: a client writes continuously while the
 * server process is killed with SIGKILL at random moments; after each restart a
 * fresh client must hold every record the writer saw acknowledged.
 */

import { memberIdOf, noteRecord } from '@codev/server/testing'
import { HocuspocusProvider } from '@hocuspocus/provider'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createGroup } from '../e2e/support/groups.ts'
import { type ServerProcess, serverProcess } from '../e2e/support/serverProcess.ts'

const KILLS = 20
const WRITE_INTERVAL_MS = 4

/** A small seeded generator, so a failing run can be replayed with CODEV_SEED. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function connect(url: string, sessionId: string, token: string) {
  const doc = new Y.Doc()
  const provider = new HocuspocusProvider({
    url: `${url.replace('http', 'ws')}/collab`,
    name: sessionId,
    document: doc,
    token,
  })
  return { doc, records: doc.getMap<unknown>('records'), provider }
}

async function until(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('SIGKILL during writes', () => {
  let server: ServerProcess
  afterAll(async () => {
    await server?.stop('SIGKILL')
  })

  it(`loses no acknowledged update over ${KILLS} kills`, async () => {
    const seed = Number(process.env.CODEV_SEED ?? Date.now() % 100000)
    const next = random(seed)
    console.log(`crash test seed: ${seed} (replay with CODEV_SEED=${seed})`)
    server = await serverProcess()
    await server.start()
    const { sessionId, tokens } = await createGroup(server.url)
    const aliceId = memberIdOf(tokens.Alice!)

    const acknowledged = new Set<string>()
    let written = 0
    for (let kill = 0; kill < KILLS; kill++) {
      const writer = connect(server.url, sessionId, tokens.Alice!)
      await until(() => writer.provider.isSynced, 10_000, 'writer sync')
      const sent: string[] = []
      writer.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
        if (number === 0) for (const key of sent.splice(0)) acknowledged.add(key)
      })
      const timer = setInterval(() => {
        const key = `shape:k${kill}-${written++}`
        sent.push(key)
        writer.records.set(
          key,
          noteRecord({ id: key, text: `n${written}`, author: aliceId, role: 'consultant' }),
        )
      }, WRITE_INTERVAL_MS)

      await new Promise((resolve) => setTimeout(resolve, 150 + next() * 500))
      await server.stop('SIGKILL')
      clearInterval(timer)
      writer.provider.destroy()
      await server.start()

      const reader = connect(server.url, sessionId, tokens.Alice!)
      await until(() => reader.provider.isSynced, 10_000, 'reader sync')
      const missing = [...acknowledged].filter((key) => !reader.records.has(key))
      reader.provider.destroy()
      expect(missing, `kill ${kill}: acknowledged but lost`).toEqual([])
    }
    console.log(
      `crash test: ${KILLS} kills, ${written} writes, ${acknowledged.size} acknowledged, 0 lost`,
    )
    expect(acknowledged.size).toBeGreaterThan(KILLS * 10)
  })
})
