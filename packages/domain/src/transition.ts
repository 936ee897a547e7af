/**
 * The session's state machine: one pure function from (state, command, actor,
 * clock) to a new state and events, or an error code. The server runs it for the
 * facilitator's and consultants' commands and writes the result; nothing else
 * writes the session state.
 *
 * Auth, then validation, then resolution — in that order in every branch. The
 * actor's role is read from the state, never trusted from the command's sender.
 */
import { z } from 'zod'
import type { DomainErrorCode } from './errors.ts'
import { PHASE_IDS, PHASES, type PhaseId, phaseIndex } from './phases.ts'
import { type Actor, MemberIdSchema, type RoleId, RoleIdSchema } from './roles.ts'
import {
  consultantsOf,
  DUTIES,
  type Duty,
  type HistoryEntry,
  holdsDuty,
  MAX_DOTS_PER_MEMBER,
  roleOf,
  type SessionState,
  SubjectSchema,
} from './sessionState.ts'
import { newTimer, timerExtend, timerPause, timerStart } from './timer.ts'
import {
  lowerHand,
  nextTurn,
  raiseHand,
  startTurns,
  TURN_MODES,
  type Turns,
  turnView,
} from './turns.ts'

export const MAX_EXTEND_MIN = 60

export const CommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('next'), override: z.literal(true).optional() }),
  z.strictObject({ type: z.literal('back') }),
  z.strictObject({ type: z.literal('skip') }),
  z.strictObject({ type: z.literal('assignRole'), memberId: MemberIdSchema, role: RoleIdSchema }),
  z.strictObject({
    type: z.literal('setClientAndSubject'),
    clientId: MemberIdSchema,
    subject: SubjectSchema,
  }),
  z.strictObject({ type: z.literal('confirmContract') }),
  z.strictObject({ type: z.literal('timerStart') }),
  z.strictObject({ type: z.literal('timerPause') }),
  z.strictObject({
    type: z.literal('timerExtend'),
    minutes: z.number().int().min(1).max(MAX_EXTEND_MIN),
  }),
  z.strictObject({ type: z.literal('close') }),
  z.strictObject({
    type: z.literal('setDots'),
    dots: z.number().int().min(1).max(MAX_DOTS_PER_MEMBER),
  }),
  z.strictObject({ type: z.literal('setSilentWriting'), on: z.boolean() }),
  z.strictObject({ type: z.literal('reveal') }),
  z.strictObject({
    type: z.literal('assignDuty'),
    duty: z.enum(DUTIES),
    memberId: MemberIdSchema.nullable(),
  }),
  z.strictObject({ type: z.literal('delegateSteps'), on: z.boolean() }),
  z.strictObject({ type: z.literal('startTurns'), mode: z.enum(TURN_MODES) }),
  z.strictObject({ type: z.literal('raiseHand') }),
  z.strictObject({ type: z.literal('lowerHand') }),
  z.strictObject({ type: z.literal('nextTurn') }),
  z.strictObject({ type: z.literal('endTurns') }),
  z.strictObject({ type: z.literal('acceptRules') }),
  z.strictObject({ type: z.literal('signal'), kind: z.enum(['discomfort', 'refocus']) }),
  z.strictObject({ type: z.literal('setReportAudience'), audience: z.enum(['group', 'client']) }),
])
export type Command = z.infer<typeof CommandSchema>

export type SessionEvent =
  | { type: 'phase-changed'; from: PhaseId; to: PhaseId; kind: HistoryEntry['kind'] }
  | { type: 'role-changed'; memberId: string; role: RoleId }
  | { type: 'subject-set'; clientId: string }
  | { type: 'contract-confirmed'; memberId: string }
  | { type: 'timer-changed' }
  | { type: 'session-closed' }
  | { type: 'dots-changed'; dots: number }
  | { type: 'silent-writing-changed'; on: boolean }
  | { type: 'duty-changed'; duty: Duty; memberId: string | null }
  | { type: 'turns-changed'; speaker: string | null }
  | { type: 'rules-accepted'; memberId: string }
  | { type: 'signalled'; kind: 'discomfort' | 'refocus' }
  | { type: 'report-audience-changed'; audience: 'group' | 'client' }
  /** Silent writing ended (by `reveal` or by leaving the step): the server publishes every draft. */
  | { type: 'drafts-revealed' }

