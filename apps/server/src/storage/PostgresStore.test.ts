/**
 * The storage contract against a real PostgreSQL (scale project): a fresh schema per
 * run, dropped at the end. Fails, never skips, when PostgreSQL is not reachable
 * (scripts/test.sh starts it; see README "Tests").
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { TEST_DATABASE_URL } from '../testing/services.ts'
import { describeCycleContract } from './cycleContract.ts'
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
