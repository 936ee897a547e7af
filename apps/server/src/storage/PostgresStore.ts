/**
 * The PostgreSQL store (DATABASE_URL): the same contract as SqliteStore — per session
 * document an append-only log of Yjs updates plus a compacted snapshot, and the
 * application data — shared by every server instance. Uses `pg` (pure JavaScript, no
 * native build) with one connection pool per instance.
 *
 * An append resolves once PostgreSQL has committed it (synchronous_commit on, the
 * default), and Persistence waits for that before the sender is acknowledged.
 * Compaction takes a per-document advisory lock, folds the snapshot and the log rows
 * it read, and deletes exactly those rows: rows another instance appends meanwhile
 * stay. It does not know about Yjs beyond opaque byte arrays.
 */
import type { GroupRole, SessionStatus } from '@codev/domain'
import pg from 'pg'
import { newId } from './AppStore.ts'
import { foldUpdates } from './foldUpdates.ts'
import type { Migration } from './migrations.ts'
import { POSTGRES_MIGRATIONS } from './postgresMigrations.ts'
import type {
  AppData,
  DocumentStore,
  GroupRow,
  InvitationRow,
  LogEntry,
  MemberRow,
  NewGroup,
  SessionRow,
  Storage,
  StorageOperation,
  StoredDocument,
} from './Storage.ts'

/** Any number, so that every instance that migrates takes the same advisory lock. */
const MIGRATION_LOCK_KEY = 7_416_220_001
const INT8_OID = 20

/** Epoch milliseconds fit a double: read BIGINT as number, not string. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

export interface PostgresOptions {
  connectionString: string
  /** Schema for every table (created if missing); null uses the connection's default. */
  schema: string | null
  /** Connections per instance. @default 10 */
  maxConnections?: number
}

const MEMBER_COLUMNS = 'id, group_id AS "groupId", name, email, group_role AS "groupRole"'
const SESSION_COLUMNS = 'id, group_id AS "groupId", number, scheduled_at AS "scheduledAt", status'
const INVITATION_COLUMNS =
  'id, member_id AS "memberId", created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt"'

type Queryable = Pick<pg.PoolClient, 'query'>

export class PostgresStore implements Storage, DocumentStore, AppData {
  readonly kind = 'postgres' as const
  readonly location: string
  readonly documents: DocumentStore = this
  readonly app: AppData = this
  readonly pool: pg.Pool
  observeLatency: (operation: StorageOperation, seconds: number) => void = () => {}
  private readonly schema: string | null