export type TransitionResult =
  | { ok: true; state: SessionState; events: SessionEvent[] }
  | { ok: false; error: DomainErrorCode }

/** Phases where the client and subject may still be set, and the dots of the subject vote. */
const SUBJECT_PHASES: readonly PhaseId[] = ['welcome', 'retour', 'choix-sujet']

/** Steps whose round of turns is the consultants' alone. */
const CONSULTANTS_SPEAK: readonly PhaseId[] = ['clarification', 'consultation']

const TIMER_COMMANDS: readonly Command['type'][] = ['timerStart', 'timerPause', 'timerExtend']
const STEP_COMMANDS: readonly Command['type'][] = ['next', 'back', 'skip']

/** Phases where consultants may first write alone (silent writing). */
export const SILENT_WRITING_PHASES: readonly PhaseId[] = ['clarification', 'consultation']

const fail = (error: DomainErrorCode): TransitionResult => ({ ok: false, error })

function withTurns(state: SessionState, turns: Turns | null): TransitionResult {
  return {
    ok: true,
    state: { ...state, turns },
    events: [{ type: 'turns-changed', speaker: turnView(turns).speaker }],
  }
}

function moveTo(
  state: SessionState,
  to: PhaseId,
  kind: HistoryEntry['kind'],
  actor: Actor,
  now: number,
  override: boolean,
): TransitionResult {
  const entry: HistoryEntry = { kind, from: state.phase, to, by: actor.memberId, at: now }
  if (override) entry.override = true
  const next: SessionState = {
    ...state,
    phase: to,
    history: [...state.history, entry],
    timer: newTimer(PHASES[to].defaultDurationMin),
    skipped: kind === 'skip' ? [...state.skipped, state.phase] : state.skipped,
    silentWriting: false,
    turns: null,
  }
  const events: SessionEvent[] = [{ type: 'phase-changed', from: state.phase, to, kind }]
  // Leaving a step never strands its drafts: they are revealed first.
  if (state.silentWriting) events.unshift({ type: 'drafts-revealed' })
  return { ok: true, state: next, events }
}

function subjectChosen(state: SessionState): boolean {
  return state.clientId !== null && state.subject !== null
}

function withRole(state: SessionState, memberId: string, role: RoleId): SessionState {
  const roles = { ...state.roles }
  let clientId = state.clientId
  if (role === 'client') {
    // One client per session: the previous one goes back to consulting.
    if (clientId !== null && clientId !== memberId) roles[clientId] = 'consultant'
    clientId = memberId as SessionState['clientId']
  } else if (clientId === memberId) {
    clientId = null
  }
  roles[memberId] = role
  return { ...state, roles, clientId }
}

