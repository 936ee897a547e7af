/**
 * Meetings: one meeting of the group holds one or two consultations in sequence
 * (two clients), sharing the opening round (welcome, retour, choix du sujet).
 * Each consultation is a session of its own — its own document, six steps and
 * report — and the second one belongs to the first's meeting. This module says
 * when the facilitator may start a second consultation, what state it starts in,
 * and which sessions a meeting's retour follows up. Pure: no I/O.
 */
import { z } from 'zod'
import { PHASES, type PhaseId } from './phases.ts'
import type { MemberId } from './roles.ts'
import { NO_EVALUATIONS, type SessionState, type Subject, SubjectSchema } from './sessionState.ts'
import { newTimer } from './timer.ts'

export const CONSULTATIONS_PER_MEETING_MAX = 2
export const ConsultationNumberSchema = z.union([z.literal(1), z.literal(2)])
export type ConsultationNumber = z.infer<typeof ConsultationNumberSchema>

/** The steps the consultations of one meeting share: done once, in the first. */
export const OPENING_ROUND: readonly PhaseId[] = ['welcome', 'retour', 'choix-sujet']

/** The phase a second consultation starts in: its client and subject are already set. */
export const SECOND_CONSULTATION_START: PhaseId = 'expose'

export const StartSecondConsultationRequestSchema = z.strictObject({
  clientId: z.string().min(1).max(64),
  subject: SubjectSchema,
})
export type StartSecondConsultationRequest = z.infer<typeof StartSecondConsultationRequestSchema>

/** A session's place in its meeting; a session alone is consultation 1 of its own meeting. */
export interface ConsultationLink {
  sessionId: string
  number: number
  meetingId: string
  consultation: ConsultationNumber
}

export const MEETING_REFUSALS = [
  'meeting/not-first',
  'meeting/full',
  'meeting/no-first-client',
  'meeting/same-client',
  'meeting/client-not-member',
] as const
export type MeetingRefusal = (typeof MEETING_REFUSALS)[number]

export const MEETING_REFUSAL_TEXT: Record<MeetingRefusal, { fr: string; en: string }> = {
  'meeting/not-first': {
    fr: 'Seule la première consultation d’une rencontre peut en ouvrir une seconde.',
    en: 'Only a meeting’s first consultation can open a second one.',
  },
  'meeting/full': {
    fr: 'Cette rencontre a déjà deux consultations.',
    en: 'This meeting already holds two consultations.',
  },
  'meeting/no-first-client': {
    fr: 'Confirmez d’abord le client et le sujet de la première consultation.',
    en: 'First confirm the first consultation’s client and subject.',
  },
  'meeting/same-client': {
    fr: 'Le client de la seconde consultation doit être une autre personne.',
    en: 'The second consultation needs another client.',
  },
  'meeting/client-not-member': {
    fr: 'Le client doit être un membre du groupe (ni l’animateur, ni un observateur).',
    en: 'The client must be a group member (neither the facilitator nor an observer).',
  },
}

export type MeetingVerdict = { ok: true } | { ok: false; error: MeetingRefusal }

/**
 * May the facilitator start a second consultation in the meeting of `first`?
 * `meeting` is every consultation already in that meeting. The first's client
 * and subject must be confirmed, so the opening round is over.
 */
export function canStartSecondConsultation(
  first: SessionState,
  firstLink: ConsultationLink,
  meeting: readonly ConsultationLink[],
  clientId: string,
): MeetingVerdict {
  if (firstLink.consultation !== 1) return { ok: false, error: 'meeting/not-first' }
  if (meeting.length >= CONSULTATIONS_PER_MEETING_MAX) return { ok: false, error: 'meeting/full' }
  if (first.clientId === null) return { ok: false, error: 'meeting/no-first-client' }
  if (first.clientId === clientId) return { ok: false, error: 'meeting/same-client' }
  if (!secondConsultationCandidates(first).includes(clientId as MemberId)) {
    return { ok: false, error: 'meeting/client-not-member' }
  }
  return { ok: true }
}

/** Who may be the second consultation's client: the first's consultants (not the facilitator, not observers). */
export function secondConsultationCandidates(first: SessionState): MemberId[] {
  return first.members
    .filter((member) => member.id !== first.clientId && first.roles[member.id] === 'consultant')
    .map((member) => member.id)
}

/**
 * Does this board offer its facilitator to open a second consultation? The same
 * conditions the server checks, read from the state (which records the meeting).
 */
export function canOfferSecondConsultation(state: SessionState): boolean {
  return (
    state.meeting.consultation === 1 &&
    state.meeting.other === null &&
    state.clientId !== null &&
    secondConsultationCandidates(state).length > 0
  )
}

/**
 * The second consultation's first state: the same members, duties and accepted
 * rules as the first (the opening round is shared), the new client and subject,
 * at the exposé; the opening round's steps are recorded as skipped.
 */
export function secondConsultationState(
  first: SessionState,
  input: { sessionId: string; clientId: MemberId; subject: Subject },
): SessionState {
  const roles: SessionState['roles'] = {}
  for (const [memberId, role] of Object.entries(first.roles)) {
    roles[memberId] = role === 'client' ? 'consultant' : role
  }
  roles[input.clientId] = 'client'
  return {
    ...first,
    sessionId: input.sessionId,
    phase: SECOND_CONSULTATION_START,
    status: 'open',
    roles,
    clientId: input.clientId,
    subject: input.subject,
    skipped: [...OPENING_ROUND],
    history: [],
    timer: newTimer(PHASES[SECOND_CONSULTATION_START].defaultDurationMin),
    contractConfirmations: [],
    silentWriting: false,
    evaluations: NO_EVALUATIONS,
    signals: [],
    reportAudience: 'group',
    turns: null,
    meeting: { consultation: 2, other: first.sessionId },
    firstSessionOfGroup: false,
  }
}

/** Every session's meeting, in cycle order; sessions with no link are meetings of their own. */
export function meetingsOf(links: readonly ConsultationLink[]): ConsultationLink[][] {
  const meetings = new Map<string, ConsultationLink[]>()
  for (const link of [...links].sort((a, b) => a.number - b.number)) {
    const meeting = meetings.get(link.meetingId) ?? []
    meeting.push(link)
    meetings.set(link.meetingId, meeting)
  }
  return [...meetings.values()]
}

/**
 * The sessions whose action plans come back in this session's retour: every
 * consultation of the previous meeting. A second consultation has no retour of
 * its own (the first held it), so it follows up nothing.
 */
export function sessionsToFollowUp(
  links: readonly ConsultationLink[],
  sessionId: string,
): ConsultationLink[] {
  const self = links.find((link) => link.sessionId === sessionId)
  if (self?.consultation !== 1) return []
  const meetings = meetingsOf(links)
  const index = meetings.findIndex((meeting) => meeting[0]?.meetingId === self.meetingId)
  return index > 0 ? meetings[index - 1]! : []
}

/** The other consultation of the same meeting, if any (the board links to it). */
export function otherConsultation(
  links: readonly ConsultationLink[],
  sessionId: string,
): ConsultationLink | null {
  const self = links.find((link) => link.sessionId === sessionId)
  if (!self) return null
  return (
    links.find((link) => link.meetingId === self.meetingId && link.sessionId !== sessionId) ?? null
  )
}
