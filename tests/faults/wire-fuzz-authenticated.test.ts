/**
 * Wire fuzzing behind authentication: each hostile socket first authenticates with
 * a real member's token for a real session, then sends random, truncated, mutated
 * and oversized Yjs sync messages, and well-formed updates the document shape
 * forbids (unknown root types, nested Y types, text, deep JSON, huge varints,
 * forged server client ids), awareness and stateless garbage. Each bad frame may
 * close only its own connection; the process never dies, its memory does not
 * climb; honest members in the fuzzed room and in another room keep syncing; the
 * storage ends with the records root only and every record valid.
 */
import { parseRecord } from '@codev/domain'
import { memberIdOf, noteRecord } from '@codev/server/testing'
import * as encoding from 'lib0/encoding'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createGroup } from '../e2e/support/groups.ts'
import { type ServerProcess, serverProcess } from '../e2e/support/serverProcess.ts'
import { readStoredDocument } from './support/convergenceRun.ts'
import {
  canonical,
  type FuzzClient,
  fuzzClient,
  pick,
  random,
  seedFromEnv,
  settled,
  until,
} from './support/fuzzClient.ts'
import {
  frame,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_STATELESS,
  rssKiB,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
  sendFrames,
  syncFrame,
} from './support/wireFrames.ts'

const FRAMES = Number(process.env.CODEV_FUZZ_AUTH_FRAMES ?? 500)
const authFrame = (documentName: string, token: string) =>
  frame(documentName, (e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH)
    encoding.writeVarUint(e, 0) // Token
    encoding.writeVarString(e, token)
  })

/** An update made on a scratch document by `edit`. */
function updateOf(edit: (doc: Y.Doc) => void, clientId?: number): Uint8Array {
  const doc = new Y.Doc()
  if (clientId !== undefined) doc.clientID = clientId
  edit(doc)
  return Y.encodeStateAsUpdate(doc)
}

function deepJson(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

type Kind =
  | 'random-update'
  | 'truncated-update'
  | 'mutated-update'
  | 'huge-varint-update'
  | 'unknown-root'
  | 'nested-map'
  | 'text-content'
  | 'text-root'
  | 'deep-json'
  | 'huge-string'
  | 'server-client-id'
  | 'garbage-step1'
  | 'step2-garbage'
  | 'awareness-garbage'
  | 'stateless-garbage'
  | 'oversized'

const KINDS: Kind[] = [
  'random-update',
  'truncated-update',
  'mutated-update',
  'huge-varint-update',
  'unknown-root',
  'nested-map',
  'text-content',
  'text-root',
  'deep-json',
  'huge-string',
  'server-client-id',
  'garbage-step1',
  'step2-garbage',
  'awareness-garbage',
  'stateless-garbage',
  'oversized',
]

function hostileFrame(kind: Kind, next: () => number, name: string, author: string): Uint8Array {
  const key = `shape:fz${Math.floor(next() * 1e9)}`
  const valid = updateOf((doc) =>
    doc
      .getMap('records')
      .set(key, noteRecord({ id: key, text: 'fuzz', author, role: 'consultant' })),
  )
  const bytes = (length: number) => Uint8Array.from({ length }, () => next() * 256)
  switch (kind) {
    case 'random-update':
      return syncFrame(name, SYNC_UPDATE, bytes(Math.floor(next() * 400)))
    case 'truncated-update':
      return syncFrame(name, SYNC_UPDATE, valid.slice(0, Math.floor(next() * valid.length)))
    case 'mutated-update': {
      const copy = valid.slice()
      for (let i = 0; i < 1 + next() * 6; i++) copy[Math.floor(next() * copy.length)] = next() * 256
      return syncFrame(name, SYNC_UPDATE, copy)
    }
    case 'huge-varint-update': {
      // A struct count or length of 2^53-ish: the decoder must fail, not allocate.
      const encoder = encoding.createEncoder()
      for (let i = 0; i < 9; i++) encoding.writeUint8(encoder, 0xff)
      encoding.writeUint8(encoder, 0x0f)
      encoding.writeUint8Array(encoder, bytes(16))
      return syncFrame(name, SYNC_UPDATE, encoding.toUint8Array(encoder))
    }
    case 'unknown-root':
      return syncFrame(
        name,
        SYNC_UPDATE,
        updateOf((doc) => doc.getMap(`evil${Math.floor(next() * 100)}`).set('x', 1)),
      )
    case 'nested-map':
      return syncFrame(
        name,
        SYNC_UPDATE,
        updateOf((doc) => doc.getMap('records').set(key, new Y.Map())),
      )
    case 'text-content':
      return syncFrame(
        name,
        SYNC_UPDATE,
        updateOf((doc) => {
          const text = new Y.Text()
          doc.getMap('records').set(key, text)
          text.insert(0, '<script>alert(1)</script>')
        }),
      )
    case 'text-root':
      return syncFrame(
        name,
        SYNC_UPDATE,
        updateOf((doc) => doc.getText('records-text').insert(0, 'x'.repeat(100))),
      )
    case 'deep-json':
      return syncFrame(
        name,
        SYNC_UPDATE,
        updateOf((doc) =>
          doc.getMap('records').set(key, {
            ...noteRecord({ id: key, text: 'deep', author, role: 'consultant' }),
            props: deepJson(200 + Math.floor(next() * 3000)),
          }),
        ),
      )
    case 'huge-string':
      return syncFrame(
        name,
        SYNC_UPDATE,
        updateOf((doc) =>
          doc
            .getMap('records')
            .set(
              key,
              noteRecord({ id: key, text: 'x'.repeat(500_000), author, role: 'consultant' }),
            ),
        ),
      )
    case 'server-client-id':
      // Low client ids are tried too: the server's are random, so this mostly hits foreign ids.
      return syncFrame(
        name,
        SYNC_UPDATE,
        updateOf((doc) => doc.getMap('records').set(key, 1), 1),
      )
    case 'garbage-step1':
      return syncFrame(name, SYNC_STEP_1, bytes(Math.floor(next() * 64)))
    case 'step2-garbage':
      return syncFrame(name, SYNC_STEP_2, bytes(Math.floor(next() * 400)))
    case 'awareness-garbage':
      return frame(name, (e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS)
        encoding.writeVarUint8Array(e, bytes(Math.floor(next() * 200)))
      })
    case 'stateless-garbage':
      return frame(name, (e) => {
        encoding.writeVarUint(e, MESSAGE_STATELESS)
        encoding.writeVarString(
          e,
          pick(next, [
            '{',
            'null',
            JSON.stringify({ type: 'command', requestId: 'x', command: { type: 'next' } }),
            JSON.stringify({
              type: 'command',
              requestId: 'x'.repeat(10_000),
              command: deepJson(50),
            }),
            'z'.repeat(100_000),
          ]),
        )
      })
    case 'oversized':
      return syncFrame(name, SYNC_UPDATE, new Uint8Array(3 * 1024 * 1024))
  }
}

