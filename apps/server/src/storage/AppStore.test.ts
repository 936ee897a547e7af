import { statSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSecret, SECRET_FILE_NAME } from '../auth/tokens.ts'
import { tempDataDir } from '../testing/testServer.ts'
import { MIGRATIONS } from './migrations.ts'
import { SqliteStore } from './SqliteStore.ts'

describe('AppStore and migrations', () => {
  const stores: SqliteStore[] = []
  afterEach(() => {
    for (const store of stores.splice(0)) store.closeNow()
  })
  const open = (file: string) => {
    const store = new SqliteStore(file)
    stores.push(store)
    return store
  }

  it('migrates a database made before migrations existed, keeping its documents', async () => {
    const file = path.join(tempDataDir(), 'old.sqlite')
    const old = new DatabaseSync(file)
    old.exec(MIGRATIONS[0]!.sql)
    old.prepare('INSERT INTO sessions (id, created_at) VALUES (?, ?)').run('legacy', 1)
    old
      .prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)')
      .run('legacy', new Uint8Array([1]))
    old.close()

    const store = open(file)
    const versions = store.db
      .prepare('SELECT version FROM schema_migrations ORDER BY version')
      .all()
    expect(versions.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(await store.countUpdates('legacy')).toBe(1)
    // A session from before groups belongs to no group: nobody can open it.
    expect(await store.app.getSession('legacy')).toBeNull()
    store.closeNow()
    expect(await open(file).countUpdates('legacy')).toBe(1) // reopening applies nothing twice
  })

  // The read API is in the storage contract (storageContract.ts), run on SQLite and PostgreSQL.

  it('keeps a generated secret in the data folder, readable by its owner only', () => {
    const dir = tempDataDir()
    const first = loadSecret(dir, null)
    expect(statSync(path.join(dir, SECRET_FILE_NAME)).mode & 0o777).toBe(0o600)
    expect(loadSecret(dir, null)).toEqual(first)
    expect(() => loadSecret(dir, 'short')).toThrow(/32 characters/)
  })
})
