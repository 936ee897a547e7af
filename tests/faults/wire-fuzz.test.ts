/**
 * Wire fuzzing: random, truncated, mutated, oversized and hostile-but-well-formed
 * frames against a running server process. Each bad frame may close only its own
 * connection; the process never dies, its memory does not climb, and an honest
 * pair of clients keeps working throughout.
 */
import { memberIdOf, noteRecord } from '@codev/server/testing'
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as encoding from 'lib0/encoding'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createGroup } from '../e2e/support/groups.ts'
import { type ServerProcess, serverProcess } from '../e2e/support/serverProcess.ts'
import { random } from './support/fuzzClient.ts'
import { rssKiB, SYNC_UPDATE, sendFrames, syncFrame } from './support/wireFrames.ts'

const FRAMES = Number(process.env.CODEV_FUZZ_FRAMES ?? 3000)

function validUpdate(next: () => number): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('records').set(`shape:${Math.floor(next() * 1e9)}`, { typeName: 'shape', x: next() })
  return Y.encodeStateAsUpdate(doc)
}

type FrameKind = 'random' | 'truncated' | 'mutated' | 'huge-varint' | 'oversized' | 'empty'

function makeFrame(kind: FrameKind, next: () => number, documentName: string): Uint8Array {
  const valid = syncFrame(documentName, SYNC_UPDATE, validUpdate(next))
  switch (kind) {
    case 'random':
      return Uint8Array.from({ length: Math.floor(next() * 512) }, () => next() * 256)
    case 'truncated':
      return valid.slice(0, Math.floor(next() * valid.length))
    case 'mutated': {
      const copy = valid.slice()
      for (let i = 0; i < 1 + next() * 4; i++) copy[Math.floor(next() * copy.length)] = next() * 256
      return copy
    }
    case 'huge-varint': {
      const encoder = encoding.createEncoder()
      encoding.writeVarString(encoder, documentName)
      encoding.writeVarUint(encoder, 0)
      encoding.writeVarUint(encoder, 2)
      for (let i = 0; i < 12; i++) encoding.writeUint8(encoder, 0xff) // a length that never ends
      return encoding.toUint8Array(encoder)
    }
    case 'oversized':
      return new Uint8Array(3 * 1024 * 1024)
    case 'empty':
      return new Uint8Array(0)
  }
}

describe('wire fuzzing', () => {
  let server: ServerProcess
  afterAll(async () => {
    await server?.stop()
  })

  it(`survives ${FRAMES} hostile frames while honest clients keep working`, async () => {
    const seed = Number(process.env.CODEV_SEED ?? Date.now() % 100000)
    console.log(`wire fuzz seed: ${seed} (replay with CODEV_SEED=${seed})`)
    const next = random(seed)
    server = await serverProcess()
    await server.start()
    const wsUrl = `${server.url.replace('http', 'ws')}/collab`
    const { sessionId: honestSession, tokens } = await createGroup(server.url)
    const { sessionId: fuzzSession } = await createGroup(server.url)

    const honest = ['Alice', 'Bob'].map((name) => {
      const doc = new Y.Doc()
      const provider = new HocuspocusProvider({
        url: wsUrl,
        name: honestSession,
        document: doc,
        token: tokens[name]!,
      })
      return { doc, provider, records: doc.getMap<unknown>('records') }
    })
    const [alice, bob] = honest as [(typeof honest)[0], (typeof honest)[0]]
    const roundTrip = async (label: string) => {
      const key = `shape:${label}`
      alice.records.set(
        key,
        noteRecord({ id: key, text: label, author: memberIdOf(tokens.Alice!), role: 'consultant' }),
      )
      const deadline = Date.now() + 5000
      while (!bob.records.has(key)) {
        if (Date.now() > deadline) throw new Error(`honest clients stopped syncing at ${label}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
    await roundTrip('before')

    const kinds: FrameKind[] = [
      'random',
      'truncated',
      'mutated',
      'huge-varint',
      'oversized',
      'empty',
    ]
    const counts: Record<string, number> = {}
    let sent = 0
    let rssAfterWarmup = 0
    while (sent < FRAMES) {
      const batch: Uint8Array[] = []
      for (let i = 0; i < 1 + Math.floor(next() * 20) && sent < FRAMES; i++, sent++) {
        const kind = kinds[Math.floor(next() * kinds.length)]!
        // Oversized frames are expensive to build; keep them rare.
        const chosen = kind === 'oversized' && next() > 0.05 ? 'random' : kind
        counts[chosen] = (counts[chosen] ?? 0) + 1
        batch.push(makeFrame(chosen, next, fuzzSession))
      }
      await sendFrames(wsUrl, batch, 50)
      // Half-way the heap has grown to its working size; a leak keeps growing after.
      if (sent >= FRAMES / 2 && rssAfterWarmup === 0) rssAfterWarmup = rssKiB(server.pid())
      if (sent % 500 < 20) await roundTrip(`during-${sent}`)
    }

    await roundTrip('after')
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    const rssEnd = rssKiB(server.pid())
    console.log(
      `wire fuzz: ${sent} frames ${JSON.stringify(counts)}; server RSS ${rssAfterWarmup} KiB after warm-up, ${rssEnd} KiB at the end`,
    )
    // Allow for allocator noise (a few 3 MiB frames are buffered before ws refuses
    // them), not for a leak that grows with the frames sent.
    expect(rssEnd - rssAfterWarmup).toBeLessThan(96 * 1024)
    for (const client of honest) client.provider.destroy()
  })
})
