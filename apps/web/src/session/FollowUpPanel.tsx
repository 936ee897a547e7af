/**
 * Retour sur la séance précédente: the previous session's actions are on the board
 * (carried over by the server). Selecting one, a member says where it stands —
 * done, in progress, dropped — and what happened; the follow-up note goes beside it.
 */
import type { Actor, SessionState } from '@codev/domain'
import { type FormEvent, useState } from 'react'
import { type Editor, useValue } from 'tldraw'
import { useI18n } from '../i18n/useI18n.tsx'
import { putNote, writesOwn } from './NotePanels.tsx'

const STATUSES = ['done', 'in-progress', 'dropped'] as const
type Status = (typeof STATUSES)[number]

export function FollowUpPanel({
  editor,
  state,
  actor,
}: {
  editor: Editor
  state: SessionState
  actor: Actor
}) {
  const { t } = useI18n()
  const [status, setStatus] = useState<Status>('done')
  const action = useValue('selected action', () => {
    const shape = editor.getOnlySelectedShape()
    const meta = shape?.meta as { kind?: string; phase?: string } | undefined
    return meta?.kind === 'action' && meta.phase === 'retour' ? shape : null
  }, [editor])
  if (!action || !writesOwn(actor, 'followup', state)) return null

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!action) return
    const form = event.currentTarget
    const comment = String(new FormData(form).get('comment') ?? '').trim()
    const label = t(`followup.${status}`)
    putNote(editor, { x: action.x + 220, y: action.y }, comment ? `${label} — ${comment}` : label, {
      kind: 'followup',
      followUp: { actionId: action.id, status, ...(comment ? { comment } : {}) },
    })
    form.reset()
  }

  return (
    <section className="side-panel" aria-labelledby="followup-title" data-testid="followup">
      <h2 id="followup-title">{t('followup.title')}</h2>
      <form onSubmit={submit} className="evaluation-form">
        <fieldset className="evaluation-score">
          <legend>{t('followup.status')}</legend>
          {STATUSES.map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="status"
                checked={status === value}
                onChange={() => setStatus(value)}
              />{' '}
              {t(`followup.${value}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('followup.comment')}
          <textarea name="comment" rows={3} maxLength={4000} />
        </label>
        <button type="submit" className="primary">
          {t('followup.add')}
        </button>
      </form>
    </section>
  )
}