  private constructor(options: PostgresOptions) {
    if (options.schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
      throw new Error(`database schema must match [a-z_][a-z0-9_]*, got "${options.schema}"`)
    }
    this.schema = options.schema
    const url = new URL(options.connectionString)
    this.location = `postgres://${url.host}${url.pathname}${options.schema ? `#${options.schema}` : ''}`
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    })
    // An idle client that loses its server must not crash the process; the next query retries.
    this.pool.on('error', () => {})
  }

  /** Connects, creates the schema if needed and applies pending migrations. */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options)
    try {
      await store.migrate()
    } catch (error) {
      await store.pool.end()
      throw error
    }
    return store
  }

  /** Applies every migration newer than the database's version; returns the final version. */
  async migrate(migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<number> {
    const client = await this.pool.connect()
    try {
      if (this.schema) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`)
      }
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          applied_at BIGINT NOT NULL
        )`)
        const { rows } = await client.query<{ version: number | null }>(
          'SELECT MAX(version) AS version FROM schema_migrations',
        )
        let current = rows[0]?.version ?? 0
        for (const migration of migrations) {
          if (migration.version <= current) continue
          await client.query('BEGIN')
          try {
            await client.query(migration.sql)
            await client.query(
              'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
              [migration.version, migration.name, Date.now()],
            )
            await client.query('COMMIT')
          } catch (error) {
            await client.query('ROLLBACK')
            throw new Error(`migration ${migration.version} (${migration.name}) failed: ${error}`)
          }
          current = migration.version
        }
        return current
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      }
    } finally {
      client.release()
    }
  }

  private async transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  // ---- documents

  async appendUpdate(document: string, update: Uint8Array): Promise<void> {
    const started = performance.now()
    await this.pool.query('INSERT INTO document_updates (document, data) VALUES ($1, $2)', [
      document,
      update,
    ])
    this.observeLatency('append', (performance.now() - started) / 1000)
  }

  /** One statement, so one transaction and one commit; rows keep the entries' order. */
  async appendUpdates(entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return
    const started = performance.now()
    await this.pool.query(
      `INSERT INTO document_updates (document, data)
       SELECT document, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS e(document, data, n)
       ORDER BY n`,
      [entries.map((entry) => entry.document), entries.map((entry) => Buffer.from(entry.update))],
    )
    this.observeLatency('append', (performance.now() - started) / 1000)
  }

  async loadDocument(document: string): Promise<StoredDocument> {
    // One transaction (repeatable read) so the snapshot and the log are from one instant.
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
      const snapshot = await client.query<{ data: Uint8Array }>(
        'SELECT data FROM document_snapshots WHERE document = $1',
        [document],
      )
      const updates = await client.query<{ data: Uint8Array }>(
        'SELECT data FROM document_updates WHERE document = $1 ORDER BY seq',
        [document],
      )
      await client.query('COMMIT')
      return { snapshot: snapshot.rows[0]?.data ?? null, updates: updates.rows.map((r) => r.data) }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  async countUpdates(document: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM document_updates WHERE document = $1',
      [document],
    )
    return rows[0]!.n
  }

  /** `fold` lets a test act between the compaction's read and its write. */
  async compact(document: string, now: number, fold = foldUpdates): Promise<void> {
    const started = performance.now()
    await this.transaction(async (client) => {
      // Serializes compactions of one document across instances.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [document])
      const snapshot = await client.query<{ data: Uint8Array }>(
        'SELECT data FROM document_snapshots WHERE document = $1',
        [document],
      )
      const updates = await client.query<{ seq: number; data: Uint8Array }>(
        'SELECT seq, data FROM document_updates WHERE document = $1 ORDER BY seq',
        [document],
      )
      if (updates.rows.length === 0) return
      const parts = [...snapshot.rows.map((r) => r.data), ...updates.rows.map((r) => r.data)]
      await client.query(
        `INSERT INTO document_snapshots (document, data, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (document) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
        [document, fold(parts), now],
      )
      // Exactly the rows folded above. Not `seq <= last`: a sequence number is taken
      // before its transaction commits, so a row with a lower seq (another instance's)
      // may commit after the SELECT and must stay in the log.
      await client.query('DELETE FROM document_updates WHERE document = $1 AND seq = ANY($2)', [
        document,
        updates.rows.map((row) => row.seq),
      ])
    })
    this.observeLatency('compact', (performance.now() - started) / 1000)
  }

  async deleteDocuments(documents: readonly string[]): Promise<void> {
    await this.deleteDocumentsWith(this.pool, documents)
  }

  private async deleteDocumentsWith(db: Queryable, documents: readonly string[]): Promise<void> {
    if (documents.length === 0) return
    // A session's document and its members' private spaces (`<session>/<space>/<member>`).
    const prefixes = documents.map((document) => `${document}/`)
    for (const table of ['document_updates', 'document_snapshots']) {
      await db.query(
        `DELETE FROM ${table} WHERE document = ANY($1)
           OR EXISTS (SELECT 1 FROM unnest($2::text[]) AS prefix WHERE starts_with(document, prefix))`,
        [documents, prefixes],
      )
    }
  }

  // ---- application data

  async createGroup(
    input: NewGroup,
  ): Promise<{ group: GroupRow; members: MemberRow[]; session: SessionRow }> {
    return this.transaction(async (client) => {
      const group: GroupRow = {
        id: newId(),
        name: input.name,
        cycleLength: input.cycleLength,
        createdAt: input.now,
      }
      await client.query(
        'INSERT INTO groups (id, name, cycle_length, created_at) VALUES ($1, $2, $3, $4)',
        [group.id, group.name, group.cycleLength, group.createdAt],
      )
      const members: MemberRow[] = []
      for (const member of input.members) {
        const row: MemberRow = {
          id: newId(),
          groupId: group.id,
          name: member.name,
          email: member.email ?? null,
          groupRole: member.groupRole,
        }
        await client.query(
          'INSERT INTO members (id, group_id, name, email, group_role, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [row.id, row.groupId, row.name, row.email, row.groupRole, input.now],
        )
        members.push(row)
      }
      const session = await this.insertSession(client, group.id, input.now, input.now)
      return { group, members, session }
    })
  }

  async getGroup(groupId: string): Promise<GroupRow | null> {
    const { rows } = await this.pool.query<GroupRow>(
      'SELECT id, name, cycle_length AS "cycleLength", created_at AS "createdAt" FROM groups WHERE id = $1',
      [groupId],
    )
    return rows[0] ?? null
  }

  async listMembers(
    groupId: string,
  ): Promise<{ id: string; name: string; groupRole: GroupRole }[]> {
    return (await this.listMemberRows(groupId)).map(({ id, name, groupRole }) => ({
      id,
      name,
      groupRole,
    }))
  }

  async listMemberRows(groupId: string): Promise<MemberRow[]> {
    const { rows } = await this.pool.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE group_id = $1 ORDER BY seq`,
      [groupId],
    )
    return rows
  }

  async getMember(memberId: string): Promise<MemberRow | null> {
    const { rows } = await this.pool.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1`,
      [memberId],
    )
    return rows[0] ?? null
  }

  async getSession(sessionId: string): Promise<SessionRow | null> {
    const { rows } = await this.pool.query<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1`,
      [sessionId],
    )
    return rows[0] ?? null
  }

  async listSessions(groupId: string): Promise<SessionRow[]> {
    return this.listSessionsWith(this.pool, groupId)
  }

  private async listSessionsWith(db: Queryable, groupId: string): Promise<SessionRow[]> {
    const { rows } = await db.query<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE group_id = $1 ORDER BY number`,
      [groupId],
    )
    return rows
  }

  async currentSession(groupId: string): Promise<SessionRow | null> {
    return (await this.listSessions(groupId)).find((session) => session.status === 'open') ?? null
  }

  async scheduleSession(groupId: string, scheduledAt: number, now: number): Promise<SessionRow> {
    return this.transaction((client) => this.insertSession(client, groupId, scheduledAt, now))
  }

  private async insertSession(
    client: Queryable,
    groupId: string,
    scheduledAt: number,
    now: number,
  ): Promise<SessionRow> {
    // Lock the group row: two instances scheduling at once get consecutive numbers.
    await client.query('SELECT 1 FROM groups WHERE id = $1 FOR UPDATE', [groupId])
    const { rows } = await client.query<{ last: number | null }>(
      'SELECT MAX(number) AS last FROM sessions WHERE group_id = $1',
      [groupId],
    )
    const session: SessionRow = {
      id: newId(),
      groupId,
      number: (rows[0]?.last ?? 0) + 1,
      scheduledAt,
      status: 'open',
    }
    await client.query(
      'INSERT INTO sessions (id, created_at, group_id, number, scheduled_at, status) VALUES ($1, $2, $3, $4, $5, $6)',
      [session.id, now, groupId, session.number, scheduledAt, session.status],
    )
    return session
  }

  async setSessionStatus(sessionId: string, status: SessionStatus): Promise<void> {
    await this.pool.query('UPDATE sessions SET status = $1 WHERE id = $2', [status, sessionId])
  }

  async createInvitation(memberId: string, now: number, expiresAt: number): Promise<InvitationRow> {
    const invitation: InvitationRow = {
      id: newId(),
      memberId,
      createdAt: now,
      expiresAt,
      revokedAt: null,
    }
    await this.pool.query(
      'INSERT INTO invitations (id, member_id, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, NULL)',
      [invitation.id, memberId, now, expiresAt],
    )
    return invitation
  }

  async getInvitation(invitationId: string): Promise<InvitationRow | null> {
    const { rows } = await this.pool.query<InvitationRow>(
      `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE id = $1`,
      [invitationId],
    )
    return rows[0] ?? null
  }

  async listInvitations(groupId: string): Promise<InvitationRow[]> {
    const { rows } = await this.pool.query<InvitationRow>(
      `SELECT i.id, i.member_id AS "memberId", i.created_at AS "createdAt", i.expires_at AS "expiresAt",
         i.revoked_at AS "revokedAt" FROM invitations i
       JOIN members m ON m.id = i.member_id WHERE m.group_id = $1 ORDER BY i.seq`,
      [groupId],
    )
    return rows
  }

  async revokeInvitation(invitationId: string, now: number): Promise<void> {
    await this.pool.query(
      'UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [now, invitationId],
    )
  }

  async deleteGroup(groupId: string): Promise<string[]> {
    return this.transaction(async (client) => {
      const sessionIds = (await this.listSessionsWith(client, groupId)).map((s) => s.id)
      await this.deleteDocumentsWith(client, sessionIds)
      // Members, invitations and sessions go by ON DELETE CASCADE.
      await client.query('DELETE FROM groups WHERE id = $1', [groupId])
      return sessionIds
    })
  }

  async countGroupRows(groupId: string, sessionIds: readonly string[]): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT (SELECT COUNT(*) FROM groups WHERE id = $1)
            + (SELECT COUNT(*) FROM members WHERE group_id = $1)
            + (SELECT COUNT(*) FROM sessions WHERE group_id = $1)
            + (SELECT COUNT(*) FROM document_updates WHERE document = ANY($2))
            + (SELECT COUNT(*) FROM document_snapshots WHERE document = ANY($2))
            + (SELECT COUNT(*) FROM sessions WHERE id = ANY($2)) AS n`,
      [groupId, sessionIds],
    )
    return rows[0]!.n
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
