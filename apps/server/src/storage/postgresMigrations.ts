/**
 * The PostgreSQL schema as an ordered list of versioned migrations, the twin of
 * migrations.ts (SQLite). Applied on start under an advisory lock, so instances that
 * start together migrate once; recorded in `schema_migrations`. Append new versions
 * at the end; never edit one that has shipped.
 */
import type { Migration } from './migrations.ts'

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'groups-members-sessions-invitations-documents',
    // Times are epoch milliseconds (BIGINT) as in SQLite; `seq` columns keep creation order.
    sql: `
      CREATE TABLE groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        cycle_length INTEGER NOT NULL CHECK (cycle_length BETWEEN 5 AND 8),
        created_at BIGINT NOT NULL
      );
      CREATE TABLE members (
        seq BIGSERIAL UNIQUE,
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        email TEXT,
        group_role TEXT NOT NULL CHECK (group_role IN ('facilitator', 'member', 'observer')),
        created_at BIGINT NOT NULL
      );
      CREATE INDEX members_by_group ON members (group_id, seq);
      CREATE TABLE invitations (
        seq BIGSERIAL UNIQUE,
        id TEXT PRIMARY KEY,
        member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        revoked_at BIGINT
      );
      CREATE INDEX invitations_by_member ON invitations (member_id);
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        scheduled_at BIGINT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        UNIQUE (group_id, number)
      );
      CREATE TABLE document_updates (
        seq BIGSERIAL PRIMARY KEY,
        document TEXT NOT NULL,
        data BYTEA NOT NULL
      );
      CREATE INDEX document_updates_by_document ON document_updates (document, seq);
      CREATE TABLE document_snapshots (
        document TEXT PRIMARY KEY,
        data BYTEA NOT NULL,
        updated_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'meetings-retention-group-log',
    // The twin of SQLite's version 3 (docs/decisions/0008-meetings.md).
    sql: `
      ALTER TABLE sessions ADD COLUMN meeting_id TEXT;
      ALTER TABLE sessions ADD COLUMN consultation INTEGER NOT NULL DEFAULT 1
        CHECK (consultation IN (1, 2));
      ALTER TABLE sessions ADD COLUMN purged_at BIGINT;
      CREATE TABLE group_settings (
        group_id TEXT PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
        retention_days INTEGER CHECK (retention_days IS NULL OR retention_days > 0),
        keep_action_plan BOOLEAN NOT NULL DEFAULT TRUE
      );
      CREATE TABLE group_log (
        seq BIGSERIAL PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        actor_id TEXT,
        session_id TEXT,
        detail TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX group_log_by_group ON group_log (group_id, seq);
    `,
  },
]