describe('wire fuzzing after authentication', () => {
  let server: ServerProcess
  const clients: FuzzClient[] = []
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await server?.stop()
  })

  it(`survives ${FRAMES} hostile frames from authenticated members`, async () => {
    const seed = seedFromEnv()
    console.log(`authenticated wire fuzz seed: ${seed} (replay with CODEV_SEED=${seed})`)
    const next = random(seed)
    server = await serverProcess()
    await server.start()
    const wsUrl = server.url.replace('http', 'ws')
    const fuzzed = await createGroup(server.url)
    const other = await createGroup(server.url)
    const attacker = fuzzed.tokens.Alice!
    // Hostile records carry an author who is not a member: the server must refuse all of them.
    const forgedAuthor = 'not-a-member'

    const watch = (group: typeof fuzzed, name: string) => {
      const client = fuzzClient(
        wsUrl,
        group.sessionId,
        name,
        memberIdOf(group.tokens[name]!),
        group.tokens[name]!,
      )
      clients.push(client)
      return client
    }
    const pairs = [
      [watch(fuzzed, 'Bob'), watch(fuzzed, 'Fanny')],
      [watch(other, 'Alice'), watch(other, 'Bob')],
    ] as const
    await until(() => settled(clients), 10_000, 'honest clients to sync')
    let roundTrips = 0
    const roundTrip = async () => {
      for (const [writer, reader] of pairs) {
        const key = `shape:rt${roundTrips++}`
        writer.records.set(
          key,
          noteRecord({ id: key, text: key, author: writer.memberId, role: 'consultant' }),
        )
        await until(() => reader.records.has(key), 5000, `${key} to reach the other honest client`)
      }
    }
    await roundTrip()

    const counts: Record<string, number> = {}
    const closeCodes: Record<string, number> = {}
    let sent = 0
    let rssAfterWarmup = 0
    let sockets = 0
    while (sent < FRAMES) {
      const batch = [authFrame(fuzzed.sessionId, attacker)]
      for (let i = 0; i < 1 + Math.floor(next() * 8) && sent < FRAMES; i++, sent++) {
        let kind = pick(next, KINDS)
        // Expensive to build: keep them rare.
        if ((kind === 'oversized' || kind === 'huge-string') && next() > 0.1) kind = 'random-update'
        counts[kind] = (counts[kind] ?? 0) + 1
        batch.push(hostileFrame(kind, next, fuzzed.sessionId, forgedAuthor))
      }
      const code = await sendFrames(`${wsUrl}/collab`, batch, 60)
      sockets++
      closeCodes[code] = (closeCodes[code] ?? 0) + 1
      if (sent >= FRAMES / 4 && rssAfterWarmup === 0) rssAfterWarmup = rssKiB(server.pid())
      if (sockets % 25 === 0) await roundTrip()
    }
    await roundTrip()
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    const rssEnd = rssKiB(server.pid())
    console.log(
      `authenticated wire fuzz: ${sent} frames over ${sockets} sockets ${JSON.stringify(counts)}; close codes ${JSON.stringify(closeCodes)}; ${roundTrips} honest round trips; RSS ${rssAfterWarmup} KiB after warm-up, ${rssEnd} KiB at the end`,
    )
    expect(rssEnd - rssAfterWarmup).toBeLessThan(64 * 1024)

    // Every honest replica of the fuzzed room agrees, and the storage holds only valid records.
    await until(
      () =>
        settled(clients) &&
        canonical(pairs[0][0].records.toJSON()) === canonical(pairs[0][1].records.toJSON()),
      5000,
      'the honest replicas of the fuzzed room to agree',
    )
    for (const client of clients.splice(0)) client.destroy()
    await server.stop('SIGKILL')
    const stored = readStoredDocument(server.dataDir, fuzzed.sessionId)
    expect([...stored.share.keys()]).toEqual(['records'])
    const invalid = Object.entries(stored.getMap('records').toJSON()).filter(
      ([, value]) => !parseRecord(value).ok,
    )
    expect(invalid).toEqual([])
    // Every hostile record is forged (author not a member), so none may be stored.
    expect(
      [...stored.getMap('records').keys()].filter((key) => key.startsWith('shape:fz')),
    ).toEqual([])
  })
})
