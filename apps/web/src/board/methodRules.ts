/**
 * Makes the canvas follow the method, with the same domain functions the server
 * uses: every shape this person creates carries its codev meta (author, role, step,
 * kind) and lands inside the current step's zone; a change or deletion the server
 * would refuse is not made at all; when this person may create nothing now, the
 * canvas is read-only. The server still judges everything (docs/decisions/0002).
 */
import {
  type Actor,
  allowedKindsFor,
  authorize,
  type ConsultationType,
  grantsFor,
  kindsAskedBy,
  type MemberId,
  type NoteKind,
  roleOf,
  type SessionState,
  zoneOf,
} from '@codev/domain'
import type { Editor, TLShape } from 'tldraw'

/** Kinds that need more than a text (a link, a form): created by their own flows, not by a bare note. */
const KINDS_WITH_FIELDS: ReadonlySet<NoteKind> = new Set([
  'answer',
  'cluster',
  'action',
  'followup',
  'evaluation',
  'proposal',
  'contract-request',
  'free',
])

export interface MethodView {
  actor: Actor | null
  state: SessionState | null
}

/** What a plain sticky note says in a step, where the step has one obvious kind. */
const STEP_NOTE_KIND: Partial<Record<SessionState['phase'], NoteKind>> = {
  synthese: 'learning',
  apprentissage: 'learning',
}

/** The kinds this person writes as themselves with a plain sticky note now (no form needed). */
export function plainKindsFor(actor: Actor, state: SessionState): NoteKind[] {
  return allowedKindsFor(actor, state).filter(
    (kind) =>
      !KINDS_WITH_FIELDS.has(kind) &&
      grantsFor(kind, 'create', state.phase, actor.role).some((grant) => grant.scope === 'own'),
  )
}

/** The plain kinds the facilitator may write as scribe for this member now (their voice's kinds). */
export function scribeKinds(state: SessionState, memberId: MemberId): NoteKind[] {
  const role = roleOf(state, memberId)
  if (role === 'facilitator' || role === 'observer') return []
  return plainKindsFor({ memberId, role }, state).filter((kind) =>
    grantsFor(kind, 'create', state.phase, 'facilitator').some((grant) => grant.scope === 'scribe'),
  )
}

/**
 * The kinds offered to pick from: the plain kinds, narrowed to those the
 * contract asked for when it asked for some of them (a subset of what the server
 * accepts, never more).
 */
export function pickableKinds(
  actor: Actor,
  state: SessionState,
  asked: readonly NoteKind[] = [],
): NoteKind[] {
  const plain = plainKindsFor(actor, state)
  const narrowed = plain.filter((kind) => asked.includes(kind))
  return narrowed.length > 0 ? narrowed : plain
}

/** The kind a plain sticky note gets now: the one picked, else the step's own, else the first offered. */
export function defaultNoteKind(
  actor: Actor,
  state: SessionState,
  asked: readonly NoteKind[] = [],
  picked?: NoteKind,
): NoteKind | null {
  const offered = pickableKinds(actor, state, asked)
  if (picked && offered.includes(picked)) return picked
  const preferred = STEP_NOTE_KIND[state.phase]
  return preferred && offered.includes(preferred) ? preferred : (offered[0] ?? null)
}

/** The contribution kinds the contract on the board asks for (every request, re-opened ones too). */
export function askedKinds(editor: Editor): NoteKind[] {
  const types = editor.getCurrentPageShapes().flatMap((shape) => {
    const meta = shape.meta as { kind?: string; contract?: { consultationTypes?: unknown } }
    const listed = meta.kind === 'contract-request' ? meta.contract?.consultationTypes : undefined
    return Array.isArray(listed) ? (listed as ConsultationType[]) : []
  })
  return kindsAskedBy(types)
}

/** The kind this person picked for their next notes (kept in tldraw's per-tab instance state). */
export function pickedKind(editor: Editor): NoteKind | undefined {
  return (editor.getInstanceState().meta as { codevKind?: NoteKind }).codevKind
}

export function pickKind(editor: Editor, kind: NoteKind): void {
  const meta = editor.getInstanceState().meta
  editor.updateInstanceState({ meta: { ...meta, codevKind: kind } })
}

function clampIntoZone<T extends TLShape>(shape: T, state: SessionState, phase = state.phase): T {
  if (!shape.parentId.startsWith('page:')) return shape
  const zone = zoneOf(phase)
  const margin = 20
  const x = Math.min(Math.max(shape.x, zone.x + margin), zone.x + zone.w - 240)
  const y = Math.min(Math.max(shape.y, zone.y + 80), zone.y + zone.h - 240)
  return x === shape.x && y === shape.y ? shape : { ...shape, x, y }
}

export function canCreateNow(view: MethodView): boolean {
  const { actor, state } = view
  if (actor === null || state === null) return false
  // During silent writing consultants write in their drafts, not on the board.
  if (state.silentWriting && actor.role === 'consultant') return false
  return allowedKindsFor(actor, state).length > 0
}

/** Registers the side effects; returns a function that removes them. */
export function applyMethodRules(editor: Editor, view: () => MethodView): () => void {
  const removers = [
    editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
      const { actor, state } = view()
      if (source !== 'user' || !actor || !state) return shape
      // A flow that creates a note of its own kind (a follow-up, say) says so in meta.
      const given = shape.meta as { kind?: NoteKind; onBehalfOf?: MemberId }
      const kind =
        given.kind ??
        (shape.type === 'note'
          ? defaultNoteKind(actor, state, askedKinds(editor), pickedKind(editor))
          : 'free')
      // Written for someone (scribe, secretary): the note speaks with that member's voice.
      const role = given.onBehalfOf ? roleOf(state, given.onBehalfOf) : actor.role
      const meta = { author: actor.memberId, role, phase: state.phase, kind }
      return clampIntoZone({ ...shape, meta: { ...shape.meta, ...meta } }, state)
    }),
    editor.sideEffects.registerBeforeChangeHandler('shape', (before, after, source) => {
      const { actor, state } = view()
      if (source !== 'user' || !actor || !state) return after
      const phase = (before.meta as { phase?: SessionState['phase'] }).phase ?? state.phase
      const next = clampIntoZone(after, state, phase)
      const verdict = authorize(actor, { op: 'update', id: after.id, before, after: next }, state)
      return verdict.ok ? next : before
    }),
    editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
      const { actor, state } = view()
      if (source !== 'user' || !actor || !state) return
      if (!authorize(actor, { op: 'delete', id: shape.id, before: shape }, state).ok) return false
    }),
  ]
  return () => {
    for (const remove of removers) remove()
  }
}
