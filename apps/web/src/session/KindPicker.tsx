/**
 * The kind of the next sticky note, when this person may write more than one kind
 * now: in the consultation, the contributions the contract asked for (idea,
 * impression, reflective question...). The choice is kept in tldraw's per-tab
 * instance state and read by the method rules when a note is created, among the
 * kinds the domain lets this person write (never one the server refuses). Every
 * contribution then shows its kind on the canvas, for everyone.
 */
import type { Actor, NoteKind, SessionState } from '@codev/domain'
import { useId } from 'react'
import { type Editor, useEditor, useValue } from 'tldraw'
import {
  askedKinds,
  canCreateNow,
  defaultNoteKind,
  pickableKinds,
  pickedKind,
  pickKind,
} from '../board/methodRules.ts'
import { useI18n } from '../i18n/useI18n.tsx'

export function KindPicker({
  editor,
  state,
  actor,
}: {
  editor: Editor
  state: SessionState
  actor: Actor
}) {
  const { t } = useI18n()
  const titleId = useId()
  const asked = useValue('asked kinds', () => askedKinds(editor), [editor])
  const picked = useValue('picked kind', () => pickedKind(editor), [editor])
  const offered = pickableKinds(actor, state, asked)
  if (!canCreateNow({ actor, state }) || offered.length < 2) return null
  const current = defaultNoteKind(actor, state, asked, picked)
  return (
    <section className="side-panel" aria-labelledby={titleId} data-testid="kind-picker">
      <h2 id={titleId}>{t('kind.pickTitle')}</h2>
      <fieldset className="kind-picker" aria-describedby={`${titleId}-help`}>
        <legend className="visually-hidden">{t('kind.pickTitle')}</legend>
        {offered.map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name="codev-kind"
              value={kind}
              checked={current === kind}
              onChange={() => pickKind(editor, kind)}
            />{' '}
            {t(`kind.one.${kind as OneKind}`)}
          </label>
        ))}
      </fieldset>
      <p id={`${titleId}-help`} className="kind-picker-help">
        {asked.some((kind) => offered.includes(kind)) ? t('kind.pickAsked') : t('kind.pickHelp')}
      </p>
    </section>
  )
}

/** The kinds with a singular label (those a plain note may carry). */
const ONE_KINDS = [
  'note',
  'question',
  'impression',
  'reflective-question',
  'idea',
  'suggestion',
  'feeling',
  'experience',
  'resource',
  'learning',
  'regulation',
] as const satisfies readonly NoteKind[]
type OneKind = (typeof ONE_KINDS)[number]

/** The kinds whose label is drawn on the note: the typed contributions and the last step's notes. */
const BADGED: ReadonlySet<string> = new Set<OneKind>([
  'impression',
  'reflective-question',
  'idea',
  'suggestion',
  'feeling',
  'experience',
  'resource',
  'learning',
  'regulation',
])

/** On the canvas: each typed contribution's kind, under its note. */
export function KindBadges() {
  const editor = useEditor()
  const { t } = useI18n()
  const typed = useValue(
    'typed notes',
    () =>
      editor.getCurrentPageShapes().flatMap((shape) => {
        const kind = (shape.meta as { kind?: string }).kind
        if (shape.type !== 'note' || !kind || !BADGED.has(kind)) return []
        // Bounds only for badged notes: a note's bounds measure its text in the DOM.
        const bounds = editor.getShapePageBounds(shape)
        if (!bounds) return []
        // Under the note (the canvas draws notes over this layer), below any "said by" line.
        const below = (shape.meta as { onBehalfOf?: string }).onBehalfOf ? 30 : 4
        return [{ id: shape.id, kind: kind as OneKind, x: bounds.x, y: bounds.maxY + below }]
      }),
    [editor],
  )
  return (
    <>
      {typed.map((note) => (
        <div
          key={note.id}
          className="kind-badge"
          data-testid="kind-badge"
          data-kind={note.kind}
          style={{ transform: `translate(${note.x}px, ${note.y}px)` }}
        >
          <span>{t(`kind.one.${note.kind}`)}</span>
        </div>
      ))}
    </>
  )
}
