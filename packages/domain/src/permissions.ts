/**
 * The permission matrix, as data: for each record kind × operation × current
 * phase, which roles may act and on whose records. `authorize` judges one record
 * change against it (the server reverts what it refuses); `can` and
 * `allowedKindsFor` let the web app offer only what the server will accept.
 *
 * Rules beyond the matrix, checked by `authorize` for every codev note:
 * - only the current phase's zone is open: notes of earlier phases are read-only,
 *   of later phases locked, and a note stays inside its phase's zone;
 * - a note is created by its author (no forged author), in the current phase,
 *   with the author's role — or by the facilitator as scribe, on behalf of a
 *   member whose role has a voice in the step, or by the session's secretary on
 *   behalf of a consultant;
 * - author, role, phase and kind never change;
 * - only the client sets flags (to clarify, starred, keep);
 * - the session state is written by the server only; observers never write; a
 *   closed session is read-only for all.
 */
import { ALLOWED, type DomainErrorCode, refuse, type Verdict } from './errors.ts'
import { isInside, zoneOf } from './layout.ts'
import { PHASE_IDS, type PhaseId, phaseRelation } from './phases.ts'
import {
  type CodevRecord,
  type CodevShape,
  NOTE_KINDS,
  type NoteKind,
  type ParseResult,
  parseRecord,
  type RecordKind,
  type Vote,
  voteDot,
} from './records.ts'
import type { Actor, RoleId } from './roles.ts'
import { holdsDuty, roleOf, SESSION_STATE_ID, type SessionState } from './sessionState.ts'

export const OPS = ['create', 'update', 'delete'] as const
export type Op = (typeof OPS)[number]

/**
 * - own: the actor's own records (create: written as themselves);
 * - scribe: the facilitator writes for a member whose role has `own` in the cell;
 * - any: anyone's records;
 * - flags: anyone's, changing only `meta.flags`;
 * - move: anyone's, changing only the position.
 */
export type Scope = 'own' | 'scribe' | 'any' | 'flags' | 'move'
export interface Grant {
  role: RoleId
  scope: Scope
}
export type PhaseGrants = Partial<Record<PhaseId, readonly Grant[]>>
export type KindRule = Record<Op, PhaseGrants>

type Creators = Partial<Record<PhaseId, readonly RoleId[]>>

const F: RoleId = 'facilitator'
const C: RoleId = 'client'
const K: RoleId = 'consultant'

/** Consultants' contributions the client may flag during the consultation. */
const FLAGGABLE = { flags: ['consultation'] } as const

/**
 * A note kind's rule from who creates it in which phase: creators edit and delete
 * their own; the facilitator may scribe for the other creators, edits and deletes
 * what they wrote, and may move anyone's note inside the open zone (tidying).
 */
function noteRule(creators: Creators, options: { flags?: readonly PhaseId[] } = {}): KindRule {
  const rule: KindRule = { create: {}, update: {}, delete: {} }
  for (const phase of PHASE_IDS) {
    const roles = creators[phase]
    if (roles === undefined) continue
    const own = roles.map((role) => ({ role, scope: 'own' as const }))
    const scribe = roles.some((role) => role !== F)
    const facilitatorOwn = scribe && !roles.includes(F) ? [{ role: F, scope: 'own' as const }] : []
    rule.create[phase] = scribe ? [...own, { role: F, scope: 'scribe' }] : own
    rule.update[phase] = [
      ...own,
      ...facilitatorOwn,
      { role: F, scope: 'move' },
      ...(options.flags?.includes(phase) ? [{ role: C, scope: 'flags' as const }] : []),
    ]
    rule.delete[phase] = [...own, ...facilitatorOwn]
  }
  return rule
}

/** Who creates each kind of note, in which step (METHOD.md). */
export const CREATORS = {
  note: {
    welcome: [F, C, K],
    retour: [C, K],
    'choix-sujet': [F],
    expose: [C],
    consultation: [C],
    synthese: [C],
    closing: [F, C, K],
  },
  question: { clarification: [K], consultation: [C] },
  answer: { clarification: [C], consultation: [K] },
  impression: { consultation: [K] },
  'reflective-question': { consultation: [K] },
  idea: { consultation: [K] },
  suggestion: { consultation: [K] },
  feeling: { welcome: [C, K], retour: [C, K], consultation: [K], apprentissage: [F, C, K] },
  experience: { consultation: [K] },
  resource: { consultation: [K] },
  learning: { retour: [C, K], synthese: [C, K], apprentissage: [F, C, K] },
  proposal: { 'choix-sujet': [C, K] },
  // The contract is not final: the client may re-open it during the consultation.
  'contract-request': { contrat: [C], consultation: [C] },
  cluster: { synthese: [C] },
  action: { synthese: [C] },
  followup: { retour: [C, K] },
  // Never on the board: evaluations are private, aggregated by the server (evaluations.ts).
  evaluation: {},
  regulation: { apprentissage: [F, C, K] },
} as const satisfies Record<Exclude<NoteKind, 'free'>, Creators>

