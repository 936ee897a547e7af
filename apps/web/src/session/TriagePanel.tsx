/**
 * The client's triage, not a vote: during the consultation and the synthesis, the
 * client sorts the selected contribution — je retiens / peut-être / pas maintenant
 * — stars it or asks to make it precise. Only the client is offered this (the
 * server refuses flags from anyone else).
 */
import { type Actor, authorize, type SessionState } from '@codev/domain'
import type { Editor, TLShape } from 'tldraw'
import { useValue } from 'tldraw'
import { useI18n } from '../i18n/useI18n.tsx'

type Flags = { starred?: boolean; toClarify?: boolean; keep?: 'yes' | 'maybe' | 'not-now' }
const KEEPS = ['yes', 'maybe', 'not-now'] as const

export function TriagePanel({
  editor,
  state,
  actor,
}: {
  editor: Editor
  state: SessionState
  actor: Actor
}) {
  const { t } = useI18n()
  const selected = useValue('selected note', () => editor.getOnlySelectedShape(), [editor])
  const canFlag = (shape: TLShape, flags: Flags) =>
    authorize(
      actor,
      { op: 'update', id: shape.id, before: shape, after: withFlags(shape, flags) },
      state,
    ).ok
  const current = (selected?.meta as { flags?: Flags } | undefined)?.flags ?? {}
  if (!selected || !canFlag(selected, { ...current, starred: !current.starred })) return null

  const set = (flags: Flags) => editor.updateShape(withFlags(selected, flags))
  return (
    <section className="side-panel" aria-labelledby="triage-title" data-testid="triage">
      <h2 id="triage-title">{t('triage.title')}</h2>
      <div className="triage-buttons">
        {KEEPS.map((keep) => (
          <button
            key={keep}
            type="button"
            aria-pressed={current.keep === keep}
            onClick={() => set({ ...current, keep: current.keep === keep ? undefined : keep })}
          >
            {t(`triage.keep.${keep}`)}
          </button>
        ))}
      </div>
      <div className="triage-buttons">
        <button
          type="button"
          aria-pressed={Boolean(current.starred)}
          onClick={() => set({ ...current, starred: !current.starred })}
        >
          ★ {t('triage.starred')}
        </button>
        <button
          type="button"
          aria-pressed={Boolean(current.toClarify)}
          onClick={() => set({ ...current, toClarify: !current.toClarify })}
        >
          {t('triage.toClarify')}
        </button>
      </div>
    </section>
  )
}

function withFlags(shape: TLShape, flags: Flags): TLShape {
  // Undefined entries are dropped: the record stays plain JSON.
  const clean = JSON.parse(JSON.stringify(flags)) as Flags
  return { ...shape, meta: { ...shape.meta, flags: clean } }
}
