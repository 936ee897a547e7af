/**
 * The storage contract against a real PostgreSQL (scale project): a fresh schema per
 * run, dropped at the end. Fails, never skips, when PostgreSQL is not reachable
 * (scripts/test.sh starts it; see README "Tests").
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TEST_DATABASE_URL } from '../testing/services.ts'
import { describeCycleContract } from './cycleContract.ts'
import { foldUpdates } from './foldUpdates.ts'
import { PostgresStore } from './PostgresStore.ts'
import { describeStorageContract } from './storageContract.ts'

describeStorageContract('PostgreSQL', async () => {
  const schema = `contract_${randomBytes(6).toString('hex')}`
  const storage = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema })
  return {
    storage,
    cleanUp: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    },
  }
})

// Meetings, retention and the group log on the same PostgreSQL (CycleStore.ts).
describeCycleContract('PostgreSQL', async () => {
  const schema = `cycle_${randomBytes(6).toString('hex')}`
  const storage = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema })
  return {
    storage,
    cleanUp: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    },
  }
})

describe('PostgreSQL compaction and sequence order', () => {
  it('keeps a row whose lower seq commits after compaction read the log', async () => {
    const schema = `race_${randomBytes(6).toString('hex')}`
    const store = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema })
    const write = (key: string) => {
      const doc = new Y.Doc()
      doc.getMap('records').set(key, key)
      return Y.encodeStateAsUpdate(doc)
    }
    const late = await store.pool.connect()
    try {
      await store.documents.appendUpdate('race', write('first'))
      // Another instance's append: its seq is taken now, its commit comes later.
      await late.query('BEGIN')
      await late.query('INSERT INTO document_updates (document, data) VALUES ($1, $2)', [
        'race',
        write('late'),
      ])
      await store.documents.appendUpdate('race', write('last'))
      let lateCommit: Promise<unknown> = Promise.resolve()
      await store.compact('race', 0, (parts) => {
        lateCommit = late.query('COMMIT') // lands between compaction's read and its delete
        return foldUpdates(parts)
      })
      await lateCommit
      const stored = await store.documents.loadDocument('race')
      const doc = new Y.Doc()
      for (const part of [stored.snapshot, ...stored.updates]) if (part) Y.applyUpdate(doc, part)
      expect([...doc.getMap('records').keys()].sort()).toEqual(['first', 'last', 'late'])
    } finally {
      late.release()
      await store.close()
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
  })
})