/** The roles that write on the board in each phase (any note kind). */
export const VOICES: Record<PhaseId, RoleId[]> = Object.fromEntries(
  PHASE_IDS.map((phase) => {
    const roles = new Set<RoleId>()
    for (const creators of Object.values(CREATORS) as Creators[]) {
      for (const role of creators[phase] ?? []) roles.add(role)
    }
    if (roles.size > 0) roles.add(F) // the facilitator always may scribe
    return [phase, [...roles].sort()]
  }),
) as Record<PhaseId, RoleId[]>

function everyPhase(roles: (phase: PhaseId) => readonly RoleId[], scope: Scope): PhaseGrants {
  const grants: PhaseGrants = {}
  for (const phase of PHASE_IDS) {
    const list = roles(phase).map((role) => ({ role, scope }))
    if (list.length > 0) grants[phase] = list
  }
  return grants
}

const voices = (phase: PhaseId) => VOICES[phase]
const NOBODY: KindRule = { create: {}, update: {}, delete: {} }
const VOTERS = [
  { role: C, scope: 'own' },
  { role: K, scope: 'own' },
] as const

export const PERMISSIONS = {
  note: noteRule(CREATORS.note),
  question: noteRule(CREATORS.question),
  answer: noteRule(CREATORS.answer, FLAGGABLE),
  impression: noteRule(CREATORS.impression, FLAGGABLE),
  'reflective-question': noteRule(CREATORS['reflective-question'], FLAGGABLE),
  idea: noteRule(CREATORS.idea, FLAGGABLE),
  suggestion: noteRule(CREATORS.suggestion, FLAGGABLE),
  feeling: noteRule(CREATORS.feeling, FLAGGABLE),
  experience: noteRule(CREATORS.experience, FLAGGABLE),
  resource: noteRule(CREATORS.resource, FLAGGABLE),
  learning: noteRule(CREATORS.learning),
  proposal: noteRule(CREATORS.proposal),
  'contract-request': noteRule(CREATORS['contract-request']),
  cluster: noteRule(CREATORS.cluster),
  action: noteRule(CREATORS.action),
  followup: noteRule(CREATORS.followup),
  evaluation: noteRule(CREATORS.evaluation),
  regulation: noteRule(CREATORS.regulation),
  /** Free drawing, arrows, text: whoever has a voice in the step. */
  free: {
    create: everyPhase(voices, 'own'),
    update: everyPhase(voices, 'own'),
    delete: everyPhase(voices, 'own'),
  },
  /** Dot votes on subject proposals. */
  vote: {
    create: { 'choix-sujet': VOTERS },
    update: { 'choix-sujet': VOTERS },
    delete: { 'choix-sujet': VOTERS },
  },
  /** Written by the server alone, through `transition`. */
  'session-state': NOBODY,
  /** The page and document are set up by the server. */
  page: NOBODY,
  document: NOBODY,
  /** Arrow bindings and images carry no author: anyone with a voice in the step. */
  binding: {
    create: everyPhase(voices, 'any'),
    update: everyPhase(voices, 'any'),
    delete: everyPhase(voices, 'any'),
  },
  asset: {
    create: everyPhase(voices, 'any'),
    update: {},
    delete: {},
  },
} satisfies Record<RecordKind, KindRule>

const MATRIX: Record<RecordKind, KindRule> = PERMISSIONS

export function grantsFor(kind: RecordKind, op: Op, phase: PhaseId, role: RoleId): Grant[] {
  const cell = MATRIX[kind][op][phase] ?? []
  return cell.filter((grant) => grant.role === role)
}

function hasVoice(role: RoleId, phase: PhaseId): boolean {
  return VOICES[phase].includes(role)
}

const isNoteKind = (kind: RecordKind): kind is NoteKind =>
  (NOTE_KINDS as readonly string[]).includes(kind)

function zoneError(phase: PhaseId, current: PhaseId): Verdict {
  const relation = phaseRelation(phase, current)
  if (relation === 'earlier') return refuse('zone/read-only')
  if (relation === 'later') return refuse('zone/locked')
  return ALLOWED
}

