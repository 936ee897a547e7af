/**
 * AppStore: the application's own data — groups, members, sessions of a cycle and
 * invitations — in the same SQLite file as the session documents (SqliteStore owns
 * the connection and the migrations). Implements the async AppData contract
 * (Storage.ts) with synchronous node:sqlite work inside; it knows nothing of HTTP,
 * tokens or Hocuspocus.
 */
import { randomBytes } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import type { GroupRole, SessionStatus } from '@codev/domain'
import type {
  AppData,
  GroupRow,
  InvitationRow,
  MemberRow,
  NewGroup,
  SessionRow,
} from './Storage.ts'

export type { GroupRow, InvitationRow, MemberRow, NewGroup, SessionRow } from './Storage.ts'

export function newId(): string {
  return randomBytes(12).toString('base64url')
}

const MEMBER_COLUMNS = 'id, group_id AS groupId, name, email, group_role AS groupRole'
const SESSION_COLUMNS = 'id, group_id AS groupId, number, scheduled_at AS scheduledAt, status'
const INVITATION_COLUMNS =
  'id, member_id AS memberId, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt'

export class AppStore implements AppData {
  private readonly db: DatabaseSync
  private readonly deleteDocuments: (documents: readonly string[]) => void

  constructor(db: DatabaseSync, deleteDocuments: (documents: readonly string[]) => void) {
    this.db = db
    this.deleteDocuments = deleteDocuments
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      this.db.exec('COMMIT')
      return result
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
  }

