/**
 * The SQLite schema as an ordered list of versioned SQL migrations, applied on open in
 * one transaction each and recorded in `schema_migrations`. Append new versions at the
 * end; never edit one that has shipped.
 */
import type { DatabaseSync } from 'node:sqlite'

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'documents',
    // IF NOT EXISTS: databases created before migrations existed already hold these.
    sql: `
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS document_updates (
        document TEXT NOT NULL,
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS document_updates_by_document ON document_updates (document, seq);
      CREATE TABLE IF NOT EXISTS document_snapshots (
        document TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'groups-members-invitations',
    sql: `
      CREATE TABLE groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        cycle_length INTEGER NOT NULL CHECK (cycle_length BETWEEN 5 AND 8),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        email TEXT,
        group_role TEXT NOT NULL CHECK (group_role IN ('facilitator', 'member', 'observer')),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX members_by_group ON members (group_id);
      CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE INDEX invitations_by_member ON invitations (member_id);
      -- Sessions created before groups existed keep group_id NULL: nobody can open them.
      ALTER TABLE sessions ADD COLUMN group_id TEXT REFERENCES groups (id) ON DELETE CASCADE;
      ALTER TABLE sessions ADD COLUMN number INTEGER;
      ALTER TABLE sessions ADD COLUMN scheduled_at INTEGER;
      ALTER TABLE sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'closed'));
      CREATE INDEX sessions_by_group ON sessions (group_id, number);
    `,
  },
  {
    version: 3,
    name: 'meetings-retention-group-log',
    // A session alone is consultation 1 of its own meeting (meeting_id NULL);
    // a second consultation names the first's id (docs/decisions/0008-meetings.md).
    sql: `
      ALTER TABLE sessions ADD COLUMN meeting_id TEXT;
      ALTER TABLE sessions ADD COLUMN consultation INTEGER NOT NULL DEFAULT 1
        CHECK (consultation IN (1, 2));
      ALTER TABLE sessions ADD COLUMN purged_at INTEGER;
      CREATE TABLE group_settings (
        group_id TEXT PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
        retention_days INTEGER CHECK (retention_days IS NULL OR retention_days > 0),
        keep_action_plan INTEGER NOT NULL DEFAULT 1 CHECK (keep_action_plan IN (0, 1))
      );
      CREATE TABLE group_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        actor_id TEXT,
        session_id TEXT,
        detail TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX group_log_by_group ON group_log (group_id, seq);
    `,
  },
]

/** Applies every migration newer than the database's version; returns the final version. */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`)
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null
  }
  let current = row.version ?? 0
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      )
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw new Error(`migration ${migration.version} (${migration.name}) failed: ${error}`)
    }
    current = migration.version
  }
  return current
}