function noGrantError(role: RoleId, phase: PhaseId, fallback: DomainErrorCode): Verdict {
  return refuse(hasVoice(role, phase) ? fallback : 'step/no-voice')
}

function gate(actor: Actor, state: SessionState): { role: RoleId } | Verdict {
  if (state.status === 'closed') return refuse('session/closed')
  const role = roleOf(state, actor.memberId)
  if (role === 'observer') return refuse('role/observer')
  return { role }
}

/**
 * May this actor do `op` on a record of `kind` in the zone of `phase` now? For
 * updates and deletes it answers for the actor's own records.
 */
export function can(
  actor: Actor,
  op: Op,
  kind: RecordKind,
  phase: PhaseId,
  state: SessionState,
): Verdict {
  const gated = gate(actor, state)
  if ('ok' in gated) return gated
  if (kind === 'session-state') return refuse('session/server-only')
  if (isNoteKind(kind)) {
    const zone = zoneError(phase, state.phase)
    if (!zone.ok) return zone
  }
  if (grantsFor(kind, op, state.phase, gated.role).length > 0) return ALLOWED
  return noGrantError(
    gated.role,
    state.phase,
    isNoteKind(kind) ? 'note/kind-not-allowed' : 'permission/denied',
  )
}

/** The note kinds this actor may create now (the facilitator's include scribe kinds). */
export function allowedKindsFor(actor: Actor, state: SessionState): NoteKind[] {
  return NOTE_KINDS.filter((kind) => can(actor, 'create', kind, state.phase, state).ok)
}

export interface RecordChange {
  op: Op
  id: string
  before?: unknown
  after?: unknown
}

/** Key order does not matter; JSON values only. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    )
  }
  return value
}

const POSITION_KEYS = ['x', 'y', 'rotation', 'index'] as const
function withoutPosition(shape: CodevShape): unknown {
  const copy: Record<string, unknown> = { ...shape }
  for (const key of POSITION_KEYS) delete copy[key]
  return copy
}
function withoutFlags(shape: CodevShape): unknown {
  const { flags: _flags, ...meta } = shape.meta
  return { ...shape, meta }
}

function insideOwnZone(shape: CodevShape): boolean {
  return shape.parentId.startsWith('page:') && isInside(zoneOf(shape.meta.phase), shape)
}

function authorizeNoteCreate(
  actor: Actor,
  role: RoleId,
  note: CodevShape,
  state: SessionState,
): Verdict {
  const { meta } = note
  if (meta.author !== actor.memberId) return refuse('note/forged-author')
  const zone = zoneError(meta.phase, state.phase)
  if (!zone.ok) return zone
  if (!insideOwnZone(note)) return refuse('zone/outside')
  if (meta.flags !== undefined && role !== 'client') return refuse('note/flags-client-only')
  const mine = grantsFor(meta.kind, 'create', state.phase, role)
  if (mine.length === 0) return noGrantError(role, state.phase, 'note/kind-not-allowed')
  const asSelf = meta.role === role && meta.onBehalfOf === undefined
  if (asSelf && mine.some((g) => g.scope === 'own')) return ALLOWED
  const forVoice =
    meta.onBehalfOf !== undefined &&
    meta.onBehalfOf !== actor.memberId &&
    roleOf(state, meta.onBehalfOf) === meta.role &&
    grantsFor(meta.kind, 'create', state.phase, meta.role).some((g) => g.scope === 'own')
  const asScribe = forVoice && mine.some((g) => g.scope === 'scribe')
  // The secretary writes the consultants' words so the client can listen.
  const asSecretary =
    forVoice && meta.role === 'consultant' && holdsDuty(state, actor.memberId, 'secretary')
  return asScribe || asSecretary ? ALLOWED : refuse('note/wrong-role')
}

const IMMUTABLE_META = ['author', 'role', 'phase', 'kind', 'onBehalfOf'] as const

function authorizeNoteUpdate(
  actor: Actor,
  role: RoleId,
  before: CodevShape,
  after: CodevShape,
  state: SessionState,
): Verdict {
  if (before.type !== after.type || IMMUTABLE_META.some((k) => before.meta[k] !== after.meta[k])) {
    return refuse('note/immutable-field')
  }
  const zone = zoneError(before.meta.phase, state.phase)
  if (!zone.ok) return zone
  if (!insideOwnZone(after)) return refuse('zone/outside')
  const flagsChanged = !sameJson(before.meta.flags, after.meta.flags)
  if (flagsChanged && role !== 'client') return refuse('note/flags-client-only')
  const mine = grantsFor(before.meta.kind, 'update', state.phase, role)
  const allowed = mine.some((grant) => {
    switch (grant.scope) {
      case 'own':
        return before.meta.author === actor.memberId
      case 'flags':
        return sameJson(withoutFlags(before), withoutFlags(after))
      case 'move':
        return sameJson(withoutPosition(before), withoutPosition(after))
      default:
        return grant.scope === 'any'
    }
  })
  return allowed ? ALLOWED : noGrantError(role, state.phase, 'note/not-author')
}

function authorizeNoteDelete(
  actor: Actor,
  role: RoleId,
  before: CodevShape,
  state: SessionState,
): Verdict {
  const zone = zoneError(before.meta.phase, state.phase)
  if (!zone.ok) return zone
  const mine = grantsFor(before.meta.kind, 'delete', state.phase, role)
  const allowed = mine.some((g) => g.scope === 'any' || before.meta.author === actor.memberId)
  return allowed ? ALLOWED : noGrantError(role, state.phase, 'note/not-author')
}

function authorizeVote(
  actor: Actor,
  role: RoleId,
  op: Op,
  before: Vote | undefined,
  after: Vote | undefined,
  state: SessionState,
): Verdict {
  if ([before, after].some((vote) => vote !== undefined && vote.voter !== actor.memberId)) {
    return refuse('vote/not-voter')
  }
  if (after !== undefined && voteDot(after) > state.dotsPerMember)
    return refuse('vote/too-many-dots')
  if (grantsFor('vote', op, state.phase, role).length > 0) return ALLOWED
  return noGrantError(role, state.phase, 'permission/denied')
}

/**
 * Judges one record change a client made (the JSON before and after) against the
 * matrix and the session state. The server reverts what this refuses.
 */
