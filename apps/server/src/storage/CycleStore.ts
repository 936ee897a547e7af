/**
 * The cycle's own data beside the groups and sessions: which meeting each session
 * belongs to (one or two consultations), the group's retention settings, which
 * sessions were purged, and the group's log of purges and exports. One contract,
 * two implementations on the store's own connection — the SQLite file or the
 * PostgreSQL pool — so the document stores stay untouched (migrations version 3
 * in SQLite, 2 in PostgreSQL).
 */
import type { DatabaseSync } from 'node:sqlite'
import {
  type ConsultationNumber,
  DEFAULT_RETENTION,
  type GroupLogEntry,
  type GroupLogKind,
  type RetentionSettings,
} from '@codev/domain'
import type pg from 'pg'
import { newId } from './AppStore.ts'
import { PostgresStore } from './PostgresStore.ts'
import { SqliteStore } from './SqliteStore.ts'
import type { SessionRow, Storage } from './Storage.ts'

/** A session's place in its meeting, and whether retention purged it. */
export interface SessionPlace {
  sessionId: string
  number: number
  /** The meeting's first consultation; a session alone is its own meeting. */
  meetingId: string
  consultation: ConsultationNumber
  purgedAt: number | null
}

export interface NewLogEntry {
  groupId: string
  at: number
  kind: GroupLogKind
  actorId: string | null
  sessionId: string | null
  detail?: string
}

export interface CycleData {
  listPlaces(groupId: string): Promise<SessionPlace[]>
  /** A new session, next in the cycle, as the second consultation of `first`'s meeting. */
  addSecondConsultation(first: SessionRow, now: number): Promise<SessionRow>
  getRetention(groupId: string): Promise<RetentionSettings>
  setRetention(groupId: string, settings: RetentionSettings): Promise<void>
  /** Every group with a retention period, for the periodic purge. */
  listRetentionGroups(): Promise<{ groupId: string; settings: RetentionSettings }[]>
  markPurged(sessionId: string, at: number): Promise<void>
  appendLog(entry: NewLogEntry): Promise<void>
  listLog(groupId: string): Promise<GroupLogEntry[]>
}

const PLACE_COLUMNS =
  'id, number, COALESCE(meeting_id, id) AS meeting, consultation, purged_at AS purged'
type PlaceRow = {
  id: string
  number: number
  meeting: string
  consultation: number
  purged: number | null
}
const toPlace = (row: PlaceRow): SessionPlace => ({
  sessionId: row.id,
  number: Number(row.number),
  meetingId: row.meeting,
  consultation: row.consultation === 2 ? 2 : 1,
  purgedAt: row.purged === null ? null : Number(row.purged),
})
type LogRow = {
  at: number
  kind: GroupLogKind
  actor: string | null
  session: string | null
  detail: string
}
const toLog = (row: LogRow): GroupLogEntry => ({
  at: Number(row.at),
  kind: row.kind,
  actorId: row.actor,
  sessionId: row.session,
  detail: row.detail,
})
const LOG_COLUMNS = 'at, kind, actor_id AS actor, session_id AS session, detail'

export class SqliteCycleData implements CycleData {
  private readonly db: DatabaseSync
  constructor(db: DatabaseSync) {
    this.db = db
  }

  async listPlaces(groupId: string): Promise<SessionPlace[]> {
    const rows = this.db
      .prepare(`SELECT ${PLACE_COLUMNS} FROM sessions WHERE group_id = ? ORDER BY number`)
      .all(groupId) as unknown as PlaceRow[]
    return rows.map(toPlace)
  }

  async addSecondConsultation(first: SessionRow, now: number): Promise<SessionRow> {
    const id = newId()
    this.db
      .prepare(
        `INSERT INTO sessions (id, created_at, group_id, number, scheduled_at, status, meeting_id, consultation)
         SELECT ?, ?, ?, COALESCE(MAX(number), 0) + 1, ?, 'open', ?, 2 FROM sessions WHERE group_id = ?`,
      )
      .run(id, now, first.groupId, first.scheduledAt, first.id, first.groupId)
    const { number } = this.db.prepare('SELECT number FROM sessions WHERE id = ?').get(id) as {
      number: number
    }
    return { id, groupId: first.groupId, number, scheduledAt: first.scheduledAt, status: 'open' }
  }

  async getRetention(groupId: string): Promise<RetentionSettings> {
    const row = this.db
      .prepare(
        'SELECT retention_days AS days, keep_action_plan AS keep FROM group_settings WHERE group_id = ?',
      )
      .get(groupId) as { days: number | null; keep: number } | undefined
    return row ? { retentionDays: row.days, keepActionPlan: row.keep === 1 } : DEFAULT_RETENTION
  }