export function transition(
  state: SessionState,
  /** Validated again here: the server passes what a client sent. */
  input: Command,
  actor: Actor,
  now: number,
): TransitionResult {
  if (state.status === 'closed') return fail('session/closed')
  const parsed = CommandSchema.safeParse(input)
  if (!parsed.success) return fail('command/invalid')
  const command = parsed.data
  const role = roleOf(state, actor.memberId)

  if (command.type === 'confirmContract') {
    if (role !== 'consultant') return fail('contract/not-consultant')
    if (state.phase !== 'contrat') return fail('contract/wrong-phase')
    const confirmations = state.contractConfirmations.includes(actor.memberId)
      ? state.contractConfirmations
      : [...state.contractConfirmations, actor.memberId]
    return {
      ok: true,
      state: { ...state, contractConfirmations: confirmations },
      events: [{ type: 'contract-confirmed', memberId: actor.memberId }],
    }
  }

  // Each member accepts the group's rules for themselves.
  if (command.type === 'acceptRules') {
    if (role === 'observer') return fail('role/observer')
    const accepted = state.rulesAccepted.includes(actor.memberId)
      ? state.rulesAccepted
      : [...state.rulesAccepted, actor.memberId]
    return {
      ok: true,
      state: { ...state, rulesAccepted: accepted },
      events: [{ type: 'rules-accepted', memberId: actor.memberId }],
    }
  }

  // The client's own decisions: signals during the consultation, and the report's audience.
  if (command.type === 'signal') {
    if (role !== 'client' || state.phase !== 'consultation') return fail('signal/not-client')
    const signal = { kind: command.kind, by: actor.memberId, at: now }
    return {
      ok: true,
      state: { ...state, signals: [...state.signals, signal] },
      events: [{ type: 'signalled', kind: command.kind }],
    }
  }
  if (command.type === 'setReportAudience') {
    if (role !== 'client') return fail('report/not-client')
    return {
      ok: true,
      state: { ...state, reportAudience: command.audience },
      events: [{ type: 'report-audience-changed', audience: command.audience }],
    }
  }

  // Members take part in the turns; the speaker hands over when done.
  if (command.type === 'raiseHand' || command.type === 'lowerHand' || command.type === 'nextTurn') {
    if (role === 'observer') return fail('role/observer')
    const turns = state.turns
    if (turns === null) return fail('turns/none')
    if (command.type === 'nextTurn') {
      if (role !== 'facilitator' && turnView(turns).speaker !== actor.memberId) {
        return fail('turns/not-your-turn')
      }
      return withTurns(state, nextTurn(turns))
    }
    if (turns.mode !== 'queue') return fail('turns/not-queue')
    const hand = command.type === 'raiseHand' ? raiseHand : lowerHand
    return withTurns(state, hand(turns, actor.memberId))
  }

  // Every other command is the facilitator's, but for the timer (the timekeeper's
  // too) and the steps (the co-facilitator's too, while delegated).
  if (role !== 'facilitator') {
    const me = actor.memberId
    const timekeeping = TIMER_COMMANDS.includes(command.type) && holdsDuty(state, me, 'timekeeper')
    const stepping = STEP_COMMANDS.includes(command.type) && holdsDuty(state, me, 'coFacilitator')
    if (stepping && !state.duties.stepsDelegated) return fail('step/not-delegated')
    if (!timekeeping && !stepping) return fail('step/not-facilitator')
  }
  const index = phaseIndex(state.phase)

  switch (command.type) {
    case 'next': {
      const to = PHASE_IDS[index + 1]
      if (to === undefined) return fail('step/no-next')
      if (state.phase === 'choix-sujet' && !subjectChosen(state)) {
        return fail('step/subject-missing')
      }
      let override = false
      if (state.phase === 'contrat') {
        const missing = consultantsOf(state).some((id) => !state.contractConfirmations.includes(id))
        if (missing && command.override !== true) return fail('step/contract-unconfirmed')
        override = missing
      }
      return moveTo(state, to, 'advance', actor, now, override)
    }
    case 'back': {
      const to = PHASE_IDS[index - 1]
      if (to === undefined) return fail('step/no-previous')
      return moveTo(state, to, 'back', actor, now, false)
    }
    case 'skip': {
      const skippable =
        (state.phase === 'retour' && state.firstSessionOfGroup) ||
        (state.phase === 'choix-sujet' && subjectChosen(state))
      if (!skippable) return fail('step/not-skippable')
      return moveTo(state, PHASE_IDS[index + 1]!, 'skip', actor, now, false)
    }
    case 'assignRole': {
      if (!state.members.some((m) => m.id === command.memberId)) return fail('role/unknown-member')
      if (command.role === 'facilitator' || roleOf(state, command.memberId) === 'facilitator') {
        return fail('role/facilitator-fixed')
      }
      return {
        ok: true,
        state: withRole(state, command.memberId, command.role),
        events: [{ type: 'role-changed', memberId: command.memberId, role: command.role }],
      }
    }
    case 'setClientAndSubject': {
      if (!state.members.some((m) => m.id === command.clientId)) return fail('role/unknown-member')
      if (roleOf(state, command.clientId) === 'facilitator') {
        return fail('subject/client-is-facilitator')
      }
      if (!SUBJECT_PHASES.includes(state.phase)) return fail('subject/too-late')
      const withClient = withRole(state, command.clientId, 'client')
      return {
        ok: true,
        state: { ...withClient, subject: command.subject },
        events: [
          { type: 'role-changed', memberId: command.clientId, role: 'client' },
          { type: 'subject-set', clientId: command.clientId },
        ],
      }
    }
    case 'timerStart':
      return timerResult(state, timerStart(state.timer, now))
    case 'timerPause':
      return timerResult(state, timerPause(state.timer, now))
    case 'timerExtend':
      return timerResult(state, timerExtend(state.timer, command.minutes))
    case 'setDots': {
      if (!SUBJECT_PHASES.includes(state.phase)) return fail('vote/too-late')
      return {
        ok: true,
        state: { ...state, dotsPerMember: command.dots },
        events: [{ type: 'dots-changed', dots: command.dots }],
      }
    }
    case 'setSilentWriting': {
      if (!SILENT_WRITING_PHASES.includes(state.phase)) return fail('silent/wrong-phase')
      if (!command.on && state.silentWriting) {
        // Turning it off is revealing: drafts are never silently dropped.
        return {
          ok: true,
          state: { ...state, silentWriting: false },
          events: [{ type: 'drafts-revealed' }, { type: 'silent-writing-changed', on: false }],
        }
      }
      return {
        ok: true,
        state: { ...state, silentWriting: command.on },
        events: [{ type: 'silent-writing-changed', on: command.on }],
      }
    }
    case 'reveal': {
      if (!state.silentWriting) return fail('silent/not-on')
      return {
        ok: true,
        state: { ...state, silentWriting: false },
        events: [{ type: 'drafts-revealed' }, { type: 'silent-writing-changed', on: false }],
      }
    }
    case 'assignDuty': {
      if (command.memberId !== null) {
        const target = roleOf(state, command.memberId)
        const known = state.members.some((m) => m.id === command.memberId)
        if (!known || target === 'facilitator' || target === 'observer' || target === 'client') {
          return fail('duty/invalid-member')
        }
      }
      const duties = { ...state.duties, [command.duty]: command.memberId }
      if (command.duty === 'coFacilitator') duties.stepsDelegated = false
      return {
        ok: true,
        state: { ...state, duties },
        events: [{ type: 'duty-changed', duty: command.duty, memberId: command.memberId }],
      }
    }
    case 'delegateSteps': {
      if (command.on && state.duties.coFacilitator === null) return fail('duty/invalid-member')
      return {
        ok: true,
        state: { ...state, duties: { ...state.duties, stepsDelegated: command.on } },
        events: [
          { type: 'duty-changed', duty: 'coFacilitator', memberId: state.duties.coFacilitator },
        ],
      }
    }
    case 'startTurns': {
      // Consultants ask in turn (the client answers); the final round is everyone's.
      const speakers: RoleId[] = CONSULTANTS_SPEAK.includes(state.phase)
        ? ['consultant']
        : ['client', 'consultant']
      const circle = state.members
        .filter((member) => speakers.includes(roleOf(state, member.id)))
        .map((member) => member.id)
      return withTurns(state, startTurns(command.mode, circle))
    }
    case 'endTurns':
      return withTurns(state, null)
    case 'close': {
      const entry: HistoryEntry = {
        kind: 'close',
        from: state.phase,
        to: state.phase,
        by: actor.memberId,
        at: now,
      }
      return {
        ok: true,
        state: { ...state, status: 'closed', history: [...state.history, entry] },
        events: [{ type: 'session-closed' }],
      }
    }
  }
}

function timerResult(state: SessionState, timer: SessionState['timer']): TransitionResult {
  return { ok: true, state: { ...state, timer }, events: [{ type: 'timer-changed' }] }
}
