/**
 * The storage contract the server runs on, implemented by the embedded SQLite store
 * (the default) and by PostgreSQL (DATABASE_URL). Every method returns a promise, so
 * a networked database fits; the SQLite implementation does its work synchronously
 * before returning, which keeps its durability exactly as before.
 *
 * Two halves: `documents` (per session document, an append-only log of Yjs updates
 * plus a compacted snapshot, as opaque bytes) and `app` (groups, members, sessions,
 * invitations). One contract test suite (storageContract.test.ts) runs against both.
 */
import type { GroupRole, SessionStatus } from '@codev/domain'

export interface StoredDocument {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
}

export type StorageOperation = 'append' | 'compact'

/** One update to append to one document's log. */
export interface LogEntry {
  document: string
  update: Uint8Array
}

export interface DocumentStore {
  /** Durable when the promise resolves (committed, fsynced by the engine). */
  appendUpdate(document: string, update: Uint8Array): Promise<void>
  /**
   * Group commit: appends every entry (of any documents, in order) in ONE transaction,
   * so one commit and one fsync cover them all. All or nothing: when the promise
   * rejects, none of them is in the log. Durable when it resolves.
   */
  appendUpdates(entries: readonly LogEntry[]): Promise<void>
  loadDocument(document: string): Promise<StoredDocument>
  countUpdates(document: string): Promise<number>
  /**
   * Folds the stored snapshot and log entries into one new snapshot (`foldUpdates`,
   * foldUpdates.ts) and removes exactly the entries it folded, in one transaction
   * serialized per document. Entries appended meanwhile (by this or another
   * instance) stay in the log, so compaction can never drop an update, whatever the
   * live document holds.
   */
  compact(document: string, now: number): Promise<void>
  /** Removes every stored byte of these documents (group deletion). */
  deleteDocuments(documents: readonly string[]): Promise<void>
}

export interface GroupRow {
  id: string
  name: string
  cycleLength: number
  createdAt: number
}

export interface MemberRow {
  id: string
  groupId: string
  name: string
  email: string | null
  groupRole: GroupRole
}

export interface SessionRow {
  id: string
  groupId: string
  number: number
  scheduledAt: number
  status: SessionStatus
}

export interface InvitationRow {
  id: string
  memberId: string
  createdAt: number
  expiresAt: number
  revokedAt: number | null
}

export interface NewGroup {
  name: string
  cycleLength: number
  members: { name: string; email?: string | undefined; groupRole: GroupRole }[]
  now: number
}

/** Groups, members, sessions of a cycle and invitations. */
export interface AppData {
  /** Creates the group, its members (in order) and its first session, open now. */
  createGroup(
    input: NewGroup,
  ): Promise<{ group: GroupRow; members: MemberRow[]; session: SessionRow }>
  getGroup(groupId: string): Promise<GroupRow | null>
  /** The read API for authorization: the group's members, in creation order. */
  listMembers(groupId: string): Promise<{ id: string; name: string; groupRole: GroupRole }[]>
  listMemberRows(groupId: string): Promise<MemberRow[]>
  getMember(memberId: string): Promise<MemberRow | null>
  /** A session of a group; sessions made before groups existed (no group) do not count. */
  getSession(sessionId: string): Promise<SessionRow | null>
  listSessions(groupId: string): Promise<SessionRow[]>
  /** The session people join now: the first open one of the cycle. */
  currentSession(groupId: string): Promise<SessionRow | null>
  scheduleSession(groupId: string, scheduledAt: number, now: number): Promise<SessionRow>
  setSessionStatus(sessionId: string, status: SessionStatus): Promise<void>
  createInvitation(memberId: string, now: number, expiresAt: number): Promise<InvitationRow>
  getInvitation(invitationId: string): Promise<InvitationRow | null>
  listInvitations(groupId: string): Promise<InvitationRow[]>
  revokeInvitation(invitationId: string, now: number): Promise<void>
  /**
   * Deletes the group and everything of it — members, invitations, sessions and the
   * sessions' documents — in one transaction. Returns the session ids.
   */
  deleteGroup(groupId: string): Promise<string[]>
  /** Row counts of a group (and its documents), for tests and operators. */
  countGroupRows(groupId: string, sessionIds: readonly string[]): Promise<number>
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres'
  /** Where the data is, for the logs (a file path, or the database host and schema). */
  readonly location: string
  readonly documents: DocumentStore
  readonly app: AppData
  /** Called with the duration of each storage write, for the latency histogram. */
  observeLatency: (operation: StorageOperation, seconds: number) => void
  close(): Promise<void>
}