  /** Creates the group, its members (in order) and its first session, open now. */
  async createGroup(
    input: NewGroup,
  ): Promise<{ group: GroupRow; members: MemberRow[]; session: SessionRow }> {
    return this.transaction(() => {
      const group: GroupRow = {
        id: newId(),
        name: input.name,
        cycleLength: input.cycleLength,
        createdAt: input.now,
      }
      this.db
        .prepare('INSERT INTO groups (id, name, cycle_length, created_at) VALUES (?, ?, ?, ?)')
        .run(group.id, group.name, group.cycleLength, group.createdAt)
      const insertMember = this.db.prepare(
        'INSERT INTO members (id, group_id, name, email, group_role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      const members = input.members.map((member): MemberRow => {
        const row: MemberRow = {
          id: newId(),
          groupId: group.id,
          name: member.name,
          email: member.email ?? null,
          groupRole: member.groupRole,
        }
        insertMember.run(row.id, row.groupId, row.name, row.email, row.groupRole, input.now)
        return row
      })
      const session = this.insertSession(group.id, input.now, input.now)
      return { group, members, session }
    })
  }

  async getGroup(groupId: string): Promise<GroupRow | null> {
    const row = this.db
      .prepare(
        'SELECT id, name, cycle_length AS cycleLength, created_at AS createdAt FROM groups WHERE id = ?',
      )
      .get(groupId) as GroupRow | undefined
    return row ?? null
  }

  /** The read API for authorization: the group's members, in creation order. */
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
    return this.db
      .prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE group_id = ? ORDER BY rowid`)
      .all(groupId) as unknown as MemberRow[]
  }

  async getMember(memberId: string): Promise<MemberRow | null> {
    const row = this.db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`).get(memberId)
    return (row as MemberRow | undefined) ?? null
  }

  /** A session of a group; sessions made before groups existed (no group) do not count. */
  async getSession(sessionId: string): Promise<SessionRow | null> {
    const row = this.db
      .prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ? AND group_id IS NOT NULL`)
      .get(sessionId)
    return (row as SessionRow | undefined) ?? null
  }

  async listSessions(groupId: string): Promise<SessionRow[]> {
    return this.listSessionsNow(groupId)
  }

  private listSessionsNow(groupId: string): SessionRow[] {
    return this.db
      .prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE group_id = ? ORDER BY number`)
      .all(groupId) as unknown as SessionRow[]
  }

  /** The session people join now: the first open one of the cycle. */
  async currentSession(groupId: string): Promise<SessionRow | null> {
    return this.listSessionsNow(groupId).find((session) => session.status === 'open') ?? null
  }

  async scheduleSession(groupId: string, scheduledAt: number, now: number): Promise<SessionRow> {
    return this.transaction(() => this.insertSession(groupId, scheduledAt, now))
  }

  private insertSession(groupId: string, scheduledAt: number, now: number): SessionRow {
    const { last } = this.db
      .prepare('SELECT MAX(number) AS last FROM sessions WHERE group_id = ?')
      .get(groupId) as { last: number | null }
    const session: SessionRow = {
      id: newId(),
      groupId,
      number: (last ?? 0) + 1,
      scheduledAt,
      status: 'open',
    }
    this.db
      .prepare(
        'INSERT INTO sessions (id, created_at, group_id, number, scheduled_at, status) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(session.id, now, groupId, session.number, scheduledAt, session.status)
    return session
  }

  async setSessionStatus(sessionId: string, status: SessionStatus): Promise<void> {
    this.db.prepare('UPDATE sessions SET status = ? WHERE id = ?').run(status, sessionId)
  }

  async createInvitation(memberId: string, now: number, expiresAt: number): Promise<InvitationRow> {
    const invitation: InvitationRow = {
      id: newId(),
      memberId,
      createdAt: now,
      expiresAt,
      revokedAt: null,
    }
    this.db
      .prepare(
        'INSERT INTO invitations (id, member_id, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, NULL)',
      )
      .run(invitation.id, memberId, now, expiresAt)
    return invitation
  }

  async getInvitation(invitationId: string): Promise<InvitationRow | null> {
    const row = this.db
      .prepare(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE id = ?`)
      .get(invitationId)
    return (row as InvitationRow | undefined) ?? null
  }

  async listInvitations(groupId: string): Promise<InvitationRow[]> {
    return this.db
      .prepare(
        `SELECT i.id, i.member_id AS memberId, i.created_at AS createdAt, i.expires_at AS expiresAt,
           i.revoked_at AS revokedAt FROM invitations i
         JOIN members m ON m.id = i.member_id WHERE m.group_id = ? ORDER BY i.rowid`,
      )
      .all(groupId) as unknown as InvitationRow[]
  }

  async revokeInvitation(invitationId: string, now: number): Promise<void> {
    this.db
      .prepare('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(now, invitationId)
  }

  /**
   * Deletes the group and everything of it — members, invitations, sessions and the
   * sessions' documents — in one transaction. Returns the session ids, so the caller
   * can close their live connections.
   */
  async deleteGroup(groupId: string): Promise<string[]> {
    return this.transaction(() => {
      const sessionIds = this.listSessionsNow(groupId).map((session) => session.id)
      this.deleteDocuments(sessionIds)
      // Members, invitations and sessions go by ON DELETE CASCADE.
      this.db.prepare('DELETE FROM groups WHERE id = ?').run(groupId)
      return sessionIds
    })
  }

  /** Row counts of a group, for tests and operators. */
  async countGroupRows(groupId: string, sessionIds: readonly string[]): Promise<number> {
    const one = (sql: string, ...params: string[]) =>
      (this.db.prepare(sql).get(...params) as { n: number }).n
    let total =
      one('SELECT COUNT(*) AS n FROM groups WHERE id = ?', groupId) +
      one('SELECT COUNT(*) AS n FROM members WHERE group_id = ?', groupId) +
      one('SELECT COUNT(*) AS n FROM sessions WHERE group_id = ?', groupId)
    for (const id of sessionIds) {
      total +=
        one('SELECT COUNT(*) AS n FROM document_updates WHERE document = ?', id) +
        one('SELECT COUNT(*) AS n FROM document_snapshots WHERE document = ?', id) +
        one('SELECT COUNT(*) AS n FROM sessions WHERE id = ?', id)
    }
    return total
  }
}
