/**
 * The session state: the one record (`codev_session:state`) that only the server
 * writes, as the result of `transition`. Clients never write it.
 */
import { z } from 'zod'
import { byIdentity } from './memo.ts'
import { PHASES, PhaseIdSchema } from './phases.ts'
import { type MemberId, MemberIdSchema, type RoleId, RoleIdSchema } from './roles.ts'
import { newTimer, TimerStateSchema } from './timer.ts'
import { TurnsSchema } from './turns.ts'

export const SESSION_STATE_ID = 'codev_session:state'

/** Dots per member when choosing the subject, unless the facilitator sets another number. */
export const DOTS_PER_MEMBER = 3
export const MAX_DOTS_PER_MEMBER = 10
export const SESSION_TYPE_NAME = 'codev_session'

export const SUBJECT_KINDS = ['preoccupation', 'probleme', 'projet'] as const
export const SubjectKindSchema = z.enum(SUBJECT_KINDS)
export type SubjectKind = z.infer<typeof SubjectKindSchema>

export const SubjectSchema = z.strictObject({
  kind: SubjectKindSchema,
  title: z.string().trim().min(1).max(200),
  why: z.string().max(2000).optional(),
})
export type Subject = z.infer<typeof SubjectSchema>

export const MemberSchema = z.strictObject({
  id: MemberIdSchema,
  name: z.string().max(100).optional(),
})
export type Member = z.infer<typeof MemberSchema>

export const HistoryEntrySchema = z.strictObject({
  kind: z.enum(['advance', 'back', 'skip', 'close']),
  from: PhaseIdSchema,
  to: PhaseIdSchema,
  by: MemberIdSchema,
  at: z.number().int().nonnegative(),
  /** Moved past an unconfirmed contract on the facilitator's explicit decision. */
  override: z.literal(true).optional(),
})
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>

/**
 * The session's evaluations, aggregated by the server from each member's private
 * evaluation: no member id, and a name only where its author signed.
 */
export const EvaluationSummarySchema = z.strictObject({
  count: z.number().int().nonnegative(),
  averageAppreciation: z.number().nullable(),
  averageMethodRespected: z.number().nullable(),
  comments: z.array(
    z.strictObject({ text: z.string().max(4000), author: z.string().max(100).nullable() }),
  ),
  regulateNextTime: z.array(z.string().max(4000)),
  /** The "4 A" beyond appréciation: attentes, apprentissages, applications. */
  expectations: z.array(z.string().max(4000)).default([]),
  learnings: z.array(z.string().max(4000)).default([]),
  applications: z.array(z.string().max(4000)).default([]),
})
export type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>

export const NO_EVALUATIONS: EvaluationSummary = {
  count: 0,
  averageAppreciation: null,
  averageMethodRespected: null,
  comments: [],
  regulateNextTime: [],
  expectations: [],
  learnings: [],
  applications: [],
}

/**
 * Duties a member may hold beside their role (METHOD.md, practice points): the
 * secretary writes the consultants' ideas so the client can listen, the
 * timekeeper runs the timer, the digital co-facilitator helps with the tool and
 * moves the steps only while the facilitator delegates it.
 */
export const DUTIES = ['secretary', 'timekeeper', 'coFacilitator'] as const
export type Duty = (typeof DUTIES)[number]
export const DutiesSchema = z.strictObject({
  secretary: MemberIdSchema.nullable(),
  timekeeper: MemberIdSchema.nullable(),
  coFacilitator: MemberIdSchema.nullable(),
  stepsDelegated: z.boolean(),
})
export type Duties = z.infer<typeof DutiesSchema>
export const NO_DUTIES: Duties = {
  secretary: null,
  timekeeper: null,
  coFacilitator: null,
  stepsDelegated: false,
}

