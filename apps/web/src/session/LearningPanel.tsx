/**
 * The last steps' own notes, from forms: "my learning of the day" (in the
 * synthesis, consultants and the client, each in their own column of the zone;
 * in the final round, everyone), and the facilitator's regulation for next time
 * (apprentissage & régulation). Offered only when the domain lets this person
 * write that kind as themselves now; the report lists both.
 */
import { type Actor, type NoteKind, type SessionState, zoneOf } from '@codev/domain'
import { type FormEvent, useId } from 'react'
import type { Editor, TLDefaultColorStyle } from 'tldraw'
import { useI18n } from '../i18n/useI18n.tsx'
import { putNote, writesOwn } from './NotePanels.tsx'

const NOTE_SIZE = 200
const COLUMN = NOTE_SIZE + 40

/** Each member's own column in the zone, below their notes already there. */
export function spotForMember(
  editor: Editor,
  state: SessionState,
  actor: Actor,
): { x: number; y: number } {
  const zone = zoneOf(state.phase)
  const columns = Math.max(1, Math.floor((zone.w - 40) / COLUMN))
  const rank = Math.max(
    0,
    state.members.findIndex((member) => member.id === actor.memberId),
  )
  const x = zone.x + 40 + (rank % columns) * COLUMN
  const mine = editor.getCurrentPageShapes().filter((shape) => {
    const meta = shape.meta as { phase?: string; author?: string }
    return meta.phase === state.phase && meta.author === actor.memberId
  })
  const lowest = Math.max(zone.y + 120, ...mine.map((shape) => shape.y + NOTE_SIZE + 40))
  return { x, y: Math.min(lowest, zone.y + zone.h - NOTE_SIZE - 60) }
}

export function LearningPanel({
  editor,
  state,
  actor,
}: {
  editor: Editor
  state: SessionState
  actor: Actor
}) {
  const { t } = useI18n()
  const ids = { learning: useId(), regulation: useId() }
  if (state.status !== 'open') return null
  const mayLearn = writesOwn(actor, 'learning', state) && state.phase !== 'retour'
  const mayRegulate = actor.role === 'facilitator' && writesOwn(actor, 'regulation', state)
  if (!mayLearn && !mayRegulate) return null

  function write(kind: NoteKind, color: TLDefaultColorStyle) {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault()
      const form = event.currentTarget
      const text = String(new FormData(form).get('text') ?? '').trim()
      if (text === '') return
      putNote(editor, spotForMember(editor, state, actor), text, { kind }, color)
      form.reset()
    }
  }

  return (
    <>
      {mayLearn && (
        <section className="side-panel" aria-labelledby={ids.learning} data-testid="learning">
          <h2 id={ids.learning}>{t('learning.title')}</h2>
          <form onSubmit={write('learning', 'yellow')} className="evaluation-form">
            <label>
              {t('learning.label')}
              <textarea name="text" rows={3} maxLength={4000} required />
            </label>
            <button type="submit" className="primary">
              {t('learning.add')}
            </button>
          </form>
        </section>
      )}
      {mayRegulate && (
        <section className="side-panel" aria-labelledby={ids.regulation} data-testid="regulation">
          <h2 id={ids.regulation}>{t('regulation.title')}</h2>
          <p>{t('regulation.help')}</p>
          <form onSubmit={write('regulation', 'violet')} className="evaluation-form">
            <label>
              {t('regulation.label')}
              <textarea name="text" rows={3} maxLength={4000} required />
            </label>
            <button type="submit" className="primary">
              {t('regulation.add')}
            </button>
          </form>
        </section>
      )}
    </>
  )
}
