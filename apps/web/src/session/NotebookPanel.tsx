/**
 * My notebook: personal notes, at any step (notably while listening to the
 * exposé). They live in a private document beside the session that the server
 * opens for its owner alone (`<sessionId>/notebook/<memberId>`,
 * docs/decisions/0006): never sent to another browser, never in the report.
 */
import { type Actor, privateDocumentName, type SessionState, shapeText } from '@codev/domain'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { createShapeId, toRichText } from 'tldraw'
import { useI18n } from '../i18n/useI18n.tsx'
import { connectSession, type SessionConnection } from '../transport/connectSession.ts'

interface Entry {
  id: string
  text: string
  order: number
}

export function NotebookPanel({
  state,
  actor,
  token,
}: {
  state: SessionState
  actor: Actor
  token: string
}) {
  const { t } = useI18n()
  const titleId = useId()
  const [space, setSpace] = useState<SessionConnection | null>(null)
  const [entries, setEntries] = useState<Entry[]>([])
  useEffect(() => {
    const next = connectSession(
      privateDocumentName(state.sessionId, 'notebook', actor.memberId),
      token,
    )
    const refresh = () =>
      setEntries(
        [...next.records.values()]
          .map((value) => {
            const shape = value as { id: string; y: number; props: Record<string, unknown> }
            return { id: shape.id, text: shapeText(shape), order: shape.y }
          })
          .sort((a, b) => a.order - b.order),
      )
    next.records.observe(refresh)
    refresh()
    setSpace(next)
    return () => {
      next.records.unobserve(refresh)
      next.destroy()
    }
  }, [state.sessionId, actor.memberId, token])
  const writable = state.status === 'open' && space !== null

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const text = String(new FormData(form).get('text') ?? '').trim()
    if (!space || text === '') return
    const id = createShapeId()
    // A note shape like the board's (the server checks its schema and author), kept in order by y.
    const order = Math.max(0, ...entries.map((entry) => entry.order + 1))
    space.records.set(id, {
      id,
      typeName: 'shape',
      type: 'note',
      x: 0,
      y: order,
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      props: { richText: toRichText(text) },
      meta: { author: actor.memberId, role: actor.role, phase: state.phase, kind: 'note' },
    })
    form.reset()
  }

  return (
    <details className="side-panel notebook" data-testid="notebook" open={state.phase === 'expose'}>
      <summary id={titleId}>
        {t('notebook.title')} ({entries.length})
      </summary>
      <p className="notebook-help">{t('notebook.private')}</p>
      <ul className="notebook-entries" data-testid="notebook-entries" aria-labelledby={titleId}>
        {entries.length === 0 && <li>{t('notebook.empty')}</li>}
        {entries.map((entry) => (
          <li key={entry.id}>
            <span>{entry.text}</span>{' '}
            {writable && (
              <button
                type="button"
                className="link-button"
                aria-label={`${t('notebook.delete')} — ${entry.text}`}
                onClick={() => space.records.delete(entry.id)}
              >
                {t('notebook.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {writable && (
        <form onSubmit={add} className="evaluation-form">
          <label>
            {t('notebook.label')}
            <textarea name="text" rows={3} maxLength={4000} required />
          </label>
          <button type="submit">{t('notebook.add')}</button>
        </form>
      )}
    </details>
  )
}
