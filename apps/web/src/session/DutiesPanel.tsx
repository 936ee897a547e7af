/**
 * Duties beside the roles (METHOD.md, practice points): the facilitator names a
 * secretary, a timekeeper and a digital co-facilitator, and delegates the steps
 * to the latter; the secretary writes a consultant's words for them, so the
 * client can listen. Offered only as the domain accepts it; the note then shows
 * who said it and who wrote it.
 */
import {
  type Actor,
  type Command,
  DUTIES,
  type Duty,
  grantsFor,
  holdsDuty,
  type MemberId,
  type NoteKind,
  roleOf,
  type SessionState,
} from '@codev/domain'
import { type FormEvent, useId } from 'react'
import { type Editor, useEditor, useValue } from 'tldraw'
import { offer } from '../board/offers.ts'
import { useSessionView } from '../board/SessionView.tsx'
import { useI18n } from '../i18n/useI18n.tsx'
import { freeSpotInZone, putNote } from './NotePanels.tsx'
import { memberName } from './TurnsPanel.tsx'

/** The facilitator's duties table, inside the roles panel. */
export function DutiesSection({
  state,
  actor,
  run,
  busy,
}: {
  state: SessionState
  actor: Actor
  run: (command: Command) => Promise<void>
  busy: boolean
}) {
  const { t } = useI18n()
  const titleId = useId()
  const now = Date.now()
  const offered = (command: Command) => offer(state, actor, command, now).offered
  if (!DUTIES.some((duty) => offered({ type: 'assignDuty', duty, memberId: null }))) return null
  const delegation = !state.duties.stepsDelegated
  return (
    <section aria-labelledby={titleId} data-testid="duties">
      <h3 id={titleId}>{t('duties.title')}</h3>
      {DUTIES.map((duty) => {
        const holder = state.duties[duty]
        const candidates = state.members.filter(
          (member) =>
            member.id === holder ||
            offered({ type: 'assignDuty', duty, memberId: member.id as MemberId }),
        )
        return (
          <label key={duty} className="duty-row">
            {t(`duties.${duty}`)}
            <select
              value={holder ?? ''}
              disabled={busy}
              onChange={(event) =>
                run({
                  type: 'assignDuty',
                  duty,
                  memberId: event.target.value === '' ? null : (event.target.value as MemberId),
                })
              }
            >
              <option value="">{t('duties.nobody')}</option>
              {candidates.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name ?? member.id}
                </option>
              ))}
            </select>
          </label>
        )
      })}
      {(state.duties.stepsDelegated || offered({ type: 'delegateSteps', on: delegation })) && (
        <label className="duty-row">
          <input
            type="checkbox"
            checked={state.duties.stepsDelegated}
            disabled={busy}
            onChange={(event) => run({ type: 'delegateSteps', on: event.target.checked })}
          />{' '}
          {t('duties.delegate')}
        </label>
      )}
    </section>
  )
}

/** The duties held, for everyone: one line under the guidance. */
export function DutiesLine({ state, actor }: { state: SessionState; actor: Actor }) {
  const { t } = useI18n()
  const held = DUTIES.filter((duty) => state.duties[duty] !== null)
  if (held.length === 0) return null
  const mine = DUTIES.filter((duty) => holdsDuty(state, actor.memberId, duty))
  return (
    <p className="side-panel duties-line" data-testid="duties-line">
      {held
        .map(
          (duty) =>
            `${t(`duties.${duty}`)}${t('punct.colon')} ${memberName(state, state.duties[duty]!)}`,
        )
        .join(' · ')}
      {mine.length > 0 && (
        <strong data-testid="my-duties">
          {' '}
          — {t('duties.yours')} {mine.map((duty: Duty) => t(`duties.${duty}`)).join(', ')}
        </strong>
      )}
    </p>
  )
}

/**
 * The kinds the secretary may write for a consultant now: those a consultant
 * writes as themselves in this step and that need nothing but a text.
 */
const SECRETARY_KINDS: readonly NoteKind[] = [
  'idea',
  'suggestion',
  'impression',
  'reflective-question',
  'experience',
  'resource',
  'feeling',
  'question',
]

export function secretaryKinds(state: SessionState): NoteKind[] {
  return SECRETARY_KINDS.filter((kind) =>
    grantsFor(kind, 'create', state.phase, 'consultant').some((grant) => grant.scope === 'own'),
  )
}

/** "Write for <consultant>": the secretary's form (the server checks the duty again). */
export function SecretaryPanel({
  editor,
  state,
  actor,
}: {
  editor: Editor
  state: SessionState
  actor: Actor
}) {
  const { t } = useI18n()
  const kinds = secretaryKinds(state)
  const consultants = state.members.filter(
    (member) => member.id !== actor.memberId && roleOf(state, member.id) === 'consultant',
  )
  const open =
    state.status === 'open' &&
    !state.silentWriting &&
    holdsDuty(state, actor.memberId, 'secretary') &&
    actor.role === 'consultant'
  if (!open || kinds.length === 0 || consultants.length === 0) return null

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const data = new FormData(form)
    const text = String(data.get('text') ?? '').trim()
    if (text === '') return
    putNote(editor, freeSpotInZone(editor, state), text, {
      kind: String(data.get('kind')) as NoteKind,
      onBehalfOf: String(data.get('for')),
      role: 'consultant',
    })
    const textarea = form.elements.namedItem('text') as HTMLTextAreaElement | null
    if (textarea) textarea.value = ''
  }

  return (
    <section className="side-panel" aria-labelledby="secretary-title" data-testid="secretary">
      <h2 id="secretary-title">{t('duties.secretaryForm')}</h2>
      <form onSubmit={submit} className="evaluation-form">
        <label>
          {t('duties.writeFor')}
          <select name="for">
            {consultants.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name ?? member.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('duties.kind')}
          <select name="kind">
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('duties.text')}
          <textarea name="text" rows={3} maxLength={4000} required />
        </label>
        <button type="submit" className="primary">
          {t('duties.writeButton')}
        </button>
      </form>
    </section>
  )
}

/** Under each note written for someone: who said it, who wrote it. */
export function NoteAttributions() {
  const editor = useEditor()
  const { t } = useI18n()
  const state = useSessionView().state
  const notes = useValue(
    'notes written for someone',
    () =>
      editor.getCurrentPageShapes().flatMap((shape) => {
        const meta = shape.meta as { author?: string; onBehalfOf?: string }
        if (!meta.onBehalfOf || !meta.author) return []
        // Bounds only for these notes: a note's bounds measure its text in the DOM.
        const bounds = editor.getShapePageBounds(shape)
        if (!bounds) return []
        return [
          {
            id: shape.id,
            x: bounds.x,
            y: bounds.maxY + 4,
            said: meta.onBehalfOf,
            wrote: meta.author,
          },
        ]
      }),
    [editor],
  )
  if (!state) return null
  return (
    <>
      {notes.map((note) => (
        <div
          key={note.id}
          className="note-attribution"
          data-testid="note-attribution"
          style={{ transform: `translate(${note.x}px, ${note.y}px)` }}
        >
          {t('duties.saidBy')} {memberName(state, note.said)} · {t('duties.writtenBy')}{' '}
          {memberName(state, note.wrote)}
        </div>
      ))}
    </>
  )
}