  async setRetention(groupId: string, settings: RetentionSettings): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO group_settings (group_id, retention_days, keep_action_plan) VALUES (?, ?, ?)
         ON CONFLICT (group_id) DO UPDATE SET retention_days = excluded.retention_days,
           keep_action_plan = excluded.keep_action_plan`,
      )
      .run(groupId, settings.retentionDays, settings.keepActionPlan ? 1 : 0)
  }

  async listRetentionGroups(): Promise<{ groupId: string; settings: RetentionSettings }[]> {
    const rows = this.db
      .prepare(
        'SELECT group_id AS groupId, retention_days AS days, keep_action_plan AS keep FROM group_settings WHERE retention_days IS NOT NULL',
      )
      .all() as { groupId: string; days: number; keep: number }[]
    return rows.map((row) => ({
      groupId: row.groupId,
      settings: { retentionDays: row.days, keepActionPlan: row.keep === 1 },
    }))
  }

  async markPurged(sessionId: string, at: number): Promise<void> {
    this.db.prepare('UPDATE sessions SET purged_at = ? WHERE id = ?').run(at, sessionId)
  }

  async appendLog(entry: NewLogEntry): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO group_log (group_id, at, kind, actor_id, session_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(entry.groupId, entry.at, entry.kind, entry.actorId, entry.sessionId, entry.detail ?? '')
  }

  async listLog(groupId: string): Promise<GroupLogEntry[]> {
    const rows = this.db
      .prepare(`SELECT ${LOG_COLUMNS} FROM group_log WHERE group_id = ? ORDER BY seq`)
      .all(groupId) as unknown as LogRow[]
    return rows.map(toLog)
  }
}

export class PostgresCycleData implements CycleData {
  private readonly pool: pg.Pool
  constructor(pool: pg.Pool) {
    this.pool = pool
  }

  async listPlaces(groupId: string): Promise<SessionPlace[]> {
    const { rows } = await this.pool.query<PlaceRow>(
      `SELECT ${PLACE_COLUMNS} FROM sessions WHERE group_id = $1 ORDER BY number`,
      [groupId],
    )
    return rows.map(toPlace)
  }

  async addSecondConsultation(first: SessionRow, now: number): Promise<SessionRow> {
    const id = newId()
    // UNIQUE (group_id, number) refuses a concurrent twin rather than numbering it twice.
    const { rows } = await this.pool.query<{ number: number }>(
      `INSERT INTO sessions (id, created_at, group_id, number, scheduled_at, status, meeting_id, consultation)
       SELECT $1, $2, $3, COALESCE(MAX(number), 0) + 1, $4, 'open', $5, 2 FROM sessions WHERE group_id = $3
       RETURNING number`,
      [id, now, first.groupId, first.scheduledAt, first.id],
    )
    return {
      id,
      groupId: first.groupId,
      number: Number(rows[0]!.number),
      scheduledAt: first.scheduledAt,
      status: 'open',
    }
  }

  async getRetention(groupId: string): Promise<RetentionSettings> {
    const { rows } = await this.pool.query<{ days: number | null; keep: boolean }>(
      'SELECT retention_days AS days, keep_action_plan AS keep FROM group_settings WHERE group_id = $1',
      [groupId],
    )
    const row = rows[0]
    return row ? { retentionDays: row.days, keepActionPlan: row.keep } : DEFAULT_RETENTION
  }

  async setRetention(groupId: string, settings: RetentionSettings): Promise<void> {
    await this.pool.query(
      `INSERT INTO group_settings (group_id, retention_days, keep_action_plan) VALUES ($1, $2, $3)
       ON CONFLICT (group_id) DO UPDATE SET retention_days = excluded.retention_days,
         keep_action_plan = excluded.keep_action_plan`,
      [groupId, settings.retentionDays, settings.keepActionPlan],
    )
  }

  async listRetentionGroups(): Promise<{ groupId: string; settings: RetentionSettings }[]> {
    const { rows } = await this.pool.query<{ groupId: string; days: number; keep: boolean }>(
      'SELECT group_id AS "groupId", retention_days AS days, keep_action_plan AS keep FROM group_settings WHERE retention_days IS NOT NULL',
    )
    return rows.map((row) => ({
      groupId: row.groupId,
      settings: { retentionDays: row.days, keepActionPlan: row.keep },
    }))
  }

  async markPurged(sessionId: string, at: number): Promise<void> {
    await this.pool.query('UPDATE sessions SET purged_at = $1 WHERE id = $2', [at, sessionId])
  }

  async appendLog(entry: NewLogEntry): Promise<void> {
    await this.pool.query(
      'INSERT INTO group_log (group_id, at, kind, actor_id, session_id, detail) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.groupId, entry.at, entry.kind, entry.actorId, entry.sessionId, entry.detail ?? ''],
    )
  }

  async listLog(groupId: string): Promise<GroupLogEntry[]> {
    const { rows } = await this.pool.query<LogRow>(
      `SELECT ${LOG_COLUMNS} FROM group_log WHERE group_id = $1 ORDER BY seq`,
      [groupId],
    )
    return rows.map(toLog)
  }
}

/** The cycle data on the store's own connection. */
export function cycleDataFor(storage: Storage): CycleData {
  if (storage instanceof SqliteStore) return new SqliteCycleData(storage.db)
  if (storage instanceof PostgresStore) return new PostgresCycleData(storage.pool)
  throw new Error(`no cycle data for a ${storage.kind} store`)
}
