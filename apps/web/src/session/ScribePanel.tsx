/**
 * The facilitator as scribe: writes a note on behalf of a member who has a voice
 * in the step (the client's key points during the exposé, say). The kinds offered
 * are those the member would write as themselves and the facilitator may scribe
 * (the permission matrix's `scribe` scope); the server judges it again. The note
 * then shows who said it and who wrote it (NoteAttributions).
 */
import type { Actor, MemberId, NoteKind, SessionState } from '@codev/domain'
import { type FormEvent, useId, useState } from 'react'
import type { Editor } from 'tldraw'
import { scribeKinds } from '../board/methodRules.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import { freeSpotInZone, putNote } from './NotePanels.tsx'

export function ScribePanel({
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
  const voices = state.members.filter(
    (member) => scribeKinds(state, member.id as MemberId).length > 0,
  )
  const [chosen, setChosen] = useState<string>('')
  const open = state.status === 'open' && actor.role === 'facilitator' && voices.length > 0
  if (!open) return null
  // The client first: during the exposé the scribe writes their key points.
  const sorted = [...voices].sort(
    (a, b) => Number(b.id === state.clientId) - Number(a.id === state.clientId),
  )
  const forId = (sorted.find((member) => member.id === chosen) ?? sorted[0]!).id as MemberId
  const kinds = scribeKinds(state, forId)

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const data = new FormData(form)
    const text = String(data.get('text') ?? '').trim()
    const kind = String(data.get('kind') ?? kinds[0]) as NoteKind
    if (text === '' || !kinds.includes(kind)) return
    putNote(editor, freeSpotInZone(editor, state), text, { kind, onBehalfOf: forId })
    const textarea = form.elements.namedItem('text') as HTMLTextAreaElement | null
    if (textarea) textarea.value = ''
  }

  return (
    <details className="side-panel" data-testid="scribe" open={state.phase === 'expose'}>
      <summary id={titleId}>{t('scribe.title')}</summary>
      <form onSubmit={submit} className="evaluation-form" aria-labelledby={titleId}>
        <label>
          {t('scribe.for')}
          <select name="for" value={forId} onChange={(event) => setChosen(event.target.value)}>
            {sorted.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name ?? member.id}
              </option>
            ))}
          </select>
        </label>
        {kinds.length > 1 && (
          <label>
            {t('scribe.kind')}
            <select name="kind">
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('scribe.text')}
          <textarea name="text" rows={3} maxLength={4000} required />
        </label>
        <button type="submit" className="primary">
          {t('scribe.add')}
        </button>
      </form>
    </details>
  )
}
