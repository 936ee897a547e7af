/**
 * Retention: the facilitator sets how long a group keeps its sessions' contents.
 * Past that period the server purges a session — its notes, its members' private
 * spaces, the subject and evaluation texts — and keeps what the group decided to
 * keep: the action plan (if the group says so) and the client's consent (who
 * receives the report), with the client's name for the rotation. Every purge and
 * every export is written in the group's log, which only the facilitator reads.
 * Pure: which sessions are due, which records go, what the state keeps.
 */
import { z } from 'zod'
import { CodevShapeSchema } from './records.ts'
import type { SessionState } from './sessionState.ts'

export const DAY_MS = 24 * 60 * 60 * 1000
export const RETENTION_DAYS_MIN = 1
/** Ten years: beyond that a group would rather keep everything (null). */
export const RETENTION_DAYS_MAX = 3650
/** How often the server looks for sessions past their retention. */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000

export const RetentionSettingsSchema = z.strictObject({
  /** Days after a session's date when its contents are purged; null keeps them. */
  retentionDays: z.number().int().min(RETENTION_DAYS_MIN).max(RETENTION_DAYS_MAX).nullable(),
  /** Keep the action plan after the purge (it feeds the next retour and the cycle summary). */
  keepActionPlan: z.boolean(),
})
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>

export const DEFAULT_RETENTION: RetentionSettings = { retentionDays: null, keepActionPlan: true }

/** Is this session past the group's retention and not purged yet? */
export function isDueForPurge(
  session: { scheduledAt: number; purgedAt: number | null },
  settings: RetentionSettings,
  now: number,
): boolean {
  if (settings.retentionDays === null || session.purgedAt !== null) return false
  return now - session.scheduledAt >= settings.retentionDays * DAY_MS
}

/**
 * The ids of the session document's records that the purge removes: every note
 * and binding, except the actions when the group keeps its action plans. The
 * tldraw document, page and the session state stay (the state is rewritten by
 * `purgedSessionState`).
 */
export function recordsToPurge(records: Iterable<unknown>, keepActionPlan: boolean): string[] {
  const ids: string[] = []
  for (const value of records) {
    if (typeof value !== 'object' || value === null) continue
    const { id, typeName } = value as { id?: unknown; typeName?: unknown }
    if (typeof id !== 'string') continue
    if (typeName === 'shape') {
      const shape = CodevShapeSchema.safeParse(value)
      if (keepActionPlan && shape.success && shape.data.meta.kind === 'action') continue
      ids.push(id)
    } else if (typeName === 'binding' || typeName === 'codev_vote' || typeName === 'asset') {
      ids.push(id)
    }
  }
  return ids
}

/** The state after a purge: no subject, no written evaluation or signal; the consent stays. */
export function purgedSessionState(state: SessionState): SessionState {
  return {
    ...state,
    subject: null,
    evaluations: {
      ...state.evaluations,
      comments: [],
      regulateNextTime: [],
      expectations: [],
      learnings: [],
      applications: [],
    },
    signals: [],
    turns: null,
  }
}

export const GROUP_LOG_KINDS = [
  'purge',
  'export/report',
  'export/journal',
  'retention/set',
  'meeting/second-consultation',
] as const
export const GroupLogKindSchema = z.enum(GROUP_LOG_KINDS)
export type GroupLogKind = z.infer<typeof GroupLogKindSchema>

export const GroupLogEntrySchema = z.object({
  at: z.number().int(),
  kind: GroupLogKindSchema,
  /** The member who did it; null for the server's own purges. */
  actorId: z.string().nullable(),
  sessionId: z.string().nullable(),
  /** Language-neutral figures: days / "plan", "#<session> −<records removed>", "md fr", "pdf", entry count. */
  detail: z.string(),
})
export type GroupLogEntry = z.infer<typeof GroupLogEntrySchema>

export const GroupLogResponseSchema = z.object({ entries: z.array(GroupLogEntrySchema) })
export type GroupLogResponse = z.infer<typeof GroupLogResponseSchema>
