/**
 * The cycle summary, for the facilitator: every session of the cycle with its
 * client, subject and action plan, each action's follow-up as the next retour
 * recorded it, and the evaluation trend (average appréciation and respect of the
 * method per session) — the data of the summary page and its chart. Pure: built
 * from the sessions' rows and their documents' records.
 */
import { z } from 'zod'
import { carriedActionId } from './carryOver.ts'
import { CodevShapeSchema } from './records.ts'
import type { MemberId } from './roles.ts'
import { notYetClients } from './rotation.ts'
import { parseSessionState, SubjectSchema } from './sessionState.ts'

export const FOLLOW_UP_STATUSES = ['done', 'in-progress', 'dropped'] as const

export const CycleActionSchema = z.object({
  id: z.string(),
  what: z.string(),
  dueDate: z.string().nullable(),
  /** The latest follow-up recorded in a later retour; null until there is one. */
  followUp: z.enum(FOLLOW_UP_STATUSES).nullable(),
  comment: z.string(),
})
export type CycleAction = z.infer<typeof CycleActionSchema>

export const CycleSessionSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  scheduledAt: z.number().int(),
  status: z.enum(['open', 'closed']),
  consultation: z.union([z.literal(1), z.literal(2)]),
  purged: z.boolean(),
  client: z.string().nullable(),
  subject: SubjectSchema.nullable(),
  actions: z.array(CycleActionSchema),
  evaluation: z.object({
    count: z.number().int(),
    appreciation: z.number().nullable(),
    methodRespected: z.number().nullable(),
  }),
})
export type CycleSession = z.infer<typeof CycleSessionSchema>

export const CycleSummarySchema = z.object({
  groupName: z.string(),
  cycleLength: z.number().int(),
  sessions: z.array(CycleSessionSchema),
  /** Members (names) not yet client in this cycle. */
  notYetClients: z.array(z.string()),
  actionTotals: z.object({
    total: z.number().int(),
    done: z.number().int(),
    inProgress: z.number().int(),
    dropped: z.number().int(),
    open: z.number().int(),
  }),
})
export type CycleSummary = z.infer<typeof CycleSummarySchema>

export interface CycleSessionInput {
  id: string
  number: number
  scheduledAt: number
  status: 'open' | 'closed'
  consultation: 1 | 2
  purgedAt: number | null
  /** The session document's records (empty if it never opened). */
  records: readonly unknown[]
}

export function buildCycleSummary(
  group: { name: string; cycleLength: number },
  members: readonly { id: string; name: string; groupRole: string }[],
  sessions: readonly CycleSessionInput[],
): CycleSummary {
  const ordered = [...sessions].sort((a, b) => a.number - b.number)
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id
  // Every follow-up of the cycle, by the action it is about (the latest wins).
  const followUps = new Map<string, { status: CycleAction['followUp']; comment: string }>()
  for (const session of ordered) {
    for (const value of session.records) {
      const shape = CodevShapeSchema.safeParse(value)
      const followUp = shape.success ? shape.data.meta.followUp : undefined
      if (!followUp?.actionId) continue
      followUps.set(followUp.actionId, {
        status: followUp.status,
        comment: followUp.comment ?? '',
      })
    }
  }
  const pastClients: MemberId[] = []
  const summarized = ordered.map((session): CycleSession => {
    const state = session.records.map(parseSessionState).find((parsed) => parsed !== null)
    if (state?.clientId) pastClients.push(state.clientId)
    const actions: CycleAction[] = []
    for (const value of session.records) {
      const shape = CodevShapeSchema.safeParse(value)
      if (!shape.success || shape.data.meta.kind !== 'action') continue
      // Cards carried into a retour are the previous session's actions, not this one's.
      if (shape.data.meta.phase === 'retour') continue
      const action = shape.data.meta.action!
      const followUp =
        followUps.get(carriedActionId(shape.data.id)) ?? followUps.get(shape.data.id) ?? null
      actions.push({
        id: shape.data.id,
        what: action.what,
        dueDate: action.dueDate ?? null,
        followUp: followUp?.status ?? null,
        comment: followUp?.comment ?? '',
      })
    }
    return {
      id: session.id,
      number: session.number,
      scheduledAt: session.scheduledAt,
      status: session.status,
      consultation: session.consultation,
      purged: session.purgedAt !== null,
      client: state?.clientId ? nameOf(state.clientId) : null,
      subject: state?.subject ?? null,
      actions,
      evaluation: {
        count: state?.evaluations.count ?? 0,
        appreciation: state?.evaluations.averageAppreciation ?? null,
        methodRespected: state?.evaluations.averageMethodRespected ?? null,
      },
    }
  })
  const all = summarized.flatMap((session) => session.actions)
  const count = (status: CycleAction['followUp']) => all.filter((a) => a.followUp === status).length
  return {
    groupName: group.name,
    cycleLength: group.cycleLength,
    sessions: summarized,
    notYetClients: notYetClients(
      members.filter((m) => m.groupRole === 'member').map((m) => m.id as MemberId),
      pastClients,
    ).map(nameOf),
    actionTotals: {
      total: all.length,
      done: count('done'),
      inProgress: count('in-progress'),
      dropped: count('dropped'),
      open: count(null),
    },
  }
}
