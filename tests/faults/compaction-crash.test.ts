/**
 * SIGKILL while the update log is being compacted. The server compacts from
 * Hocuspocus' debounced store hook, 2 s after the last change, once the log holds
 * CODEV_COMPACT_AFTER_UPDATES rows; here that is 10, so every burst of writes is
 * followed by a compaction, and each burst carries large notes so that folding the
 * log takes long enough to be hit. The kill lands at a random moment around the
 * debounce (the compaction window); after each restart a fresh client must hold
 * every record the writer saw acknowledged, and the server must have restarted on
 * its own. The storage is read back after each kill: compacted (snapshot, short
 * log) or not (the compaction rolled back or had not started) — both must be whole.
 */

import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { memberIdOf, noteRecord } from '@codev/server/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { createGroup } from '../e2e/support/groups.ts'
import { type ServerProcess, serverProcess } from '../e2e/support/serverProcess.ts'
import { fuzzClient, random, seedFromEnv, sleep, until } from './support/fuzzClient.ts'

const KILLS = Number(process.env.CODEV_COMPACTION_KILLS ?? 6)
const COMPACT_AFTER_UPDATES = 10
/** Hocuspocus' store debounce (its default): compaction starts this long after the last change. */
const STORE_DEBOUNCE_MS = 2000
const BURST = 60
const NOTE_TEXT_BYTES = 3000

function storedRows(dataDir: string, sessionId: string) {
  const db = new DatabaseSync(path.join(dataDir, 'codev.sqlite'), { readOnly: true })
  try {
    const log = db
      .prepare('SELECT COUNT(*) AS n FROM document_updates WHERE document = ?')
      .get(sessionId) as { n: number }
    const snapshot = db
      .prepare('SELECT COUNT(*) AS n FROM document_snapshots WHERE document = ?')
      .get(sessionId) as { n: number }
    return { log: log.n, snapshot: snapshot.n > 0 }
  } finally {
    db.close()
  }
}

describe('SIGKILL during compaction', () => {
  let server: ServerProcess
  afterAll(async () => {
    await server?.stop('SIGKILL')
    delete process.env.CODEV_COMPACT_AFTER_UPDATES
  })

  it(
    `loses no acknowledged update over ${KILLS} kills around compactions`,
    async () => {
      const seed = seedFromEnv()
      const next = random(seed)
      console.log(`compaction crash seed: ${seed} (replay with CODEV_SEED=${seed})`)
      // The server process inherits this environment.
      process.env.CODEV_COMPACT_AFTER_UPDATES = String(COMPACT_AFTER_UPDATES)
      server = await serverProcess()
      await server.start()
      const { sessionId, tokens } = await createGroup(server.url)
      const aliceId = memberIdOf(tokens.Alice!)
      const wsUrl = server.url.replace('http', 'ws')

      const acknowledged = new Set<string>()
      const outcomes = { compacted: 0, notCompacted: 0 }
      let written = 0
      for (let kill = 0; kill < KILLS; kill++) {
        const writer = fuzzClient(wsUrl, sessionId, 'Alice', aliceId, tokens.Alice!)
        await until(() => writer.provider.isSynced, 20_000, 'writer sync')
        const sent: string[] = []
        writer.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
          if (number === 0) for (const key of sent.splice(0)) acknowledged.add(key)
        })
        for (let i = 0; i < BURST; i++) {
          const key = `shape:c${kill}-${written++}`
          sent.push(key)
          writer.records.set(
            key,
            noteRecord({
              id: key,
              text: `${key} ${'x'.repeat(NOTE_TEXT_BYTES)}`,
              author: aliceId,
              role: 'consultant',
              at: { x: (written % 20) * 10, y: 40 },
            }),
          )
          await sleep(2)
        }
        await until(() => sent.length === 0, 20_000, 'the burst to be acknowledged')
        // Around the store debounce: just before, during and after the compaction.
        await sleep(STORE_DEBOUNCE_MS - 800 + next() * 1200)
        await server.stop('SIGKILL')
        writer.destroy()
        const stored = storedRows(server.dataDir, sessionId)
        if (stored.snapshot && stored.log < COMPACT_AFTER_UPDATES) outcomes.compacted++
        else outcomes.notCompacted++

        await server.start()
        const reader = fuzzClient(wsUrl, sessionId, 'Alice', aliceId, tokens.Alice!)
        await until(() => reader.provider.isSynced, 20_000, 'reader sync')
        const missing = [...acknowledged].filter((key) => !reader.records.has(key))
        reader.destroy()
        expect(missing, `kill ${kill}: acknowledged but lost`).toEqual([])
      }
      console.log(
        `compaction crash: ${KILLS} kills, ${written} writes, ${acknowledged.size} acknowledged, 0 lost; ` +
          `storage at the kill: ${outcomes.compacted} compacted, ${outcomes.notCompacted} not (yet) compacted`,
      )
      expect(acknowledged.size).toBe(written)
    },
    KILLS * 45_000,
  )
})
