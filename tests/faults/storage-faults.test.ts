/**
 * Storage faults on a server process: while a member writes continuously, another
 * connection holds the SQLite write lock — first for LOCK_SLOW_MS (slow storage,
 * within the server's busy timeout), then for LOCK_FAIL_MS (SQLITE_BUSY: failing
 * storage), then lets go. The server must recover by itself; then a SIGKILL and a
 * restart: every update the writer saw acknowledged is in storage, and the writer's
 * replica and a fresh reader converge.
 */
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { memberIdOf, noteRecord } from '@codev/server/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { createGroup } from '../e2e/support/groups.ts'
import { type ServerProcess, serverProcess } from '../e2e/support/serverProcess.ts'
import {
  canonical,
  type FuzzClient,
  fuzzClient,
  settled,
  sleep,
  until,
} from './support/fuzzClient.ts'

const LOCK_SLOW_MS = Number(process.env.CODEV_LOCK_SLOW_MS ?? 1500)
const LOCK_FAIL_MS = Number(process.env.CODEV_LOCK_FAIL_MS ?? 6000)
const WRITE_INTERVAL_MS = 25

/** Holds SQLite's write lock on the server's file from another connection for `ms`. */
async function holdWriteLock(file: string, ms: number): Promise<void> {
  const db = new DatabaseSync(file)
  try {
    db.exec('PRAGMA busy_timeout = 10000')
    db.exec('BEGIN IMMEDIATE')
    await sleep(ms)
    db.exec('COMMIT')
  } finally {
    db.close()
  }
}

describe('storage faults', () => {
  let server: ServerProcess
  const clients: FuzzClient[] = []
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await server?.stop('SIGKILL')
  })

  it(`survives a slow (${LOCK_SLOW_MS} ms) and a failing (${LOCK_FAIL_MS} ms busy) storage`, async () => {
    server = await serverProcess()
    await server.start()
    const wsUrl = server.url.replace('http', 'ws')
    const group = await createGroup(server.url)
    const token = group.tokens.Alice!
    const writer = fuzzClient(wsUrl, group.sessionId, 'Alice', memberIdOf(token), token)
    const peer = fuzzClient(
      wsUrl,
      group.sessionId,
      'Bob',
      memberIdOf(group.tokens.Bob!),
      group.tokens.Bob!,
    )
    clients.push(writer, peer)
    await until(() => settled(clients), 10_000, 'first sync')

    const acknowledged = new Set<string>()
    const sent: string[] = []
    writer.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0) for (const key of sent.splice(0)) acknowledged.add(key)
    })
    let written = 0
    const timer = setInterval(() => {
      const id = `shape:w${written++}`
      sent.push(id)
      writer.records.set(
        id,
        noteRecord({ id, text: id, author: writer.memberId, role: 'consultant' }),
      )
    }, WRITE_INTERVAL_MS)

    const file = path.join(server.dataDir, 'codev.sqlite')
    try {
      await sleep(300)
      await holdWriteLock(file, LOCK_SLOW_MS)
      await sleep(300)
      await holdWriteLock(file, LOCK_FAIL_MS)
      await sleep(300)
    } finally {
      clearInterval(timer)
    }
    // Recovery without help: the server answers, and the writer's last writes are acknowledged.
    await until(() => settled(clients), 30_000, 'the writer to be acknowledged after the faults')
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    await until(
      () => canonical(writer.records.toJSON()) === canonical(peer.records.toJSON()),
      10_000,
      'the peer to converge',
    )
    const converged = canonical(writer.records.toJSON())

    for (const client of clients.splice(0)) client.destroy()
    await server.stop('SIGKILL')
    await server.start()
    const reader = fuzzClient(wsUrl, group.sessionId, 'reader', memberIdOf(token), token)
    clients.push(reader)
    await until(() => settled([reader]), 10_000, 'the reader to sync')
    const lost = [...acknowledged].filter((id) => !reader.records.has(id))
    console.log(
      `storage faults: ${written} writes, ${acknowledged.size} acknowledged, ${lost.length} lost; locks ${LOCK_SLOW_MS} ms and ${LOCK_FAIL_MS} ms`,
    )
    expect(lost).toEqual([])
    expect(canonical(reader.records.toJSON())).toBe(converged)
  })
})
