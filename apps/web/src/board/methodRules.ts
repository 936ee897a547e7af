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
  type NoteKind,
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

/** The kind a plain sticky note gets now: the step's own kind, else the first this person's voice writes. */
export function defaultNoteKind(actor: Actor, state: SessionState): NoteKind | null {
  const allowed = allowedKindsFor(actor, state).filter((kind) => !KINDS_WITH_FIELDS.has(kind))
  const preferred = STEP_NOTE_KIND[state.phase]
  return preferred && allowed.includes(preferred) ? preferred : (allowed[0] ?? null)
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
      const asked = (shape.meta as { kind?: NoteKind }).kind
      const kind = asked ?? (shape.type === 'note' ? defaultNoteKind(actor, state) : 'free')
      const meta = { author: actor.memberId, role: actor.role, phase: state.phase, kind }
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