export function authorize(actor: Actor, change: RecordChange, state: SessionState): Verdict {
  const gated = gate(actor, state)
  if ('ok' in gated) return gated
  const { role } = gated
  const touchesState = [change.before, change.after].some(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      (value as { typeName?: unknown }).typeName === 'codev_session',
  )
  if (change.id === SESSION_STATE_ID || touchesState) return refuse('session/server-only')

  const parsed: ParseResult[] = []
  if (change.op !== 'create') parsed.push(parseRecord(change.before))
  if (change.op !== 'delete') parsed.push(parseRecord(change.after))
  const records: CodevRecord[] = []
  const kinds: RecordKind[] = []
  for (const result of parsed) {
    if (!result.ok) return refuse(result.error)
    if (result.record.id !== change.id) return refuse('record/id-mismatch')
    records.push(result.record)
    kinds.push(result.kindInfo.kind)
  }
  const recordKind = kinds[0]!
  if (kinds.some((kind) => kind !== recordKind)) return refuse('note/immutable-field')
  const b = change.op === 'create' ? undefined : records[0]
  const a = change.op === 'delete' ? undefined : records.at(-1)

  if (isNoteKind(recordKind)) {
    if (change.op === 'create') return authorizeNoteCreate(actor, role, a as CodevShape, state)
    if (change.op === 'update') {
      return authorizeNoteUpdate(actor, role, b as CodevShape, a as CodevShape, state)
    }
    return authorizeNoteDelete(actor, role, b as CodevShape, state)
  }
  if (recordKind === 'vote') {
    return authorizeVote(
      actor,
      role,
      change.op,
      b as Vote | undefined,
      a as Vote | undefined,
      state,
    )
  }
  if (grantsFor(recordKind, change.op, state.phase, role).length > 0) return ALLOWED
  return noGrantError(role, state.phase, 'permission/denied')
}

/**
 * `authorize`'s verdict on a move of `stored` to `position` (an update of nothing but
 * x, y and rotation), without validating the moved copy again: it differs from the
 * stored record, already valid, by finite numbers only. Live drags are judged this
 * way, up to 30 times a second per dragging member (liveDrag.ts).
 */
export function authorizeMove(
  actor: Actor,
  stored: unknown,
  position: { id: string; x: number; y: number; rotation: number },
  state: SessionState,
): Verdict {
  const { x, y, rotation } = position
  const parsed = parseRecord(stored)
  if (!parsed.ok || parsed.record.typeName !== 'shape') {
    const after =
      typeof stored === 'object' && stored !== null ? { ...stored, x, y, rotation } : undefined
    return authorize(actor, { op: 'update', id: position.id, before: stored, after }, state)
  }
  const gated = gate(actor, state)
  if ('ok' in gated) return gated
  const before = parsed.record
  if (before.id !== position.id) return refuse('record/id-mismatch')
  return authorizeNoteUpdate(actor, gated.role, before, { ...before, x, y, rotation }, state)
}
