import { statSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSecret, SECRET_FILE_NAME } from '../auth/tokens.ts'
import { tempDataDir } from '../testing/testServer.ts'
import { AppStore } from './AppStore.ts'
import { MIGRATIONS } from './migrations.ts'
import { SqliteStore } from './SqliteStore.ts'

describe('AppStore and migrations', () => {
  const stores: SqliteStore[] = []
  afterEach(() => {
    for (const store of stores.splice(0)) store.close()
  })
  const open = (file: string) => {
    const store = new SqliteStore(file)
    stores.push(store)
    return store
  }

  it('migrates a database made before migrations existed, keeping its documents', () => {
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
    expect(store.countUpdates('legacy')).toBe(1)
    // A session from before groups belongs to no group: nobody can open it.
    expect(new AppStore(store).getSession('legacy')).toBeNull()
    store.close()
    expect(open(file).countUpdates('legacy')).toBe(1) // reopening applies nothing twice
  })

  it('numbers sessions in the cycle and answers the read API', () => {
    const app = new AppStore(open(path.join(tempDataDir(), 'a.sqlite')))
    const { group, members, session } = app.createGroup({
      name: 'G',
      cycleLength: 5,
      members: [
        { name: 'Fanny', groupRole: 'facilitator' },
        { name: 'Olga', groupRole: 'observer' },
      ],
      now: 10,
    })
    const second = app.scheduleSession(group.id, 20, 11)
    expect([session.number, second.number]).toEqual([1, 2])
    expect(app.getSession(second.id)).toEqual({
      id: second.id,
      groupId: group.id,
      number: 2,
      scheduledAt: 20,
      status: 'open',
    })
    expect(app.listMembers(group.id)).toEqual([
      { id: members[0]!.id, name: 'Fanny', groupRole: 'facilitator' },
      { id: members[1]!.id, name: 'Olga', groupRole: 'observer' },
    ])
    expect(app.getMember(members[1]!.id)).toMatchObject({
      groupId: group.id,
      groupRole: 'observer',
    })
    app.setSessionStatus(session.id, 'closed')
    expect(app.currentSession(group.id)?.id).toBe(second.id)
    expect(() => app.createGroup({ name: 'bad', cycleLength: 9, members: [], now: 1 })).toThrow()
  })

  it('keeps a generated secret in the data folder, readable by its owner only', () => {
    const dir = tempDataDir()
    const first = loadSecret(dir, null)
    expect(statSync(path.join(dir, SECRET_FILE_NAME)).mode & 0o777).toBe(0o600)
    expect(loadSecret(dir, null)).toEqual(first)
    expect(() => loadSecret(dir, 'short')).toThrow(/32 characters/)
  })
})
