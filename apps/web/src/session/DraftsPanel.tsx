/**
 * Silent writing: while the facilitator has it on, each consultant writes alone,
 * in drafts only they can open (a private document beside the session). Everyone
 * sees how many drafts each has written, never what; at the reveal the server
 * publishes them all at once, each as its author's note in the step's zone.
 */
import {
  type Actor,
  type CodevMeta,
  privateDocumentName,
  type SessionState,
  shapeText,
  zoneOf,
} from '@codev/domain'
import { type FormEvent, useEffect, useState } from 'react'
import { createShapeId, type Editor, toRichText } from 'tldraw'
import { defaultNoteKind } from '../board/methodRules.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import { connectSession, type SessionConnection } from '../transport/connectSession.ts'

const NOTE_SIZE = 200
const GAP = 40

/** Draft counts by member, from the server's `draft-counts` messages. */
export function useDraftCounts(connection: SessionConnection): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({})
  useEffect(
    () =>
      connection.onServerMessage((message) => {
        if (message.type === 'draft-counts') setCounts(message.counts)
      }),
    [connection],
  )
  return counts
}

export function DraftsPanel({
  state,
  actor,
  token,
  editor,
  counts,
}: {
  state: SessionState
  actor: Actor
  token: string
  editor: Editor | null
  counts: Record<string, number>
}) {
  const { t } = useI18n()
  const nameOf = (id: string) => state.members.find((member) => member.id === id)?.name ?? id
  const others = Object.entries(counts).filter(([id, n]) => id !== actor.memberId && n > 0)
  const kind = defaultNoteKind(actor, state)
  return (
    <section className="side-panel" aria-labelledby="drafts-title" data-testid="drafts">
      <h2 id="drafts-title">{t('drafts.title')}</h2>
      <p>{t('drafts.explain')}</p>
      {kind && editor && (
        <DraftWriter state={state} actor={actor} token={token} editor={editor} kind={kind} />
      )}
      <p data-testid="draft-counts">
        {others.length === 0
          ? t('drafts.nobodyYet')
          : others.map(([id, n]) => `${nameOf(id)} : ${n}`).join(' · ')}
      </p>
    </section>
  )
}

function DraftWriter({
  state,
  actor,
  token,
  editor,
  kind,
}: {
  state: SessionState
  actor: Actor
  token: string
  editor: Editor
  kind: CodevMeta['kind']
}) {
  const { t } = useI18n()
  const [space, setSpace] = useState<SessionConnection | null>(null)
  const [mine, setMine] = useState<string[]>([])
  useEffect(() => {
    const next = connectSession(
      privateDocumentName(state.sessionId, 'drafts', actor.memberId),
      token,
    )
    const refresh = () =>
      setMine(
        [...next.records.values()].map((value) =>
          shapeText(value as { props: Record<string, unknown> }),
        ),
      )
    next.records.observe(refresh)
    setSpace(next)
    return () => {
      next.records.unobserve(refresh)
      next.destroy()
    }
  }, [state.sessionId, actor.memberId, token])

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const text = String(new FormData(form).get('draft') ?? '').trim()
    if (!space || text === '') return
    // Laid out in rows inside the step's zone, where it will appear at the reveal.
    const zone = zoneOf(state.phase)
    const index = space.records.size
    const columns = Math.max(1, Math.floor((zone.w - GAP) / (NOTE_SIZE + GAP)))
    const id = createShapeId()
    space.records.set(id, {
      id,
      typeName: 'shape',
      type: 'note',
      x: zone.x + GAP + (index % columns) * (NOTE_SIZE + GAP),
      y: zone.y + 120 + Math.floor(index / columns) * (NOTE_SIZE + GAP),
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      props: { ...editor.getShapeUtil('note').getDefaultProps(), richText: toRichText(text) },
      meta: { author: actor.memberId, role: actor.role, phase: state.phase, kind },
    })
    form.reset()
  }

  return (
    <form onSubmit={add} className="drafts-form">
      <label>
        {t('drafts.label')}
        <textarea name="draft" rows={3} maxLength={2000} />
      </label>
      <button type="submit" className="primary" disabled={!space}>
        {t('drafts.add')}
      </button>
      <ul data-testid="my-drafts">
        {mine.map((text, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: drafts are only added, in order
          <li key={i}>{text}</li>
        ))}
      </ul>
    </form>
  )
}
