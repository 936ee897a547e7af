/**
 * The HTTP API's request and response shapes (zod), shared by the server that
 * validates them and the web app that sends them. Pure data: no I/O.
 * Dates travel as epoch milliseconds; ids are opaque strings.
 */
import { z } from 'zod'
import { SubjectSchema } from './sessionState.ts'

/** A member's standing in the group (the role in one session — client, consultant — is separate). */
export const GROUP_ROLES = ['facilitator', 'member', 'observer'] as const
export const GroupRoleSchema = z.enum(GROUP_ROLES)
export type GroupRole = z.infer<typeof GroupRoleSchema>

export const CYCLE_LENGTH_MIN = 5
export const CYCLE_LENGTH_MAX = 8
export const GROUP_MEMBERS_MAX = 12

const PersonNameSchema = z.string().trim().min(1).max(60)
const EmailSchema = z.email().max(200)

export const NewMemberSchema = z.strictObject({
  name: PersonNameSchema,
  email: EmailSchema.optional(),
  groupRole: z.enum(['member', 'observer']).default('member'),
})
export type NewMember = z.infer<typeof NewMemberSchema>

export const CreateGroupRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  cycleLength: z.number().int().min(CYCLE_LENGTH_MIN).max(CYCLE_LENGTH_MAX),
  facilitator: z.strictObject({ name: PersonNameSchema, email: EmailSchema.optional() }),
  members: z.array(NewMemberSchema).min(1).max(GROUP_MEMBERS_MAX),
})
export type CreateGroupRequest = z.input<typeof CreateGroupRequestSchema>

export const MemberViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  groupRole: GroupRoleSchema,
  /** Shown to the facilitator only. */
  email: z.string().optional(),
})
export type MemberView = z.infer<typeof MemberViewSchema>

export const SESSION_STATUSES = ['open', 'closed'] as const
export const SessionStatusSchema = z.enum(SESSION_STATUSES)
export type SessionStatus = z.infer<typeof SessionStatusSchema>

export const SessionViewSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  /** 1-based position in the group's cycle. */
  number: z.number().int().positive(),
  scheduledAt: z.number().int(),
  status: SessionStatusSchema,
  /** The session's client and subject, once the facilitator has confirmed them. */
  clientId: z.string().nullable().optional(),
  subject: SubjectSchema.nullable().optional(),
  /** The meeting's first consultation (this session's own id when it is the first). */
  meetingId: z.string().optional(),
  /** 1, or 2 for a meeting's second consultation (meetings.ts). */
  consultation: z.union([z.literal(1), z.literal(2)]).optional(),
  /** When retention purged its contents (retention.ts), or null. */
  purgedAt: z.number().int().nullable().optional(),
})
export type SessionView = z.infer<typeof SessionViewSchema>

export const InvitationViewSchema = z.object({
  id: z.string(),
  memberId: z.string(),
  expiresAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
})
export type InvitationView = z.infer<typeof InvitationViewSchema>

/** A freshly issued invitation: the token is shown once, inside the join path. */
export const IssuedInvitationSchema = z.object({
  invitation: InvitationViewSchema,
  memberId: z.string(),
  token: z.string(),
  /** `/join/<token>`: append to the server's origin. */
  joinPath: z.string(),
})
export type IssuedInvitation = z.infer<typeof IssuedInvitationSchema>

export const GroupViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  cycleLength: z.number().int(),
  createdAt: z.number().int(),
  members: z.array(MemberViewSchema),
  sessions: z.array(SessionViewSchema),
  /** The open session people join now, or null when every session is closed. */
  currentSessionId: z.string().nullable(),
  /** Member ids who have been client in this cycle, in order (empty until sessions record it). */
  clientHistory: z.array(z.string()),
  /** Facilitator only: every invitation of the group. */
  invitations: z.array(InvitationViewSchema).optional(),
})
export type GroupView = z.infer<typeof GroupViewSchema>

export const CreateGroupResponseSchema = z.object({
  group: GroupViewSchema,
  invitations: z.array(IssuedInvitationSchema),
})
export type CreateGroupResponse = z.infer<typeof CreateGroupResponseSchema>

export const ScheduleSessionRequestSchema = z.strictObject({
  scheduledAt: z.number().int().min(0),
})
export type ScheduleSessionRequest = z.infer<typeof ScheduleSessionRequestSchema>

export const UpdateSessionRequestSchema = z.strictObject({ status: SessionStatusSchema })
export type UpdateSessionRequest = z.infer<typeof UpdateSessionRequestSchema>

export const CreateInvitationRequestSchema = z.strictObject({ memberId: z.string().min(1).max(64) })
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequestSchema>

export const MeResponseSchema = z.object({
  member: z.object({
    id: z.string(),
    groupId: z.string(),
    name: z.string(),
    groupRole: GroupRoleSchema,
  }),
  group: z.object({ id: z.string(), name: z.string() }),
  invitation: z.object({ id: z.string(), expiresAt: z.number().int() }),
  currentSessionId: z.string().nullable(),
})
export type MeResponse = z.infer<typeof MeResponseSchema>

/** Every API error: a stable code for programs, a message for people. */
export const ApiErrorSchema = z.object({ error: z.string(), message: z.string() })
export type ApiError = z.infer<typeof ApiErrorSchema>

/** Why a WebSocket connection was refused (authenticationFailed reason) or closed. */
export const CONNECTION_REFUSALS = [
  'token/missing',
  'token/invalid',
  'token/expired',
  'token/revoked',
  'session/not-found',
  'session/not-member',
] as const
export type ConnectionRefusal = (typeof CONNECTION_REFUSALS)[number]

/** A journal entry the member adds from the journal page, in the current session's journal. */
export const NewJournalEntryRequestSchema = z.strictObject({
  text: z.string().trim().min(1).max(4000),
  shared: z.boolean().default(false),
})
export type NewJournalEntryRequest = z.input<typeof NewJournalEntryRequestSchema>

/** Sharing (with the facilitator) or unsharing one of one's own entries. */
export const ShareJournalEntryRequestSchema = z.strictObject({ shared: z.boolean() })

/** The caller's journal: their entries and their learning notes, from every session. */
export const JournalResponseSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      shared: z.boolean(),
      at: z.number(),
      sessionId: z.string(),
      sessionNumber: z.number().int(),
      authorName: z.string(),
    }),
  ),
  /** The member's own learning notes on the boards (absent in the facilitator's shared view). */
  learnings: z
    .array(
      z.object({
        id: z.string(),
        sessionId: z.string(),
        sessionNumber: z.number().int(),
        text: z.string(),
      }),
    )
    .optional(),
})
export type JournalResponse = z.infer<typeof JournalResponseSchema>