export const SessionStateSchema = z.strictObject({
  id: z.literal(SESSION_STATE_ID),
  typeName: z.literal(SESSION_TYPE_NAME),
  sessionId: z.string().min(1).max(128),
  phase: PhaseIdSchema,
  status: z.enum(['open', 'closed']),
  roles: z.record(z.string(), RoleIdSchema),
  members: z.array(MemberSchema),
  clientId: MemberIdSchema.nullable(),
  subject: SubjectSchema.nullable(),
  skipped: z.array(PhaseIdSchema),
  history: z.array(HistoryEntrySchema),
  timer: TimerStateSchema,
  /** Consultants who confirmed the contract. */
  contractConfirmations: z.array(MemberIdSchema),
  /** Dots each member places in the subject vote (default for states written before it existed). */
  dotsPerMember: z.number().int().min(1).max(MAX_DOTS_PER_MEMBER).default(DOTS_PER_MEMBER),
  /** Consultants write alone, in private drafts, until the facilitator reveals them. */
  silentWriting: z.boolean().default(false),
  evaluations: EvaluationSummarySchema.default(NO_EVALUATIONS),
  duties: DutiesSchema.default(NO_DUTIES),
  /** Members who accepted the group's rules at this session's start (confidentiality, benevolence…). */
  rulesAccepted: z.array(MemberIdSchema).default([]),
  /** The client's signals during the consultation: discomfort, or a request to refocus. */
  signals: z
    .array(
      z.strictObject({
        kind: z.enum(['discomfort', 'refocus']),
        by: MemberIdSchema,
        at: z.number().int().nonnegative(),
      }),
    )
    .default([]),
  /** Who receives the session report: the whole group, or the client alone (the client decides). */
  reportAudience: z.enum(['group', 'client']).default('group'),
  /** The running turn order (tours de parole), if any. */
  turns: TurnsSchema.nullable().default(null),
  /** Which consultation of its meeting this is, and the other one's session id (meetings.ts). */
  meeting: z
    .strictObject({
      consultation: z.union([z.literal(1), z.literal(2)]),
      other: z.string().nullable(),
    })
    .default({ consultation: 1, other: null }),
  firstSessionOfGroup: z.boolean(),
})
export type SessionState = z.infer<typeof SessionStateSchema>

export interface InitialSessionInput {
  sessionId: string
  facilitatorId: MemberId
  /** Everyone but the facilitator starts as a consultant; the client is chosen later. */
  members: Member[]
  firstSessionOfGroup: boolean
  /** Kept for symmetry with `transition`; the initial state records no time. */
  now: number
}

export function initialSessionState(input: InitialSessionInput): SessionState {
  const roles: Record<string, RoleId> = {}
  for (const member of input.members) roles[member.id] = 'consultant'
  roles[input.facilitatorId] = 'facilitator'
  const members = input.members.some((m) => m.id === input.facilitatorId)
    ? input.members
    : [{ id: input.facilitatorId }, ...input.members]
  return {
    id: SESSION_STATE_ID,
    typeName: SESSION_TYPE_NAME,
    sessionId: input.sessionId,
    phase: 'welcome',
    status: 'open',
    roles,
    members,
    clientId: null,
    subject: null,
    skipped: [],
    history: [],
    timer: newTimer(PHASES.welcome.defaultDurationMin),
    contractConfirmations: [],
    dotsPerMember: DOTS_PER_MEMBER,
    silentWriting: false,
    evaluations: NO_EVALUATIONS,
    duties: NO_DUTIES,
    turns: null,
    rulesAccepted: [],
    signals: [],
    reportAudience: 'group',
    meeting: { consultation: 1, other: null },
    firstSessionOfGroup: input.firstSessionOfGroup,
  }
}

/** The session state out of a stored value (the root map's `codev_session:state`), or null. Remembered per object (`byIdentity`): never mutate the result. */
export const parseSessionState: (value: unknown) => SessionState | null = byIdentity((value) => {
  const parsed = SessionStateSchema.safeParse(value)
  return parsed.success ? parsed.data : null
})

/** Does this member hold this duty in the session? */
export function holdsDuty(state: SessionState, memberId: string, duty: Duty): boolean {
  return state.duties[duty] === memberId
}

/** The role the session gives a member; unknown members only watch. */
export function roleOf(state: SessionState, memberId: string): RoleId {
  return state.roles[memberId] ?? 'observer'
}

export function consultantsOf(state: SessionState): MemberId[] {
  return state.members.filter((m) => state.roles[m.id] === 'consultant').map((m) => m.id)
}
